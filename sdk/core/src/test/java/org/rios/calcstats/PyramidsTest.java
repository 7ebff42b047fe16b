package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.rios.calcstats.StatsTestSupport.*;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/** testpyramids: single-pass overviews sample at offset L/2, GDAL NEAREST at offset 0. */
class PyramidsTest {
  private final DriverProbeCache probes = new DriverProbeCache();

  @TempDir
  File dir;

  /** A pattern whose neighbouring pixels differ, so the sampling offset is visible. */
  private static RasterArray pattern(DataType type, int bands, int rows, int cols) {
    RasterArray a = RasterArray.create(type, bands, rows, cols);
    for (int b = 0; b < bands; b++) {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          a.setDouble(b, r, c, (r * 7 + c * 13 + b * 5) % 251);
        }
      }
    }
    return a;
  }

  private static void assertSubsampled(String path, RasterArray image, int band, int ov, int level, int offset) {
    int[] size = overviewSize(path, band + 1, ov);
    assertThat(size[0], is(OverviewLevels.overviewSize(image.cols(), level)));
    double[] got = readBand(path, band + 1, ov, image.dataType());
    int w = size[0];
    int h = size[1];
    int mismatches = 0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double want = image.getDouble(band, Math.min(r * level + offset, image.rows() - 1),
            Math.min(c * level + offset, image.cols() - 1));
        if (got[r * w + c] != want) {
          mismatches++;
        }
      }
    }
    assertThat("mismatching pixels in level " + level, mismatches, is(0));
  }

  @Test
  void singlePassAndGdalPyramidsOn2048Square() {
    RasterArray image = pattern(DataType.UINT8, 1, 2048, 2048);
    for (Boolean sp : new Boolean[] {true, false}) {
      Result r = StatsTestSupport.run(dir, "pyr" + sp, new Settings().singlePass(sp, null, null).build(), image, 256,
          probes, null);
      assertThat(r.report().pyramids(), is(sp));
      assertThat(overviewCount(r.path()), is(2));
      for (int i = 0; i < 2; i++) {
        int f = new int[] {4, 8}[i];
        assertSubsampled(r.path(), image, 0, i, f, sp ? f / 2 : 0);
      }
    }
  }

  @Test
  void singlePassPyramidsForWideTypesAndSeveralBands() {
    for (DataType t : new DataType[] {DataType.UINT64, DataType.FLOAT32, DataType.INT16}) {
      RasterArray image = pattern(t, 2, 600, 700);
      if (t == DataType.UINT64) {
        image.setLongAt(image.index(1, 2, 2), -5L); // 2^64 - 5 sits at a sampled position of band 2
      }
      Result r = StatsTestSupport.run(dir, "wide" + t, new Settings().singlePass(true, null, null).build(), image,
          128, probes, null);
      assertThat(r.report().pyramids(), is(true));
      assertThat(overviewCount(r.path()), is(1)); // 600 / 4 = 150 > 128 only
      for (int b = 0; b < 2; b++) {
        assertSubsampled(r.path(), image, b, 0, 4, 2);
      }
    }
  }

  @Test
  void levelSelectionCountsLevelsAboveMinDim() {
    List<Integer> levels = StatsTestSupport.LEVELS;
    assertThat(OverviewLevels.select(levels, 2048, 2048, 128), is(List.of(4, 8)));
    assertThat(OverviewLevels.select(levels, 500, 500, 128), is(List.of()));
    assertThat(OverviewLevels.select(levels, 4000, 600, 128), is(List.of(4)));
    assertThat(OverviewLevels.select(levels, 100000, 100000, 128), is(List.of(4, 8, 16, 32, 64, 128, 256, 512)));
    // RIOS counts the passing levels and keeps that many leading entries
    assertThat(OverviewLevels.select(List.of(8, 4), 600, 600, 128), is(List.of(8)));
    assertThat(OverviewLevels.overviewSize(2047, 4), is(512));
  }

  @Test
  void driverProbeIsCachedPerDriverAndOptions() {
    assertThat(probes.cachedResult("GTiff", List.of("TILED=YES")) == null, is(true));
    assertThat(probes.supportsDirectOverviews("GTiff", List.of("TILED=YES"), dir), is(true));
    assertThat(probes.cachedResult("GTiff", List.of("TILED=YES")), is(true));
    assertThat(probes.supportsDirectOverviews("NoSuchDriver", List.of(), dir), is(false));
    assertThat(probes.supportsDirectOverviews("MEM", List.of(), dir), is(false));
    assertThat(dir.list().length, is(0)); // probe files are removed
  }
}
