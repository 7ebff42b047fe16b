package org.rios.beam;

import java.io.Serializable;

/** One band's basic statistics as written into the output's metadata (GDAL's STATISTICS_* items). */
public record BandStats(double min, double max, double mean, double stddev) implements Serializable {
  /** A band without statistics: it has no valid pixel (all its values are the ignore value). */
  public static final BandStats NONE = new BandStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** False for {@link #NONE}: the band had no valid pixel, so no statistics were written. */
  public boolean hasValues() {
    return !Double.isNaN(min);
  }
}
