package org.rios.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;

/**
 * Compares two rasters the way a user would call them "the same output": size, bands, type, grid, projection,
 * null values, every pixel bit for bit, every STATISTICS_* metadata item and the band's layer type, and the
 * same overviews with the same pixels.
 */
final class RasterCompare {
  private RasterCompare() {}

  /** Differences between {@code expected} and {@code actual}; empty when identical. */
  static List<String> differences(String expected, String actual) {
    List<String> diffs = new ArrayList<>();
    Dataset e = gdal.Open(expected, gdalconstConstants.GA_ReadOnly);
    Dataset a = gdal.Open(actual, gdalconstConstants.GA_ReadOnly);
    try {
      check(diffs, "size", e.getRasterXSize() + "x" + e.getRasterYSize(),
          a.getRasterXSize() + "x" + a.getRasterYSize());
      check(diffs, "band count", e.getRasterCount(), a.getRasterCount());
      check(diffs, "geotransform", Arrays.toString(e.GetGeoTransform()), Arrays.toString(a.GetGeoTransform()));
      check(diffs, "projection", e.GetProjection(), a.GetProjection());
      if (!diffs.isEmpty()) {
        return diffs;
      }
      for (int b = 1; b <= e.getRasterCount(); b++) {
        Band eb = e.GetRasterBand(b);
        Band ab = a.GetRasterBand(b);
        String p = "band " + b + " ";
        check(diffs, p + "type", gdal.GetDataTypeName(eb.getDataType()), gdal.GetDataTypeName(ab.getDataType()));
        Double[] en = new Double[1];
        Double[] an = new Double[1];
        eb.GetNoDataValue(en);
        ab.GetNoDataValue(an);
        check(diffs, p + "nodata", en[0], an[0]);
        check(diffs, p + "statistics", statistics(eb), statistics(ab));
        if (!Arrays.equals(pixels(eb), pixels(ab))) {
          diffs.add(p + "pixels differ");
        }
        check(diffs, p + "overview count", eb.GetOverviewCount(), ab.GetOverviewCount());
        for (int o = 0; o < Math.min(eb.GetOverviewCount(), ab.GetOverviewCount()); o++) {
          if (!Arrays.equals(pixels(eb.GetOverview(o)), pixels(ab.GetOverview(o)))) {
            diffs.add(p + "overview " + o + " pixels differ");
          }
        }
      }
    } finally {
      e.delete();
      a.delete();
    }
    return diffs;
  }

  /** STATISTICS_* items and LAYER_TYPE of a band. */
  static Map<String, String> statistics(Band band) {
    Map<String, String> out = new TreeMap<>();
    @SuppressWarnings("unchecked")
    Hashtable<String, String> md = band.GetMetadata_Dict("");
    md.forEach((k, v) -> {
      if (k.startsWith("STATISTICS_") || k.equals("LAYER_TYPE")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** STATISTICS_* items of band {@code b} of a file. */
  static Map<String, String> statistics(String path, int b) {
    Dataset ds = gdal.Open(path, gdalconstConstants.GA_ReadOnly);
    try {
      return statistics(ds.GetRasterBand(b));
    } finally {
      ds.delete();
    }
  }

  private static byte[] pixels(Band band) {
    int x = band.getXSize();
    int y = band.getYSize();
    int type = band.getDataType();
    byte[] buf = new byte[x * y * (gdal.GetDataTypeSize(type) / 8)];
    band.ReadRaster(0, 0, x, y, x, y, type, buf);
    return buf;
  }

  private static void check(List<String> diffs, String what, Object e, Object a) {
    if (e == null ? a != null : !e.equals(a)) {
      diffs.add(what + ": expected " + e + " but was " + a);
    }
  }
}
