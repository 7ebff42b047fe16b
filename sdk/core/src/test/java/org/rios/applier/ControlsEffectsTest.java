package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.colortable.AutoColorTable;
import org.rios.grid.PixelGrid;
import org.rios.testutil.TestRasters;

/**
 * What controls that RIOS applies to the files do, seen in the files an applier run writes or in the arrays it
 * reads (their validation is BadSettingsTest's): layer names, the automatic colour table, average overviews,
 * per-band input nulls, and the warp's use of an input's overviews.
 */
class ControlsEffectsTest {
  @TempDir File tmp;

  private String path(String name) {
    return new File(tmp, name).getPath();
  }

  /** A 1-band Byte image on the standard grid whose pixel (r, c) is {@code (7r + 13c) mod 251}. */
  private String pattern(String name, int n) {
    RasterArray a = RasterArray.create(DataType.UINT8, 1, n, n);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        a.setLong(0, r, c, patternAt(r, c));
      }
    }
    return TestRasters.write(new File(tmp, name), "GTiff", a, TestRasters.STD_XLEFT, TestRasters.STD_YTOP,
        TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null, "TILED=YES");
  }

  private static int patternAt(int r, int c) {
    return (7 * r + 13 * c) % 251;
  }

  @Test
  void layerNamesBecomeTheOutputsBandDescriptions() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = path("named.tif");
    Applier.apply((info, inputs, outputs) -> {
      RasterArray x = inputs.get("a");
      outputs.put("o", RasterArray.create(DataType.UINT8, 2, x.rows(), x.cols()));
    }, new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", out),
        AvgTest.quiet(tmp).setOutputDriverName("GTiff").setLayerNames(List.of("red", "nir")));
    Dataset d = gdal.Open(out);
    try {
      assertThat(d.GetRasterBand(1).GetDescription(), is("red"));
      assertThat(d.GetRasterBand(2).GetDescription(), is("nir"));
    } finally {
      d.delete();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rainbow", "gray"})
  void aThematicOutputGetsTheAutomaticColourTableOfItsClasses(String type) {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = path("classes.img");
    Applier.apply((info, inputs, outputs) -> {
      RasterArray x = inputs.get("a");
      RasterArray y = RasterArray.create(DataType.UINT8, 1, x.rows(), x.cols());
      for (int k = 0; k < y.size(); k++) {
        y.setLongAt(k, x.getLongAt(k) % 5);
      }
      outputs.put("o", y);
    }, new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", out),
        AvgTest.quiet(tmp).setThematic(true).setAutoColorTableType(type).setStatsIgnore(null));
    int[][] expected = AutoColorTable.genColorTable(5, type); // classes 0..4: the statistics' max + 1 rows
    Dataset d = gdal.Open(out);
    try {
      RasterAttributeTable rat = d.GetRasterBand(1).GetDefaultRAT();
      assertThat("a colour table", rat != null, is(true));
      int[] usages = {gdalconstConstants.GFU_Red, gdalconstConstants.GFU_Green, gdalconstConstants.GFU_Blue,
          gdalconstConstants.GFU_Alpha};
      for (int row = 0; row < expected.length; row++) {
        for (int k = 0; k < 4; k++) {
          int col = rat.GetColOfUsage(usages[k]);
          assertThat("column of usage " + usages[k], col >= 0, is(true));
          assertThat("class " + row + ", colour " + k, rat.GetValueAsInt(row, col), is(expected[row][k]));
        }
      }
    } finally {
      d.delete();
    }
  }

  @Test
  void averageOverviewsHoldTheMeanOfTheirPixels() {
    String in = pattern("pattern.tif", 512);
    String out = path("averaged.tif");
    Applier.apply((info, inputs, outputs) -> outputs.put("o", inputs.get("a")),
        new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", out),
        AvgTest.quiet(tmp).setOutputDriverName("GTiff").setStatsIgnore(null).setOverviewLevels(List.of(4))
            .setOverviewMinDim(10).setOverviewAggregationType("AVERAGE"));
    Dataset d = gdal.Open(out);
    try {
      Band ov = d.GetRasterBand(1).GetOverview(0);
      int n = 128;
      assertThat(ov.getXSize(), is(n));
      byte[] got = new byte[n * n];
      ov.ReadRaster(0, 0, n, n, gdalconstConstants.GDT_Byte, got);
      int notTheMean = 0;
      int notTheCorner = 0;
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
          double sum = 0;
          for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
              sum += patternAt(4 * r + i, 4 * c + j);
            }
          }
          int v = got[r * n + c] & 0xff;
          notTheMean += Math.abs(v - sum / 16) <= 1 ? 0 : 1;
          notTheCorner += v == patternAt(4 * r, 4 * c) ? 0 : 1;
        }
      }
      assertThat("pixels not the mean of their 4 x 4", notTheMean, is(0));
      assertThat("pixels that are their top-left input pixel (a nearest overview)", notTheCorner,
          is(org.hamcrest.Matchers.greaterThan(n * n / 2)));
    } finally {
      d.delete();
    }
  }

  @Test
  void perBandInputNullsAreEachBandsNullAndFillOutsideTheFile() {
    String ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    // a 2-band file starting 1 km east and south of the ramp: with a union footprint, the ramp's top-left
    // corner is outside it, filled with each band's null
    RasterArray tens = RasterArray.create(DataType.UINT8, 2, 100, 100).fill(10);
    String two = TestRasters.write(new File(tmp, "two.img"), "HFA", tens, TestRasters.STD_XLEFT + 1000,
        TestRasters.STD_YTOP - 1000, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    List<Double> nulls = new ArrayList<>();
    long[] corner = new long[2];
    Applier.apply((info, inputs, outputs) -> {
      if (info.isFirstBlock()) {
        RasterArray t = inputs.get("t");
        nulls.add(info.getNoDataValueFor(t, 1));
        nulls.add(info.getNoDataValueFor(t, 2));
        corner[0] = t.getLong(0, 0, 0);
        corner[1] = t.getLong(1, 0, 0);
      }
    }, new FilenameAssociations().put("r", ramp).put("t", two), new FilenameAssociations(),
        AvgTest.quiet(tmp).setFootprintType(Footprint.UNION).setInputNoDataValues(List.of(5.0, 6.0), "t"));
    assertThat(nulls, is(List.of(5.0, 6.0)));
    assertThat(corner, is(new long[] {5, 6}));
  }

  @Test
  void theWarpReadsAnInputsOverviewsOnlyWhenAllowed() {
    // base pixels 1, its 4x overview edited to 7: read onto a 4x coarser grid, the value says which was used
    RasterArray ones = RasterArray.create(DataType.UINT8, 1, 400, 400).fill(1);
    String src = TestRasters.write(new File(tmp, "src.tif"), "GTiff", ones, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    Dataset d = gdal.Open(src, gdalconstConstants.GA_Update);
    try {
      d.BuildOverviews("NEAREST", new int[] {4});
      byte[] sevens = new byte[100 * 100];
      java.util.Arrays.fill(sevens, (byte) 7);
      d.GetRasterBand(1).GetOverview(0).WriteRaster(0, 0, 100, 100, sevens);
    } finally {
      d.delete();
    }
    PixelGrid coarse = new PixelGrid(TestRasters.wkt(TestRasters.STD_EPSG), new double[] {TestRasters.STD_XLEFT,
        4 * TestRasters.STD_PIX, 0, TestRasters.STD_YTOP, 0, -4 * TestRasters.STD_PIX}, 100, 100);
    for (boolean allow : new boolean[] {false, true}) {
      long[] max = {Long.MIN_VALUE};
      long[] min = {Long.MAX_VALUE};
      Applier.apply((info, inputs, outputs) -> {
        RasterArray s = inputs.get("s");
        for (int k = 0; k < s.size(); k++) {
          max[0] = Math.max(max[0], s.getLongAt(k));
          min[0] = Math.min(min[0], s.getLongAt(k));
        }
      }, new FilenameAssociations().put("s", src), new FilenameAssociations(),
          AvgTest.quiet(tmp).setReferencePixgrid(coarse).setAllowOverviewsGdalwarp(allow));
      long expected = allow ? 7 : 1;
      assertThat("allowOverviewsGdalwarp " + allow + ", lowest", min[0], is(expected));
      assertThat("allowOverviewsGdalwarp " + allow + ", highest", max[0], lessThanOrEqualTo(expected));
    }
  }

  @Test
  void anInputWhollyOutsideTheReferenceIsWarnedOf() {
    String ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    RasterArray tens = RasterArray.create(DataType.UINT8, 1, 50, 50).fill(10);
    String far = TestRasters.write(new File(tmp, "far.img"), "HFA", tens, TestRasters.STD_XLEFT + 100000,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    for (String other : List.of(far, ramp)) {
      org.rios.testutil.WarningsKept kept = new org.rios.testutil.WarningsKept();
      Applier.apply((info, inputs, outputs) -> { }, new FilenameAssociations().put("r", ramp).put("f", other),
          new FilenameAssociations(), AvgTest.quiet(tmp).setProgress(kept)
              .setFootprintType(Footprint.BOUNDS_FROM_REFERENCE).setReferenceImage("r"));
      boolean warned = kept.warnings.stream().anyMatch(w -> w.contains("'f'") && w.contains("wholly outside"));
      assertThat(other, warned, is(other.equals(far)));
    }
  }

  /**
   * An Imagine output whose basic statistics are omitted but which gets a histogram: GDAL's Imagine driver
   * stores statistics with the histogram and, given none, wrote 0 for minimum, maximum, mean and deviation,
   * which every reader took for the band's. Its statistics are computed for it; without a histogram it has
   * none.
   */
  @Test
  void anImagineOutputWithAHistogramNeverClaimsStatisticsOfZero() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String withHistogram = path("hist.img");
    String without = path("none.img");
    Applier.apply((info, inputs, outputs) -> outputs.put("o", inputs.get("a")),
        new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", withHistogram),
        AvgTest.quiet(tmp).setOmitBasicStats(true));
    Applier.apply((info, inputs, outputs) -> outputs.put("o", inputs.get("a")),
        new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", without),
        AvgTest.quiet(tmp).setOmitBasicStats(true).setOmitHistogram(true));
    RasterArray a = TestRasters.read(in);
    double max = 0;
    for (int k = 0; k < a.size(); k++) {
      max = Math.max(max, a.getDoubleAt(k));
    }
    assertThat(TestRasters.bandMetadata(withHistogram, 1, "STATISTICS_MAXIMUM"), is(String.valueOf((long) max)));
    assertThat(TestRasters.bandMetadata(withHistogram, 1, "STATISTICS_HISTONUMBINS") != null, is(true));
    assertThat(TestRasters.bandMetadata(without, 1, "STATISTICS_MAXIMUM"), is((String) null));
  }
}
