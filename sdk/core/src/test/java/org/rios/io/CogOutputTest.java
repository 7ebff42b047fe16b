package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ImageOpenException;
import org.rios.errors.UserFunctionException;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** setOutputDriverName("COG"): a real COG with the GTiff run's pixels, overviews and statistics. */
class CogOutputTest {
  @TempDir File tmp;

  private String input() {
    RasterArray data = RasterArray.create(DataType.INT16, 1, 1100, 1200);
    Random r = new Random(5);
    for (int i = 0; i < data.size(); i++) {
      data.setDoubleAt(i, r.nextInt(2000) - 100);
    }
    return TestRasters.write(new File(tmp, "in.tif"), "GTiff", data, 500000, 7000000, 10, TestRasters.wkt(32755),
        null, "TILED=YES", "COMPRESS=DEFLATE");
  }

  private String run(String in, String driver, String name, ApplierControls extra) {
    String out = new File(tmp, name).getPath();
    ApplierControls c = (extra != null ? extra : new ApplierControls()).setProgress(new SilentProgress())
        .setOutputDriverName(driver).setStatsIgnore(-100.0);
    Applier.apply((info, i, o) -> o.put("out", i.get("img")), new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out), c);
    return out;
  }

  @Test
  void aCogHasTheGtiffRunsPixelsOverviewsAndStatisticsInCogLayout() {
    String in = input();
    String gtiff = run(in, "GTiff", "out.tif", null);
    String cog = run(in, "COG", "out.cog.tif", null);
    Dataset g = gdal.Open(gtiff, gdalconstConstants.GA_ReadOnly);
    Dataset c = gdal.Open(cog, gdalconstConstants.GA_ReadOnly);
    try {
      assertThat(c.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), is("COG"));
      assertThat(c.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), is("DEFLATE"));
      Band gb = g.GetRasterBand(1);
      Band cb = c.GetRasterBand(1);
      assertThat(cb.GetBlockXSize(), is(512));
      assertThat(cb.GetOverviewCount(), greaterThan(0));
      assertThat(cb.GetOverviewCount(), is(gb.GetOverviewCount()));
      assertThat(Arrays.equals(pixels(gb), pixels(cb)), is(true));
      for (int k = 0; k < gb.GetOverviewCount(); k++) {
        assertThat("overview " + k, Arrays.equals(pixels(gb.GetOverview(k)), pixels(cb.GetOverview(k))), is(true));
      }
      for (String key : List.of("STATISTICS_MEAN", "STATISTICS_STDDEV", "STATISTICS_MINIMUM", "STATISTICS_MAXIMUM",
          "STATISTICS_HISTOBINVALUES", "STATISTICS_MEDIAN", "STATISTICS_MODE")) {
        assertThat(key, cb.GetMetadataItem(key), is(gb.GetMetadataItem(key)));
      }
      Double[] gn = new Double[1];
      Double[] cn = new Double[1];
      gb.GetNoDataValue(gn);
      cb.GetNoDataValue(cn);
      assertThat(cn[0], is(gn[0]));
    } finally {
      g.delete();
      c.delete();
    }
    assertThat(leftovers(), empty());
  }

  /**
   * Without pyramids, or when the min-dimension rule keeps no level (1100 / 4 = 275 is not above a minimum of
   * 300), the COG has no overviews, as the GTiff run has none: the COG driver used to make its own, resampled
   * CUBIC, which blends a thematic output's classes.
   */
  @Test
  void withoutPyramidsTheCogHasNoOverviews() {
    String in = input();
    for (ApplierControls c : new ApplierControls[] {new ApplierControls().setOmitPyramids(true),
        new ApplierControls().setOverviewMinDim(300)}) {
      String cog = run(in, "COG", "flat.cog.tif", c);
      Dataset d = gdal.Open(cog, gdalconstConstants.GA_ReadOnly);
      try {
        assertThat(d.GetRasterBand(1).GetOverviewCount(), is(0));
        assertThat(d.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), is("COG"));
      } finally {
        d.delete();
      }
    }
  }

  @Test
  void optionsThatWouldReGridTheOutputAreRefusedBeforeAnyBlock() {
    ImageOpenException e = assertThrows(ImageOpenException.class, () -> run(input(), "COG", "bad.cog.tif",
        new ApplierControls().setCreationOptions(List.of("COMPRESS=LZW", "TARGET_SRS=EPSG:4326"))));
    assertThat(e.getMessage(), containsString("TARGET_SRS=EPSG:4326"));
    assertThat(e.getMessage(), containsString("'out'"));
    ImageOpenException unknown = assertThrows(ImageOpenException.class, () -> run(input(), "COG", "bad2.cog.tif",
        new ApplierControls().setCreationOptions(List.of("TILED=YES"))));
    assertThat(unknown.getMessage(), containsString("not supported by the COG driver"));
  }

  @Test
  void aFailedRunLeavesNeitherTheCogNorItsStagingFile() throws Exception {
    String in = input();
    String out = new File(tmp, "failed.cog.tif").getPath();
    assertThrows(UserFunctionException.class, () -> Applier.apply((info, i, o) -> {
      if (info.getBlockCount().y() == 2) {
        throw new IllegalStateException("boom");
      }
      o.put("out", i.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        new ApplierControls().setProgress(new SilentProgress()).setOutputDriverName("COG")));
    assertThat(new File(out).exists(), is(false));
    assertThat(leftovers(), empty());
  }

  /**
   * The COG driver takes COMPRESS=JPEG (it is in its option list) but cannot write JPEG tiles of Int16; with
   * GDAL's encoder threads it said so only on its worker threads and finished a COG of empty tiles. The
   * codec is tried on one tile before the output is created (org.rios.io.EncoderCheck), with or without
   * GDAL threads, and nothing is left.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aCodecTheCogCannotWriteIsRefusedBeforeTheOutputIsCreatedAndLeavesNothing(int gdalThreads) {
    String out = new File(tmp, "jpeg.cog.tif").getPath();
    org.rios.errors.ImageOpenException e = assertThrows(org.rios.errors.ImageOpenException.class,
        () -> run(input(), "COG", "jpeg.cog.tif", new ApplierControls().setGdalThreads(gdalThreads)
            .setCreationOptions(List.of("COMPRESS=JPEG"))));
    assertThat(e.getMessage(), containsString(out));
    assertThat(e.getMessage(), containsString("COMPRESS=JPEG"));
    assertThat(new File(out).exists(), is(false));
    assertThat(leftovers(), empty());
  }

  private List<String> leftovers() {
    try (var s = Files.list(tmp.toPath())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("rios-partial") || n.contains("staging"))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int[] pixels(Band b) {
    int[] a = new int[b.getXSize() * b.getYSize()];
    b.ReadRaster(0, 0, b.getXSize(), b.getYSize(), b.getXSize(), b.getYSize(), gdalconstConstants.GDT_Int32, a);
    return a;
  }
}
