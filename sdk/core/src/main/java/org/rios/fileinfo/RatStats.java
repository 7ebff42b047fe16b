package org.rios.fileinfo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.RasterFileInfo;

/**
 * {@link ColumnStats} of several columns of one band's raster attribute table, by column name.
 * RIOS's {@code fileinfo.RatStats}.
 *
 * <pre>{@code
 * RatStats rs = new RatStats("classes.kea", List.of("Value"));   // band 1, null row excluded, weighted
 * rs.get("Value").mean();
 * }</pre>
 */
public final class RatStats {
  private final String filename;
  private final Map<String, ColumnStats> columns;

  /** All non-string columns of band 1, null row excluded, histogram-weighted. */
  public RatStats(String filename) {
    this(filename, null, 1, false, true);
  }

  /** The given columns of band 1, null row excluded, histogram-weighted. */
  public RatStats(String filename, List<String> columnList) {
    this(filename, columnList, 1, false, true);
  }

  /**
   * Statistics of the columns {@code columnList} (null = every column) of band {@code layerNum} (1-based).
   * String columns are skipped.
   *
   * @throws org.rios.errors.FileOpenException if the file cannot be opened
   * @throws GdalLayerNumberException if there is no band {@code layerNum}
   * @throws AttributeTableColumnException if the band has no RAT or a listed column does not exist
   */
  public RatStats(String filename, List<String> columnList, int layerNum, boolean includeImageNull,
      boolean histogramWeighted) {
    GdalRuntime.ensureLoaded();
    this.filename = filename;
    Dataset ds = RasterFileInfo.openRaster(filename);
    try {
      if (layerNum < 1 || layerNum > ds.getRasterCount()) {
        throw new GdalLayerNumberException("Layer number " + layerNum + " is out of range for " + filename
            + ", which has " + ds.getRasterCount() + " band(s)");
      }
      Band band = ds.GetRasterBand(layerNum);
      RasterAttributeTable rat = band.GetDefaultRAT();
      if (rat == null) {
        throw new AttributeTableColumnException("Band " + layerNum + " of " + filename
            + " has no raster attribute table");
      }
      List<String> names = columnList != null ? columnList : ColumnStats.columnNames(rat);
      Map<String, ColumnStats> m = new LinkedHashMap<>();
      for (String name : names) {
        int c = ColumnStats.findColumn(rat, name);
        if (c >= 0 && rat.GetTypeOfCol(c) == gdalconstConstants.GFT_String) {
          continue;
        }
        try {
          m.put(name, new ColumnStats(band, name, includeImageNull, histogramWeighted));
        } catch (AttributeTableColumnException e) {
          if (e.getMessage() != null && e.getMessage().contains(filename)) {
            throw e;
          }
          throw new AttributeTableColumnException(filename + ": " + e.getMessage(), e);
        }
      }
      columns = Collections.unmodifiableMap(m);
    } finally {
      ds.delete();
    }
  }

  public String filename() {
    return filename;
  }

  /**
   * The statistics of column {@code name}.
   *
   * @throws AttributeTableColumnException if it was not computed (not asked for, a string column, or absent)
   */
  public ColumnStats get(String name) {
    ColumnStats s = columns.get(name);
    if (s == null) {
      throw new AttributeTableColumnException("No statistics for column '" + name + "' of " + filename
          + "; have " + columns.keySet());
    }
    return s;
  }

  /** Column name → statistics, in table order (or the order asked for). */
  public Map<String, ColumnStats> columns() {
    return columns;
  }

  /** One line per column. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (ColumnStats s : columns.values()) {
      b.append(s).append(System.lineSeparator());
    }
    return b.toString();
  }
}
