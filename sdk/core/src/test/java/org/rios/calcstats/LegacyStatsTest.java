package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
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
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalRuntime;
import org.rios.fileinfo.ImageLayerStats;
import org.rios.testutil.TestRasters;

/** The legacy helpers on files made with GDAL, compared with direct computations. */
class LegacyStatsTest {
  @TempDir File tmp;

  private static Dataset update(String f) {
    return gdal.Open(f, gdalconstConstants.GA_Update);
  }

  /** {@code a} written to a new GTiff {@code name}, given {@code calcStats()}, and opened again read-only. */
  private Dataset withCalcStats(String name, RasterArray a) {
    String f = TestRasters.write(new File(tmp, name), "GTiff", a, 0, 0, 10, TestRasters.wkt(28355), null);
    Dataset ds = update(f);
    LegacyStats.calcStats(ds);
    ds.delete();
    return gdal.Open(f);
  }

  @Test
  void fileWithoutNoDataAndWithoutIgnoreGetsStatsOverAllPixels() {
    GdalRuntime.ensureLoaded();
    RasterArray a = RasterArray.create(DataType.FLOAT32, 1, 600, 700);
    double sum = 0;
    double ssq = 0;
    for (int r = 0; r < 600; r++) {
      for (int c = 0; c < 700; c++) {
        float v = (float) (Math.sin(r / 30.0) * 100 + c * 0.25);
        a.setDouble(0, r, c, v);
        sum += v;
        ssq += (double) v * v;
      }
    }
    Dataset ds = withCalcStats("float.tif", a);
    Band band = ds.GetRasterBand(1);
    ImageLayerStats s = new ImageLayerStats(band);
    double n = 600 * 700;
    double mean = sum / n;
    assertThat(s.mean(), closeTo(mean, 1e-6));
    assertThat(s.stddev(), closeTo(Math.sqrt(ssq / n - mean * mean), 1e-6));
    assertThat(band.GetMetadataItem("STATISTICS_EXCLUDEDVALUES"), is(nullValue()));
    assertThat(s.histoNumBins(), is(256));
    assertThat(band.GetMetadataItem("STATISTICS_HISTOBINFUNCTION"), is("linear"));
    long total = 0;
    for (long c : s.histoCounts()) {
      total += c;
    }
    assertThat(total, is(600L * 700));
    assertThat(s.median() != null && s.mode() != null, is(true));
    assertThat(band.GetOverviewCount(), is(1)); // 600 / 4 > 128, 600 / 8 is not
    Double[] nd = new Double[1];
    band.GetNoDataValue(nd);
    assertThat(nd[0], is(nullValue()));
    ds.delete();
  }

  @Test
  void aConstantBandBeyondTwoToThe53GetsStatisticsAndNoHistogram() {
    RasterArray a = RasterArray.create(DataType.FLOAT64, 1, 40, 50);
    a.fill(1e17); // RIOS's histogram range 1e17 .. 1e17 + 0.5 is empty in doubles, and GDAL refuses it
    Dataset ds = withCalcStats("const.tif", a);
    Band band = ds.GetRasterBand(1);
    assertThat(Double.parseDouble(band.GetMetadataItem("STATISTICS_MAXIMUM")), is(1e17));
    assertThat(Double.parseDouble(band.GetMetadataItem("STATISTICS_MEAN")), is(1e17));
    assertThat(band.GetMetadataItem("STATISTICS_HISTOBINVALUES"), is(nullValue()));
    ds.delete();
  }

  @Test
  void ignoreValueBecomesNoDataOnEveryBandAndIsExcluded() {
    RasterArray ramp = TestRasters.ramp(200, 300, false);
    RasterArray two = RasterArray.create(DataType.UINT8, 2, 200, 300);
    long[] counts = new long[101];
    double sum = 0;
    long n = 0;
    for (int r = 0; r < 200; r++) {
      for (int c = 0; c < 300; c++) {
        long v = ramp.getLong(0, r, c);
        two.setLong(0, r, c, v);
        two.setLong(1, r, c, v);
        if (v != 52) {
          counts[(int) v]++;
          sum += v;
          n++;
        }
      }
    }
    String f = TestRasters.write(new File(tmp, "ramp2.tif"), "GTiff", two, 0, 0, 10, TestRasters.wkt(28355), null);
    Dataset ds = update(f);
    LegacyStats.calcStats(ds, null, 52.0);
    ds.delete();
    ds = gdal.Open(f);
    for (int b = 1; b <= 2; b++) {
      Band band = ds.GetRasterBand(b);
      Double[] nd = new Double[1];
      band.GetNoDataValue(nd);
      assertThat(nd[0], is(52.0));
      assertThat(band.GetMetadataItem("STATISTICS_EXCLUDEDVALUES"), is("52.0"));
      ImageLayerStats s = new ImageLayerStats(band);
      assertThat(s.mean(), closeTo(sum / n, 1e-6));
      assertThat(s.histoCounts(), is(counts));
      assertThat(s.histoNumBins(), is(101));
    }
    assertThat(ds.GetRasterBand(1).GetOverviewCount(), is(0)); // 200 / 4 = 50 is not above 128
    ds.delete();
  }

  @Test
  void addPyramidWithExplicitLevelsAndMinimum() {
    String f = TestRasters.write(new File(tmp, "p.tif"), "GTiff", TestRasters.ramp(200, 300, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    Dataset ds = update(f);
    List<Integer> used = LegacyStats.addPyramid(ds, null, 30, List.of(2, 4, 8), "AVERAGE");
    ds.delete();
    assertThat(used, is(List.of(2, 4))); // 200 / 8 = 25 is not above 30
    ds = gdal.Open(f);
    assertThat(ds.GetRasterBand(1).GetOverviewCount(), is(2));
    assertThat(ds.GetRasterBand(1).GetOverview(0).getXSize(), is(150));
    ds.delete();
  }

  @Test
  void histogramNeedsOneMinMaxPerBand() {
    String f = TestRasters.write(new File(tmp, "h.tif"), "GTiff", TestRasters.ramp(20, 30, false), 0, 0, 10,
        TestRasters.wkt(28355), null);
    Dataset ds = update(f);
    try {
      assertThrows(ParameterException.class, () -> LegacyStats.addHistogramsGDAL(ds, List.of(), false));
      List<double[]> mm = LegacyStats.addBasicStatsGDAL(ds, false);
      assertThat(mm.size(), is(1));
      assertThat(mm.get(0)[0], is(0.0));
      assertThat(mm.get(0)[1], is(100.0));
    } finally {
      ds.delete();
    }
  }

  @Test
  void thematicGtiffWithRatGetsHistogramColumn() {
    GdalRuntime.ensureLoaded();
    RasterArray a = RasterArray.create(DataType.UINT8, 1, 50, 50);
    for (int i = 0; i < a.size(); i++) {
      a.setLongAt(i, i % 7);
    }
    String f = TestRasters.write(new File(tmp, "them.tif"), "GTiff", a, 0, 0, 10, TestRasters.wkt(28355), null);
    Dataset ds = update(f);
    Band band = ds.GetRasterBand(1);
    band.SetMetadataItem("LAYER_TYPE", "thematic");
    RasterAttributeTable rat = new RasterAttributeTable();
    rat.CreateColumn("Name", gdalconstConstants.GFT_String, gdalconstConstants.GFU_Name);
    rat.SetRowCount(7);
    band.SetDefaultRAT(rat);
    rat.delete();
    LegacyStats.calcStats(ds, null, 0.0);
    ds.delete();
    ds = gdal.Open(f);
    band = ds.GetRasterBand(1);
    RasterAttributeTable back = band.GetDefaultRAT();
    int col = back.GetColOfUsage(gdalconstConstants.GFU_PixelCount);
    assertThat(back.GetNameOfCol(col), is("Histogram"));
    assertThat(band.GetMetadataItem("STATISTICS_HISTOBINVALUES"), is(nullValue()));
    long expected = 0;
    for (int i = 0; i < a.size(); i++) {
      expected += i % 7 == 3 ? 1 : 0;
    }
    assertThat(new ImageLayerStats(band).histoCounts()[3], is(expected));
    assertThat(new ImageLayerStats(band).histoCounts()[0], is(0L));
    ds.delete();
  }

  @Test
  void rerunWithEverythingNullRemovesStaleStatistics() {
    RasterArray sevens = RasterArray.create(DataType.UINT8, 1, 30, 40);
    sevens.fill(7);
    String f = TestRasters.write(new File(tmp, "sevens.tif"), "GTiff", sevens, 0, 0, 10, TestRasters.wkt(28355),
        null);
    Dataset ds = update(f);
    LegacyStats.calcStats(ds, null, 0.0);
    assertThat(new ImageLayerStats(ds.GetRasterBand(1)).mean(), is(7.0));
    LegacyStats.calcStats(ds, null, 7.0);
    ds.delete();
    ds = gdal.Open(f);
    ImageLayerStats s = new ImageLayerStats(ds.GetRasterBand(1));
    ds.delete();
    assertThat(s.mean(), is(nullValue()));
    assertThat(s.median(), is(nullValue()));
    assertThat(s.histoCounts(), is(nullValue()));
  }
}
