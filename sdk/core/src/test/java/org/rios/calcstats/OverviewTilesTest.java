package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
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
    // row-major under GDAL's own cache, which holds a row of overview blocks: each written once
    File ref = write("rm", image, rowMajor, OverviewTiles.JVM_BUDGET_BYTES);
    assertThat(deadSpace(ref), lessThan(16 * 1024L));
    int cacheBefore = smallCache();
    try {
      for (long seed = 1; seed <= 2; seed++) {
        File other = write("sh" + seed, image, shuffled(rowMajor, seed), OverviewTiles.JVM_BUDGET_BYTES, true);
        // a file block written twice leaves its first copy as dead space: the old code left 2.4 MB here
        assertThat("no overview block written twice", deadSpace(other), lessThan(16 * 1024L));
        assertSamePixels(ref, other, image);
      }
    } finally {
      gdal.SetCacheMax(cacheBefore);
    }
  }

  @Test
  void overABudgetOfOneOverviewBlockTheOldestIsHandedEarlyWithTheSamePixels() {
    RasterArray image = image(DataType.FLOAT32, 1);
    File ref = write("rm32", image, blocks(), OverviewTiles.JVM_BUDGET_BYTES);
    long oneBlock = 256L * 256 * 4;
    File early = write("early", image, shuffled(blocks(), 7), oneBlock);
    assertSamePixels(ref, early, image);
  }

  @Test
  void blocksInRowMajorOrderGatherNothingAndBlocksAfterTheFirstOutOfOrderOneDo() {
    RasterArray image = image(DataType.UINT8, 1);
    GdalRuntime.ensureLoaded();
    // the first half of the rows in order, then the other half from the last block back
    List<int[]> order = new ArrayList<>(blocks().subList(0, 32));
    List<int[]> rest = new ArrayList<>(blocks().subList(32, 64));
    Collections.reverse(rest);
    order.addAll(rest);
    String path = new File(dir, "held.tif").getPath();
    Dataset ds = create(path, DataType.UINT8, 1);
    try {
      SinglePassPyramids p = new SinglePassPyramids(ds, LEVELS, OverviewTiles.JVM_BUDGET_BYTES);
      long most = 0;
      for (int i = 0; i < order.size(); i++) {
        int[] pos = order.get(i);
        RasterArray block = image.subWindow(pos[0], pos[1], WIN, WIN);
        BandIo.write(ds.GetRasterBand(1), pos[1], pos[0], WIN, WIN, block.dataType(), block.data());
        p.blockWritten(ds, block, pos[1], pos[0]);
        if (i < 33) {
          // in order, then from the last block back along the last two rows of blocks: at most a row behind
          assertThat("block " + i, p.gatheredBytes(), is(0L));
        }
        most = Math.max(most, p.gatheredBytes());
      }
      // the bottom half's level-2 row: 4 blocks of 256 x 256 of one byte; level 4: 2 (level 8 began in order)
      assertThat(most, greaterThan(0L));
      assertThat(most, lessThanOrEqualTo((4L + 2) * 256 * 256));
      assertThat("all handed to GDAL by the last block", p.gatheredBytes(), is(0L));
      p.finish();
    } finally {
      ds.delete();
    }
    assertSamePixels(write("held_rm", image, blocks(), OverviewTiles.JVM_BUDGET_BYTES), new File(path), image);
  }

  @Test
  void unevenSizesLevelsAndBandsUnderAnyBudgetGiveEveryOwnedSampleAndLeaveTheRestUnwritten() {
    // 2000 x 1900, window 200, levels 2, 3 and 8: blocks are not multiples of level 3 or 8, the last overview
    // row of levels 3 and 8 has no sample inside the image, and three pixel-interleaved bands share each tile
    int cols = 2000;
    int rows = 1900;
    int win = 200;
    List<Integer> levels = List.of(2, 3, 8);
    Random rnd = new Random(9);
    RasterArray image = RasterArray.create(DataType.INT16, 3, rows, cols);
    for (int i = 0; i < image.size(); i++) {
      image.setDoubleAt(i, rnd.nextInt(30000));
    }
    List<int[]> order = shuffled(StatsTestSupport.blockOffsets(rows, cols, win), 3);
    long before = OverviewTiles.heldInJvm();
    for (long budget : new long[] {0, 256L * 256 * 2 * 3, OverviewTiles.JVM_BUDGET_BYTES}) {
      String path = new File(dir, "uneven_" + budget + ".tif").getPath();
      GdalRuntime.ensureLoaded();
      Dataset ds = gdal.GetDriverByName("GTiff").Create(path, cols, rows, 3, DataType.INT16.gdalCode(),
          new String[] {"TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=PIXEL"});
      for (int b = 1; b <= 3; b++) {
        ds.GetRasterBand(b).SetNoDataValue(-1);
      }
      try {
        SinglePassPyramids p = new SinglePassPyramids(ds, levels, budget);
        if (budget == 0) {
          p.expectBlocksInAnyOrder(); // gathered from the first block; otherwise from the second, out of order
        }
        for (int[] pos : order) {
          int h = Math.min(win, rows - pos[0]);
          int w = Math.min(win, cols - pos[1]);
          p.blockWritten(ds, image.subWindow(pos[0], pos[1], h, w), pos[1], pos[0]);
        }
        assertThat("every overview block complete by the last block", p.gatheredBytes(), is(0L));
        p.finish();
      } finally {
        ds.delete();
      }
      for (int b = 0; b < 3; b++) {
        for (int j = 0; j < levels.size(); j++) {
          int l = levels.get(j);
          int w = OverviewLevels.overviewSize(cols, l);
          int h = OverviewLevels.overviewSize(rows, l);
          double[] got = StatsTestSupport.readBand(path, b + 1, j, DataType.INT16);
          int wrong = 0;
          int unowned = 0;
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              boolean owned = x * l + l / 2 < cols && y * l + l / 2 < rows;
              double want = owned ? image.getDouble(b, y * l + l / 2, x * l + l / 2) : -1;
              unowned += owned ? 0 : 1;
              wrong += got[y * w + x] == want ? 0 : 1;
            }
          }
          assertThat("budget " + budget + ", band " + (b + 1) + ", level " + l + ": wrong pixels", wrong, is(0));
          if (l != 2) {
            assertThat("level " + l + " has an unowned last row", unowned, greaterThan(0));
          }
        }
      }
    }
    assertThat("memory given back", OverviewTiles.heldInJvm(), is(before));
  }

  @Test
  void anOutputFinishedWithABlockMissingHandsItsPartialBlocksAndOneDiscardedGivesItsMemoryBack() {
    RasterArray image = RasterArray.filled(DataType.UINT8, 1, SIZE, SIZE, 7); // never GDAL's 0 of unwritten
    // from the last block back, without block (0, 0): level 2's first overview block, begun by block (1, 1)
    // after the order broke, is gathered and waits for the missing block
    List<int[]> most = new ArrayList<>(blocks().subList(1, blocks().size()));
    Collections.reverse(most);
    long before = OverviewTiles.heldInJvm();
    for (boolean finish : new boolean[] {true, false}) {
      String path = new File(dir, "missing_" + finish + ".tif").getPath();
      Dataset ds = create(path, DataType.UINT8, 1);
      try {
        SinglePassPyramids p = new SinglePassPyramids(ds, LEVELS, OverviewTiles.JVM_BUDGET_BYTES);
        for (int[] pos : most) {
          p.blockWritten(ds, image.subWindow(pos[0], pos[1], WIN, WIN), pos[1], pos[0]);
        }
        assertThat("the last block's overview blocks wait for it", p.gatheredBytes(), greaterThan(0L));
        if (finish) {
          p.finish();
        } else {
          p.discard();
        }
        assertThat(p.gatheredBytes(), is(0L));
      } finally {
        ds.delete();
      }
      // level-2 overview pixel (128, 128) comes from base pixel (257, 257), in block (1, 1)
      double[] level2 = StatsTestSupport.readBand(path, 1, 0, DataType.UINT8);
      assertThat(finish ? "handed at finish" : "never handed", level2[128 * 1024 + 128] == 7, is(finish));
    }
    assertThat(OverviewTiles.heldInJvm(), is(before));
  }

  /** Bytes of {@code f} that are neither a file block of band 1 (pixel-interleaved: every band's) nor of its overviews. */
  private static long deadSpace(File f) {
    Dataset ds = gdal.Open(f.getPath());
    try {
      org.gdal.gdal.Band band = ds.GetRasterBand(1);
      long used = blockBytes(band);
      for (int i = 0; i < band.GetOverviewCount(); i++) {
        used += blockBytes(band.GetOverview(i));
      }
      return f.length() - used;
    } finally {
      ds.delete();
    }
  }

  private static long blockBytes(org.gdal.gdal.Band band) {
    int bx = band.GetBlockXSize();
    int by = band.GetBlockYSize();
    long sum = 0;
    for (int y = 0; y < (band.getYSize() + by - 1) / by; y++) {
      for (int x = 0; x < (band.getXSize() + bx - 1) / bx; x++) {
        String v = band.GetMetadataItem("BLOCK_SIZE_" + x + "_" + y, "TIFF");
        sum += v == null ? 0 : Long.parseLong(v);
      }
    }
    return sum;
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
    return write(name, image, order, budget, false);
  }

  /** As above; {@code anyOrder}: told the blocks come in any order, as a Beam writer is. */
  private File write(String name, RasterArray image, List<int[]> order, long budget, boolean anyOrder) {
    String path = new File(dir, name + ".tif").getPath();
    Dataset ds = create(path, image.dataType(), image.bands());
    try {
      SinglePassPyramids p = new SinglePassPyramids(ds, LEVELS, budget);
      if (anyOrder) {
        p.expectBlocksInAnyOrder();
      }
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
    return StatsTestSupport.blockOffsets(SIZE, SIZE, WIN);
  }

  private static List<int[]> shuffled(List<int[]> blocks, long seed) {
    return StatsTestSupport.shuffled(blocks, seed);
  }
}
