package org.rios.calcstats;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.rios.applier.RiosDefaults;
import org.rios.array.DataType;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.Progress;

/**
 * RIOS's older public helpers for adding pyramids, statistics and histograms to an existing, open,
 * writable dataset (what {@code rios-calcstats} runs). They always work through GDAL after the fact, never
 * single-pass, and write the same metadata keys and RAT columns as the applier does.
 *
 * <pre>{@code
 * Dataset ds = gdal.Open("classes.img", gdalconst.GA_Update);
 * LegacyStats.calcStats(ds, new TerminalProgressBar(), 0.0);   // NoData 0, pyramids, stats, histogram
 * ds.delete();
 * }</pre>
 *
 * <p>Difference from RIOS: with no ignore value and a file without NoData, RIOS's {@code calcStats} hands
 * None to GDAL and fails. Here a null ignore value leaves the bands' NoData as they are, and statistics then
 * cover every pixel.
 */
public final class LegacyStats {
  private LegacyStats() {}

  /** Sets {@code value} as NoData on every band; a null value changes nothing. */
  public static void setNullValue(Dataset ds, Double value) {
    if (value == null) {
      return;
    }
    for (int b = 1; b <= ds.getRasterCount(); b++) {
      ds.GetRasterBand(b).SetNoDataValue(value);
    }
  }

  /**
   * Builds GDAL overviews on every band: the leading entries of {@code levels} whose overview would still be
   * larger than {@code minOverviewDim} pixels on the shorter side (none for small images).
   *
   * @param progress may be null
   * @param levels null = the default levels ({@code RIOS_DFLT_OVERVIEWLEVELS} or 4, 8, ..., 512)
   * @param aggregationType null = chosen by band 1's LAYER_TYPE as RIOS does ({@link PyramidBuilder#gdalAggregation}:
   *     AVERAGE for athematic, NEAREST for thematic, else {@code RIOS_DFLT_OVERVIEWAGGTYPE} or NEAREST)
   * @return the levels built
   */
  public static List<Integer> addPyramid(Dataset ds, Progress progress, int minOverviewDim, List<Integer> levels,
      String aggregationType) {
    GdalRuntime.ensureLoaded();
    List<Integer> lv = levels != null ? levels : RiosDefaults.get().overviewLevels();
    List<Integer> used = OverviewLevels.select(lv, ds.getRasterYSize(), ds.getRasterXSize(), minOverviewDim);
    if (!used.isEmpty()) {
      String agg = PyramidBuilder.gdalAggregation(aggregationType, RiosDefaults.get().overviewAggType(),
          ds.GetRasterBand(1).GetMetadataItem("LAYER_TYPE"));
      PyramidBuilder.buildOverviews(ds, used, agg, progress);
    }
    return used;
  }

  /** {@link #addPyramid(Dataset, Progress, int, List, String)} with the default levels, minimum and aggregation. */
  public static List<Integer> addPyramid(Dataset ds, Progress progress) {
    return addPyramid(ds, progress, RiosDefaults.get().overviewMinDim(), null, null);
  }

  /**
   * GDAL's statistics of every band, written as RIOS writes them (STATISTICS_MINIMUM/MAXIMUM/MEAN/STDDEV,
   * EXCLUDEDVALUES, SKIPFACTORX/Y or APPROXIMATE). Bands without a valid pixel get no statistics: any
   * STATISTICS_* items left from an earlier run are removed from them (GDAL's own STATISTICS_VALID_PERCENT
   * stays) and the counts of a RAT histogram column are set to 0, so a re-run with a new null value leaves no
   * stale numbers behind; except in an HFA (.img) file, which keeps statistics inside itself where GDAL
   * cannot remove them: a warning on stderr says so.
   *
   * @return per band (index 0 = band 1) {min, max}, or null for a band without valid pixels
   */
  public static List<double[]> addBasicStatsGDAL(Dataset ds, boolean approx) {
    GdalRuntime.ensureLoaded();
    List<double[]> minMax = new ArrayList<>(ds.getRasterCount());
    for (int b = 1; b <= ds.getRasterCount(); b++) {
      Band band = ds.GetRasterBand(b);
      BandStatistics s = GdalStatistics.computeStatistics(band, approx);
      if (s == null) {
        clearStatistics(band);
        minMax.add(null);
      } else {
        StatisticsWriter.writeBasicStats(band, s, approx);
        minMax.add(new double[] {s.min(), s.max()});
      }
    }
    return Collections.unmodifiableList(minMax);
  }

  /**
   * GDAL's histogram of every band, with RIOS's binning (direct for thematic and integer bands of small
   * range, else 256 linear bins), written to metadata or to the RAT's PixelCount column like the applier
   * does, plus STATISTICS_MEDIAN and STATISTICS_MODE. A band is thematic when its LAYER_TYPE says so.
   * Bands whose entry is null or not finite (no valid pixels) are skipped.
   *
   * @param minMax per band {min, max}, as returned by {@link #addBasicStatsGDAL(Dataset, boolean)}
   * @throws ParameterException if {@code minMax} does not have one entry per band
   * @throws org.rios.errors.ThematicException for a thematic band with negative values
   */
  public static void addHistogramsGDAL(Dataset ds, List<double[]> minMax, boolean approx) {
    GdalRuntime.ensureLoaded();
    if (minMax == null || minMax.size() != ds.getRasterCount()) {
      throw new ParameterException("addHistogramsGDAL needs one {min, max} per band ("
          + ds.getRasterCount() + "), got " + (minMax == null ? "null" : minMax.size()));
    }
    for (int b = 1; b <= ds.getRasterCount(); b++) {
      double[] mm = minMax.get(b - 1);
      if (mm == null || mm.length < 2 || !Double.isFinite(mm[0]) || !Double.isFinite(mm[1])) {
        continue;
      }
      Band band = ds.GetRasterBand(b);
      DataType type = GdalRuntime.dataTypeOf(band.getDataType(), "band " + b + " of " + ds.GetDescription());
      boolean thematic = "thematic".equalsIgnoreCase(band.GetMetadataItem("LAYER_TYPE"));
      HistogramParams p = HistogramParams.of(type, thematic, new BigDecimal(mm[0]), new BigDecimal(mm[1]));
      // An existing file may carry a histogram GDAL computed earlier (in its .aux.xml, or HFA's own), which
      // GetHistogram returns for the same bins without reading the pixels, however they changed since: so
      // count the pixels here wherever this counts as GDAL's own loop does
      boolean countHere = !approx && HistogramReadBack.binsAsGdalsLoop(ds, type);
      long[] counts = HistogramReadBack.countsToWrite(ds, b, type, p, approx, countHere);
      if (counts != null) {
        StatisticsWriter.writeHistogram(ds, band, counts, p, type, thematic);
      }
    }
  }

  private static void clearStatistics(Band band) {
    clearRatHistogram(band);
    Hashtable<?, ?> md = band.GetMetadata_Dict("");
    if (md == null) {
      return;
    }
    Hashtable<Object, Object> keep = new Hashtable<>();
    boolean removed = false;
    for (Map.Entry<?, ?> e : md.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith("STATISTICS_") && !"STATISTICS_VALID_PERCENT".equals(key)) {
        removed = true;
      } else {
        keep.put(e.getKey(), e.getValue());
      }
    }
    if (removed) {
      // HFA keeps statistics in the file, where this does not remove them: they are back once it is
      // reopened, which is when rios-calcstats warns
      band.SetMetadata(keep, "");
    }
  }

  /** A RAT's pixel counts (column of usage PixelCount) set to 0: a band with no valid pixels counts none. */
  private static void clearRatHistogram(Band band) {
    org.gdal.gdal.RasterAttributeTable rat = band.GetDefaultRAT();
    if (rat == null) {
      return;
    }
    int col = rat.GetColOfUsage(org.gdal.gdalconst.gdalconstConstants.GFU_PixelCount);
    if (col < 0) {
      return;
    }
    for (int r = 0; r < rat.GetRowCount(); r++) {
      rat.SetValueAsDouble(r, col, 0);
    }
    if (rat.ChangesAreWrittenToFile() == 0) {
      StatisticsWriter.setDefaultRat(band, rat);
    }
  }

  /** Sets {@code ignore} as NoData on every band (if not null), then basic statistics and histograms. */
  public static void addStatistics(Dataset ds, Progress progress, Double ignore, boolean approx) {
    setNullValue(ds, ignore);
    if (progress != null) {
      progress.setLabelText("Computing Statistics...");
    }
    addHistogramsGDAL(ds, addBasicStatsGDAL(ds, approx), approx);
  }

  /**
   * Everything RIOS's {@code calcStats} does: NoData {@code ignore} on every band (if not null), GDAL
   * overviews, basic statistics, histograms with median and mode.
   *
   * @param progress may be null
   * @param ignore null leaves NoData as it is
   * @param levels null = default levels; {@code aggregationType} null = default aggregation
   */
  public static void calcStats(Dataset ds, Progress progress, Double ignore, int minOverviewDim,
      List<Integer> levels, String aggregationType, boolean approx) {
    setNullValue(ds, ignore);
    addPyramid(ds, progress, minOverviewDim, levels, aggregationType);
    addStatistics(ds, progress, null, approx);
    ds.FlushCache();
  }

  /** {@link #calcStats(Dataset, Progress, Double, int, List, String, boolean)} with default overviews, exact. */
  public static void calcStats(Dataset ds, Progress progress, Double ignore, boolean approx) {
    calcStats(ds, progress, ignore, RiosDefaults.get().overviewMinDim(), null, null, approx);
  }

  /** {@link #calcStats(Dataset, Progress, Double, boolean)} with exact statistics. */
  public static void calcStats(Dataset ds, Progress progress, Double ignore) {
    calcStats(ds, progress, ignore, false);
  }

  /** {@link #calcStats(Dataset, Progress, Double)} without progress, keeping the bands' NoData. */
  public static void calcStats(Dataset ds) {
    calcStats(ds, null, null, false);
  }
}
