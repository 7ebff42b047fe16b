package org.rios.fileinfo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.gdal.GdalRuntime;
import org.rios.calcstats.LegacyStats;
import org.rios.calcstats.StatisticsWriter;

/**
 * RIOS testratstats: a 100 x 1 Byte thematic HFA image (pixel 1 in rows 0 and 10..49, pixel r in rows 1..9,
 * null 0 in rows 50..99), legacy calcStats with null 0, RAT column Value = row² (row 0 = 500). The weighted
 * column statistics must equal a direct computation over the non-null pixels.
 */
class RatStatsTest {
  @TempDir File tmp;

  static int pixel(int row) {
    if (row == 0 || (row >= 10 && row < 50)) {
      return 1;
    }
    return row < 10 ? row : 0;
  }

  static double value(int ratRow) {
    return ratRow == 0 ? 500 : (double) ratRow * ratRow;
  }

  /** Makes the test image with driver {@code driver}; the Value column is written through the GDAL API. */
  private String makeImage(String name, String driver, boolean thematic) {
    GdalRuntime.ensureLoaded();
    String f = new File(tmp, name).getPath();
    Dataset ds = gdal.GetDriverByName(driver).Create(f, 1, 100, 1, gdalconstConstants.GDT_Byte);
    byte[] data = new byte[100];
    for (int r = 0; r < 100; r++) {
      data[r] = (byte) pixel(r);
    }
    Band band = ds.GetRasterBand(1);
    band.WriteRaster(0, 0, 1, 100, data);
    if (thematic) {
      band.SetMetadataItem("LAYER_TYPE", "thematic");
    }
    LegacyStats.calcStats(ds, null, 0.0);
    ds.delete(); // HFA turns the histogram metadata into its RAT when closing; the column goes in afterwards
    ds = gdal.Open(f, gdalconstConstants.GA_Update);
    band = ds.GetRasterBand(1);
    RasterAttributeTable rat = band.GetDefaultRAT();
    boolean own = rat != null;
    if (rat == null) {
      rat = new RasterAttributeTable();
    }
    int col = rat.GetColumnCount();
    rat.CreateColumn("Value", gdalconstConstants.GFT_Real, gdalconstConstants.GFU_Generic);
    rat.CreateColumn("Label", gdalconstConstants.GFT_String, gdalconstConstants.GFU_Generic);
    rat.SetRowCount(256); // a Byte band's table has a row per possible value, as RIOS writes it
    for (int r = 0; r < 256; r++) {
      rat.SetValueAsDouble(r, col, value(r));
      rat.SetValueAsString(r, col + 1, "class " + r);
    }
    if (!own || rat.ChangesAreWrittenToFile() == 0) {
      StatisticsWriter.setDefaultRat(band, rat);
    }
    if (!own) {
      rat.delete();
    }
    ds.delete();
    return f;
  }

  /** {count, sum, mean, stddev, min, max} of Value over the non-null pixels, computed pixel by pixel. */
  private static double[] direct() {
    double n = 0;
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int r = 0; r < 100; r++) {
      if (pixel(r) != 0) {
        double v = value(pixel(r));
        n++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    double mean = sum / n;
    double ss = 0;
    for (int r = 0; r < 100; r++) {
      if (pixel(r) != 0) {
        double d = value(pixel(r)) - mean;
        ss += d * d;
      }
    }
    return new double[] {n, sum, mean, Math.sqrt(ss / n), min, max};
  }

  private static void assertMatchesDirect(ColumnStats s) {
    double[] d = direct();
    assertThat(s.count(), closeTo(d[0], 1e-6));
    assertThat(s.sum(), closeTo(d[1], 1e-6));
    assertThat(s.mean(), closeTo(d[2], 1e-6));
    assertThat(s.stddev(), closeTo(d[3], 1e-6));
    assertThat(s.min(), closeTo(d[4], 1e-6));
    assertThat(s.max(), closeTo(d[5], 1e-6));
    assertThat(s.median(), is(nullValue()));
    assertThat(s.mode(), is(nullValue()));
  }

  @Test
  void histogramWeightedStatsEqualDirectComputation() {
    String f = makeImage("ratstats.img", "HFA", true);
    RatStats rs = new RatStats(f, List.of("Value"));
    assertMatchesDirect(rs.get("Value"));
    assertThat(rs.columns().keySet(), is(java.util.Set.of("Value")));
    // the null row's histogram count is 0, so including it changes nothing
    assertMatchesDirect(new RatStats(f, List.of("Value"), 1, true, true).get("Value"));
  }

  @Test
  void allColumnsSkipStrings() {
    RatStats rs = new RatStats(makeImage("all.img", "HFA", true));
    assertThat(rs.columns().containsKey("Value"), is(true));
    assertThat(rs.columns().containsKey("Histogram"), is(true));
    assertThat(rs.columns().containsKey("Label"), is(false));
    assertThrows(AttributeTableColumnException.class, () -> rs.get("Label"));
    assertThat(rs.toString(), containsString("Value: count=50, sum="));
  }

  @Test
  void unweightedStatsUseEveryRowExceptTheNullRow() {
    String f = makeImage("unw.img", "HFA", true);
    ColumnStats s = new RatStats(f, List.of("Value"), 1, false, false).get("Value");
    double sum = 0;
    double ssq = 0;
    for (int r = 1; r < 256; r++) {
      sum += value(r);
      ssq += value(r) * value(r);
    }
    assertThat(s.count(), is(255.0));
    assertThat(s.sum(), closeTo(sum, 1e-6));
    assertThat(s.mean(), closeTo(sum / 255, 1e-6));
    assertThat(s.stddev(), closeTo(Math.sqrt(ssq / 255 - (sum / 255) * (sum / 255)), 1e-6));
    assertThat(s.min(), is(1.0));
    assertThat(s.max(), is(255.0 * 255));
    ColumnStats withNull = new RatStats(f, List.of("Value"), 1, true, false).get("Value");
    assertThat(withNull.count(), is(256.0));
    assertThat(withNull.sum(), closeTo(sum + 500, 1e-6));
  }

  @Test
  void metadataHistogramWeightsAGtiffRat() {
    // GTiff keeps an athematic band's histogram in STATISTICS_HISTOBINVALUES, not in the RAT
    String f = makeImage("ratstats.tif", "GTiff", false);
    assertMatchesDirect(new RatStats(f, List.of("Value")).get("Value"));
  }

  @Test
  void missingColumnOrBandIsAnError() {
    String f = makeImage("err.img", "HFA", true);
    AttributeTableColumnException e = assertThrows(AttributeTableColumnException.class,
        () -> new RatStats(f, List.of("Nope")));
    assertThat(e.getMessage(), containsString("Nope"));
    assertThrows(GdalLayerNumberException.class, () -> new RatStats(f, List.of("Value"), 2, false, true));
    Dataset ds = gdal.Open(f);
    ColumnStats label = new ColumnStats(ds.GetRasterBand(1), "Label", false, true);
    ds.delete();
    assertThat(label.isEmpty(), is(true));
    assertThat(label.mean(), is(nullValue()));
  }
  /** ColumnStats' own errors name the band's file (they said "band 1" only; RatStats added the name). */
  @Test
  void columnStatsErrorsNameTheFile() {
    GdalRuntime.ensureLoaded();
    String f = new File(tmp, "classes.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(f, 5, 3, 1, gdalconstConstants.GDT_Byte);
    ds.delete();
    org.rios.rat.Rat.writeColumn(f, "Value", new double[] {1, 2, 3});
    Dataset in = gdal.Open(f);
    try {
      AttributeTableColumnException missing = assertThrows(AttributeTableColumnException.class,
          () -> new ColumnStats(in.GetRasterBand(1), "nope", false, false));
      assertThat(missing.getMessage(), containsString(f + " band 1"));
      AttributeTableColumnException noHisto = assertThrows(AttributeTableColumnException.class,
          () -> new ColumnStats(in.GetRasterBand(1), "Value", false, true));
      assertThat(noHisto.getMessage(), containsString(f + " band 1"));
    } finally {
      in.delete();
    }
  }
}
