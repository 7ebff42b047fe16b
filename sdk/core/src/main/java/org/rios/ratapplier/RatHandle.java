package org.rios.ratapplier;

import java.util.Objects;
import org.rios.errors.ParameterException;

/**
 * The raster attribute table of one band ("layer") of a GDAL raster file. Equality is identity, as in RIOS:
 * two handles on the same file and layer are still two handles (they do share one open table during a run).
 *
 * <pre>{@code
 * RatAssociations in = new RatAssociations().put("classes", new RatHandle("classes.img"));
 * RatAssociations out = new RatAssociations().put("stats", new RatHandle("multi.kea", 2));
 * }</pre>
 */
public final class RatHandle {
  private final String filename;
  private final int layerNum;

  /** The RAT of band 1 of {@code filename}. */
  public RatHandle(String filename) {
    this(filename, 1);
  }

  /**
   * The RAT of band {@code layerNum} (1-based) of {@code filename}. The band itself is checked when the
   * applier opens the file ({@code GdalLayerNumberException}).
   */
  public RatHandle(String filename, int layerNum) {
    this.filename = Objects.requireNonNull(filename, "filename");
    if (layerNum < 1) {
      throw new ParameterException("RatHandle layer number must be 1 or more (got " + layerNum + ") for "
          + filename);
    }
    this.layerNum = layerNum;
  }

  public String getFilename() {
    return filename;
  }

  public int getLayerNum() {
    return layerNum;
  }

  @Override
  public String toString() {
    return filename + " layer " + layerNum;
  }
}
