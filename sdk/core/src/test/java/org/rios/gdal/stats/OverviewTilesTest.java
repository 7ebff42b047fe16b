package org.rios.gdal.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;

/**
 * Single-pass overview blocks reach GDAL whole, so each is encoded and written once whatever order the
 * output's blocks come in: a shuffled order under a GDAL cache far smaller than the overviews gives a file of
 * exactly the row-major size (no dead space from overview blocks written twice) and the same pixels; with a
 * budget of one overview block the blocks are handed early and the pixels are still the same.
 */
class OverviewTilesTest {
  private static final int SIZE = 2048;
  private static final int WIN = 256;
  private static final List<Integer> LEVELS = List.of(2, 4, 8);

  @TempDir File dir;

  @Test
  void shuffledBlocksUnderASmallCacheWriteEachOverviewBlockOnce() {
    RasterArray image = image(DataType.INT16, 2);
    List<int[]> rowMajor = blocks();
    int cacheBefore = smallCache();
    try {
      File ref = write("rm", image, rowMajor, OverviewTiles.DEFAULT_BUDGET_BYTES);
      for (long seed = 1; seed <= 2; seed++) {
        File other = write("sh" + seed, image, shuffled(rowMajor, seed), OverviewTiles.DEFAULT_BUDGET_BYTES);
        assertThat("no overview block written twice: same size as row-major", other.length(), is(ref.length()));
        assertSamePixels(ref, other, image);
      }
    } finally {
      gdal.SetCacheMax(cacheBefore);
    }
  }

  @Test
  void overABudgetOfOneOverviewBlockTheOldestIsHandedEarlyWithTheSamePixels() {
    RasterArray image = image(DataType.FLOAT32, 1);
    File ref = write("rm32", image, blocks(), OverviewTiles.DEFAULT_BUDGET_BYTES);
    long oneBlock = 256L * 256 * 4;
    File early = write("early", image, shuffled(blocks(), 7), oneBlock);
    assertSamePixels(ref, early, image);
  }

  @Test
  void blocksInRowMajorOrderHoldAboutARowOfOverviewBlocksPerLevel() {
    RasterArray image = image(DataType.UINT8, 1);
    GdalRuntime.ensureLoaded();
    String path = new File(dir, "held.tif").getPath();
    Dataset ds = create(path, DataType.UINT8, 1);
    try {
      SinglePassPyramids p = new SinglePassPyramids(ds, LEVELS, OverviewTiles.DEFAULT_BUDGET_BYTES);
      long most = 0;
      for (int[] pos : blocks()) {
        p.blockWritten(ds, image.subWindow(pos[0], pos[1], WIN, WIN), pos[1], pos[0]);
        most = Math.max(most, p.gatheredBytes());
      }
      // level 2: a row of 4 blocks of 256 x 256 at most, levels 4 and 8: 2 and 1
      assertThat(most, greaterThan(0L));
      assertThat(most, lessThanOrEqualTo((4L + 2 + 1) * 256 * 256));
      assertThat("all handed to GDAL by the last block", p.gatheredBytes(), is(0L));
      p.finish();
    } finally {
      ds.delete();
    }
  }

  private static int smallCache() {
    GdalRuntime.ensureLoaded();
    int before = gdal.GetCacheMax();
    gdal.SetCacheMax(256 * 1024); // two Int16 tiles: every dirty block is evicted almost at once
    return before;
  }

  private Dataset create(String path, DataType type, int bands) {
    return gdal.GetDriverByName("GTiff").Create(path, SIZE, SIZE, bands, type.gdalCode(),
        new String[] {"TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=PIXEL"});
  }

  /** Writes {@code image} block by block in {@code order} with single-pass overviews, as the writer does. */
  private File write(String name, RasterArray image, List<int[]> order, long budget) {
    String path = new File(dir, name + ".tif").getPath();
    Dataset ds = create(path, image.dataType(), image.bands());
    try {
      SinglePassPyramids p = new SinglePassPyramids(ds, LEVELS, budget);
      for (int[] pos : order) {
        RasterArray block = image.subWindow(pos[0], pos[1], WIN, WIN);
        for (int b = 0; b < block.bands(); b++) {
          BandIo.write(ds.GetRasterBand(b + 1), pos[1], pos[0], WIN, WIN, block.dataType(), block.band(b).data());
        }
        for (int b = 1; b <= block.bands(); b++) {
          ds.GetRasterBand(b).FlushCache(); // as the writer does for whole file blocks
        }
        p.blockWritten(ds, block, pos[1], pos[0]);
        assertThat(p.gatheredBytes(), lessThanOrEqualTo(Math.max(budget, 256L * 256 * 8 * block.bands())));
      }
      p.finish();
    } finally {
      ds.delete();
    }
    return new File(path);
  }

  private static void assertSamePixels(File a, File b, RasterArray image) {
    for (int band = 1; band <= image.bands(); band++) {
      for (int ov = -1; ov < LEVELS.size(); ov++) {
        assertThat(b.getName() + " band " + band + " overview " + ov,
            StatsTestSupport.readBand(b.getPath(), band, ov, image.dataType()),
            is(StatsTestSupport.readBand(a.getPath(), band, ov, image.dataType())));
      }
    }
  }

  private static RasterArray image(DataType type, int bands) {
    Random rnd = new Random(5);
    RasterArray a = RasterArray.create(type, bands, SIZE, SIZE);
    for (int i = 0; i < a.size(); i++) {
      // smooth with noise: compresses, but not to nothing
      a.setDoubleAt(i, (i % SIZE) / 16 + (i / SIZE) / 16 + rnd.nextInt(4));
    }
    return a;
  }

  private static List<int[]> blocks() {
    List<int[]> out = new ArrayList<>();
    for (int y = 0; y < SIZE; y += WIN) {
      for (int x = 0; x < SIZE; x += WIN) {
        out.add(new int[] {y, x});
      }
    }
    return out;
  }

  private static List<int[]> shuffled(List<int[]> blocks, long seed) {
    List<int[]> out = new ArrayList<>(blocks);
    Collections.shuffle(out, new Random(seed));
    return out;
  }
}
