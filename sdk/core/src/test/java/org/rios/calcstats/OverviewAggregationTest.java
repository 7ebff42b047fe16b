package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.is;
import static org.rios.calcstats.StatsTestSupport.*;

import java.io.File;
import java.util.List;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * The overview aggregation of an output, or a legacy call, that names none is chosen as RIOS's addPyramid
 * chooses it, by band 1's LAYER_TYPE: GDAL's overviews of an "athematic" band (every non-thematic Imagine band)
 * are averaged, a thematic band's are NEAREST (whatever RIOS_DFLT_OVERVIEWAGGTYPE says), a band without a
 * LAYER_TYPE gets RIOS_DFLT_OVERVIEWAGGTYPE or NEAREST; single-pass overviews are NEAREST.
 */
class OverviewAggregationTest {
  @TempDir File dir;

  private final DriverProbeCache probes = new DriverProbeCache();

  /** 600 x 600 Byte whose every 4 x 4 cell holds 1 .. 16: a level-4 overview pixel is 8 or 9 if averaged. */
  private static RasterArray cells() {
    RasterArray a = RasterArray.create(DataType.UINT8, 1, 600, 600);
    byte[] b = a.bytes();
    for (int r = 0; r < 600; r++) {
      for (int c = 0; c < 600; c++) {
        b[r * 600 + c] = (byte) ((r % 4) * 4 + (c % 4) + 1);
      }
    }
    return a;
  }

  /** Pixel (10, 10) of band 1's first overview. */
  private static int overviewPixel(String path) {
    Dataset d = gdal.Open(path);
    try {
      int[] px = new int[1];
      d.GetRasterBand(1).GetOverview(0).ReadRaster(10, 10, 1, 1, 1, 1, gdalconstConstants.GDT_Int32, px);
      return px[0];
    } finally {
      d.delete();
    }
  }

  private static boolean averaged(int px) {
    return px == 8 || px == 9;
  }

  @Test
  void rulesFollowRiosAddPyramid() {
    assertThat(PyramidBuilder.gdalAggregation("MODE", "AVERAGE", "thematic"), is("MODE"));
    assertThat(PyramidBuilder.gdalAggregation(null, "GAUSS", "athematic"), is("AVERAGE"));
    assertThat(PyramidBuilder.gdalAggregation(null, "AVERAGE", "thematic"), is("NEAREST"));
    assertThat(PyramidBuilder.gdalAggregation(null, "AVERAGE", "other"), is("NEAREST"));
    assertThat(PyramidBuilder.gdalAggregation(null, "AVERAGE", null), is("AVERAGE"));
    assertThat(PyramidBuilder.singlePassAggregation(null, "AVERAGE", "athematic"), is("NEAREST"));
    assertThat(PyramidBuilder.singlePassAggregation(null, "AVERAGE", "thematic"), is("NEAREST"));
    assertThat(PyramidBuilder.singlePassAggregation(null, "AVERAGE", null), is("AVERAGE"));
    assertThat(PyramidBuilder.singlePassAggregation("AVERAGE", "NEAREST", "thematic"), is("AVERAGE"));
  }

  @Test
  void gdalOverviewsOfANonThematicImagineOutputAreAveraged() {
    Result r = StatsTestSupport.run(dir, "hfa-gdal", new Settings().driver("HFA", List.of())
        .singlePass(false, null, null).nullValue(0.0).build(), cells(), 200, probes, null);
    assertThat(r.report().pyramids(), is(false));
    assertThat("overview pixel " + overviewPixel(r.path()), averaged(overviewPixel(r.path())), is(true));
    // named by the output, NEAREST is NEAREST
    Result n = StatsTestSupport.run(dir, "hfa-nearest", new Settings().driver("HFA", List.of()).agg("NEAREST")
        .singlePass(false, null, null).nullValue(0.0).build(), cells(), 200, probes, null);
    assertThat(averaged(overviewPixel(n.path())), is(false));
  }

  @Test
  void aThematicOutputsOverviewsAreNearestWhateverTheEnvironmentDefault() {
    for (Boolean singlePass : new Boolean[] {null, false}) {
      Result r = StatsTestSupport.run(dir, "thematic-" + singlePass, new Settings().thematic(true)
          .defaultAgg("AVERAGE").singlePass(singlePass, null, null).nullValue(0.0).build(), cells(), 200, probes,
          null);
      assertThat(r.report().pyramids(), is(singlePass == null));
      assertThat("single-pass " + singlePass, averaged(overviewPixel(r.path())), is(false));
    }
  }

  @Test
  void aBandWithoutLayerTypeTakesTheEnvironmentDefault() {
    Result avg = StatsTestSupport.run(dir, "plain-avg", new Settings().defaultAgg("AVERAGE").nullValue(0.0).build(),
        cells(), 200, probes, null);
    assertThat(avg.report().pyramids(), is(false));
    assertThat(averaged(overviewPixel(avg.path())), is(true));
    Result near = StatsTestSupport.run(dir, "plain-near", new Settings().defaultAgg("NEAREST").nullValue(0.0)
        .build(), cells(), 200, probes, null);
    assertThat(near.report().pyramids(), is(true));
    assertThat(averaged(overviewPixel(near.path())), is(false));
  }

  @Test
  void legacyAddPyramidOfAnImagineFileAverages() {
    String path = new File(dir, "legacy.img").getPath();
    Dataset ds = gdal.GetDriverByName("HFA").Create(path, 600, 600, 1, gdalconstConstants.GDT_Byte);
    try {
      org.rios.gdal.RasterIO.write(ds, 0, 0, cells());
      assertThat(ds.GetRasterBand(1).GetMetadataItem("LAYER_TYPE"), is("athematic"));
      assertThat(LegacyStats.addPyramid(ds, null, 128, List.of(4), null), is(List.of(4)));
    } finally {
      ds.delete();
    }
    assertThat(either(is(8)).or(is(9)).matches(overviewPixel(path)), is(true));
  }

  /**
   * Single-pass overviews need "NEAREST" in capitals, as RIOS's membership test: "nearest" is built by GDAL
   * after writing, and asked for single-pass it is refused, as in RIOS.
   */
  @Test
  void onlyNearestInCapitalsIsSinglePass() {
    Result lower = StatsTestSupport.run(dir, "lower", new Settings().agg("nearest").nullValue(0.0).build(), cells(),
        200, probes, null);
    assertThat(lower.report().pyramids(), is(false));
    Result upper = StatsTestSupport.run(dir, "upper", new Settings().agg("NEAREST").nullValue(0.0).build(), cells(),
        200, probes, null);
    assertThat(upper.report().pyramids(), is(true));
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.SinglePassActionsException.class,
        () -> StatsTestSupport.run(dir, "forced", new Settings().agg("nearest").singlePass(true, null, null)
            .nullValue(0.0).build(), cells(), 200, probes, null));
  }
}
