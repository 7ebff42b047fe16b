package org.rios.calcstats;

import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.gdal.gdal.Band;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * The single-pass overview pixels of one output, gathered per overview file block (tile or strip) and handed
 * to GDAL only once the block is complete, then flushed: each overview block is encoded and written once,
 * whatever order the output's blocks come in.
 *
 * <p>Handing GDAL part of an overview block instead leaves it half-filled in GDAL's block cache, which the
 * inputs' blocks share: when the output's blocks come out of order (a Beam writer), the cache evicts it
 * before the rest comes, and GDAL then reads it back, encodes it again and appends it to the file, leaving the
 * first copy as dead space. Blocks in order completed each overview block while it was still cached.
 *
 * <p>Blocks that come in row-major order, give or take a row of blocks (a native driver's single writer takes
 * them in the order they are computed), need none of this: GDAL's cache keeps an overview block until the rows
 * of blocks that complete it have come. So overview blocks are written to GDAL as their pixels come until the
 * first block further out of that order (or from the start, for a writer that says its blocks come in any
 * order); only the overview blocks begun after it are gathered here.
 *
 * <p>The blocks being gathered by all outputs of this JVM hold at most {@link #JVM_BUDGET_BYTES} (128 MB, or an
 * eighth of the heap if less: a row of overview blocks at every level for 16 outputs of 8192 columns of one
 * Float32 band in row order); beyond that an output hands its oldest block to GDAL as it stands and the
 * block's remaining pixels follow as they come, which gives the same pixels.
 */
final class OverviewTiles {
  /** The most the overview blocks being gathered by all outputs of this JVM may hold. */
  static final long JVM_BUDGET_BYTES = Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 8);
  /** Bytes the overview blocks being gathered in this JVM hold now. */
  private static final java.util.concurrent.atomic.AtomicLong GATHERED_IN_JVM =
      new java.util.concurrent.atomic.AtomicLong();

  /** One overview level: its band per output band and the geometry of its file blocks. */
  private static final class Level {
    final Band[] bands;
    final int blockW;
    final int blockH;
    /** Overview columns and rows that have an owner (a sample inside the image): 0..ownedW-1, 0..ownedH-1. */
    final int ownedW;
    final int ownedH;
    final int blocksX;
    /** File blocks handed to GDAL complete. */
    final BitSet complete = new BitSet();
    /** File blocks handed to GDAL before they were complete, and not complete yet. */
    int handedEarly;

    Level(Band[] bands, int ownedW, int ownedH) {
      this.bands = bands;
      this.blockW = Math.max(1, bands[0].GetBlockXSize());
      this.blockH = Math.max(1, bands[0].GetBlockYSize());
      this.ownedW = ownedW;
      this.ownedH = ownedH;
      this.blocksX = (ownedW + blockW - 1) / blockW;
    }
  }

  /** An overview file block being gathered (or handed early, when {@code data} is null). */
  private static final class Tile {
    final long key;
    final int level;
    final int x0;
    final int y0;
    final int w;
    final int h;
    /** One single-band array per output band, or null once handed to GDAL early. */
    RasterArray[] data;
    long remaining;

    Tile(long key, int level, int x0, int y0, int w, int h) {
      this.key = key;
      this.level = level;
      this.x0 = x0;
      this.y0 = y0;
      this.w = w;
      this.h = h;
      this.remaining = (long) w * h;
    }
  }

  private final Level[] levels;
  private final DataType type;
  private final long budget;
  private long held;
  /** The blocks being gathered, oldest first. */
  private final LinkedHashMap<Long, Tile> gathering = new LinkedHashMap<>();
  /** The blocks handed to GDAL early and not complete yet. */
  private final java.util.HashMap<Long, Tile> early = new java.util.HashMap<>();

  /**
   * @param bands the overview band of each output band, per level: {@code bands[level][band]}
   * @param ownedW per level, the overview columns that have an owner
   * @param ownedH per level, the overview rows that have an owner
   * @param budget the most this output's blocks being gathered may hold (also bounded by the JVM's budget)
   */
  OverviewTiles(Band[][] bands, int[] ownedW, int[] ownedH, DataType type, long budget) {
    this.levels = new Level[bands.length];
    for (int j = 0; j < bands.length; j++) {
      levels[j] = new Level(bands[j], ownedW[j], ownedH[j]);
    }
    this.type = type;
    this.budget = budget;
  }

  /**
   * Takes the overview pixels {@code xs..xs+nc-1} x {@code ys..ys+nr-1} of level {@code j}, where pixel
   * (xs + i, ys + k) of band b is the block's pixel (b, r0 + k * step, c0 + i * step).
   *
   * @param inOrder every block so far came in row-major order, give or take a row of blocks: an overview block
   *     it starts is written to GDAL as its pixels come (GDAL's cache keeps it until the rows of blocks that
   *     complete it have come, so gathering it here would only add its memory), as are the later pixels of any
   *     block begun that way
   */
  void add(int j, RasterArray block, int step, int xs, int ys, int nc, int nr, int c0, int r0, boolean inOrder) {
    Level lv = levels[j];
    for (int ty = ys / lv.blockH; ty <= (ys + nr - 1) / lv.blockH; ty++) {
      int y0 = Math.max(ys, ty * lv.blockH);
      int y1 = Math.min(ys + nr, (ty + 1) * lv.blockH);
      for (int tx = xs / lv.blockW; tx <= (xs + nc - 1) / lv.blockW; tx++) {
        int x0 = Math.max(xs, tx * lv.blockW);
        int x1 = Math.min(xs + nc, (tx + 1) * lv.blockW);
        int rowOff = r0 + (y0 - ys) * step;
        int colOff = c0 + (x0 - xs) * step;
        take(j, ty * lv.blocksX + tx, tx, ty, block, step, x0, y0, x1 - x0, y1 - y0, colOff, rowOff, inOrder);
      }
    }
  }

  private void take(int j, int index, int tx, int ty, RasterArray block, int step, int x0, int y0, int w, int h,
      int colOff, int rowOff, boolean inOrder) {
    Level lv = levels[j];
    long key = ((long) j << 32) | index;
    Tile t = gathering.get(key);
    if (t == null) {
      t = early.get(key);
    }
    if (t == null) {
      if (lv.complete.get(index)) {
        // cannot happen when each overview pixel comes once; should it, GDAL gets it as it comes
        writeDirect(lv, block, step, x0, y0, w, h, colOff, rowOff);
        return;
      }
      int tx0 = tx * lv.blockW;
      int ty0 = ty * lv.blockH;
      t = new Tile(key, j, tx0, ty0, Math.min(lv.blockW, lv.ownedW - tx0),
          Math.min(lv.blockH, lv.ownedH - ty0));
      if (inOrder) {
        early.put(key, t);
        lv.handedEarly++;
      } else {
        t.data = new RasterArray[lv.bands.length];
        for (int b = 0; b < t.data.length; b++) {
          t.data[b] = RasterArray.create(type, 1, t.h, t.w);
        }
        gathering.put(key, t);
        hold(bytes(t));
      }
    }
    if (t.data == null) {
      writeDirect(lv, block, step, x0, y0, w, h, colOff, rowOff);
    } else {
      for (int b = 0; b < t.data.length; b++) {
        copy(block, b, step, rowOff, colOff, h, w, t.data[b], y0 - t.y0, x0 - t.x0, t.w);
      }
    }
    t.remaining -= (long) w * h;
    if (t.remaining <= 0) {
      lv.complete.set(index);
      if (t.data == null) {
        early.remove(key);
        lv.handedEarly--;
      } else {
        gathering.remove(key);
        hand(lv, t);
        // flushing a band writes every dirty block of it: only when none is incomplete
        if (lv.handedEarly == 0) {
          for (Band ov : lv.bands) {
            ov.FlushCache();
          }
        }
      }
    }
    // after the block's pixels: a block this one completed has gone to GDAL whole, not early
    handEarlyWhileOverBudget();
  }

  /** While over this output's budget or the JVM's, hands this output's oldest gathered block to GDAL as it stands. */
  private void handEarlyWhileOverBudget() {
    Iterator<Tile> it = gathering.values().iterator();
    while ((held > budget || GATHERED_IN_JVM.get() > JVM_BUDGET_BYTES) && it.hasNext()) {
      Tile t = it.next();
      it.remove();
      hand(levels[t.level], t);
      early.put(t.key, t);
      levels[t.level].handedEarly++;
    }
  }

  private void hold(long bytes) {
    held += bytes;
    GATHERED_IN_JVM.addAndGet(bytes);
  }

  /** Writes a gathered block's pixels to GDAL and forgets them. */
  private void hand(Level lv, Tile t) {
    for (int b = 0; b < t.data.length; b++) {
      BandIo.write(lv.bands[b], t.x0, t.y0, t.w, t.h, type, t.data[b].data());
    }
    hold(-bytes(t));
    t.data = null;
  }

  private void writeDirect(Level lv, RasterArray block, int step, int x0, int y0, int w, int h, int colOff,
      int rowOff) {
    for (int b = 0; b < lv.bands.length; b++) {
      RasterArray sub = RasterArray.create(type, 1, h, w);
      copy(block, b, step, rowOff, colOff, h, w, sub, 0, 0, w);
      BandIo.write(lv.bands[b], x0, y0, w, h, type, sub.data());
    }
  }

  /**
   * Hands every block still being gathered to GDAL. After the last block of the output none is left; this is
   * for an output finished without all its blocks.
   */
  void finish() {
    try {
      for (Tile t : gathering.values()) {
        hand(levels[t.level], t);
      }
    } finally {
      discard();
    }
  }

  /** Forgets every block being gathered without writing it (an output abandoned), giving back its memory. */
  void discard() {
    hold(-held);
    gathering.clear();
    early.clear();
  }

  /** Overview columns of level {@code j} that have an owner (a sample inside the image). */
  int ownedColumns(int j) {
    return levels[j].ownedW;
  }

  /** Overview rows of level {@code j} that have an owner. */
  int ownedRows(int j) {
    return levels[j].ownedH;
  }

  /** Bytes held by the blocks being gathered (for tests). */
  long held() {
    return held;
  }

  /** Bytes held by the blocks being gathered by every output of this JVM (for tests). */
  static long heldInJvm() {
    return GATHERED_IN_JVM.get();
  }

  private long bytes(Tile t) {
    return (long) t.w * t.h * type.byteSize() * levels[t.level].bands.length;
  }

  /** Copies every {@code step}-th pixel of band {@code b} of {@code src} into a window of band 0 of {@code dst}. */
  private static void copy(RasterArray src, int b, int step, int rowOff, int colOff, int h, int w, RasterArray dst,
      int dstRow, int dstCol, int dstCols) {
    boolean integer = src.dataType().isInteger();
    for (int r = 0; r < h; r++) {
      int s = src.index(b, rowOff + r * step, colOff);
      int d = (dstRow + r) * dstCols + dstCol;
      for (int c = 0; c < w; c++, s += step, d++) {
        // getLongAt/setLongAt keep 64-bit patterns intact, which doubles would not
        if (integer) {
          dst.setLongAt(d, src.getLongAt(s));
        } else {
          dst.setDoubleAt(d, src.getDoubleAt(s));
        }
      }
    }
  }
}
