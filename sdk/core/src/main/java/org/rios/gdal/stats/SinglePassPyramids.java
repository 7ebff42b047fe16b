package org.rios.gdal.stats;

import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.RiosException;

/**
 * Overview pixels written block by block, so no second pass over the file is needed. The overview structure
 * is created on the still-empty file. Overview pixel (X, Y) of level L takes the base pixel
 * (X * L + L/2, Y * L + L/2), a sample near the centre of its L x L cell, and it is written by the one block
 * that contains that base pixel. When block offsets are multiples of L (the usual power-of-two windows and
 * levels) this is exactly what RIOS does: every L-th pixel of the block from offset L/2, written at
 * {@code (xoff / L, yoff / L)}. RIOS's rule can also let two neighbouring blocks write the same overview
 * pixel when the offsets are not multiples of L, and then the last block written wins; here each overview
 * pixel has exactly one owner, so the overviews are the same whatever order the blocks arrive in.
 * Overview pixels whose sample lies beyond the image edge are left unwritten, as in RIOS.
 */
final class SinglePassPyramids {
  private final List<Integer> levels;

  /** Creates the overview structure for {@code levels} (NEAREST) on the freshly created {@code ds}. */
  public SinglePassPyramids(Dataset ds, List<Integer> levels) {
    this.levels = List.copyOf(levels);
    if (!this.levels.isEmpty()) {
      int[] lv = this.levels.stream().mapToInt(Integer::intValue).toArray();
      if (ds.BuildOverviews("NEAREST", lv) != 0) {
        throw new RiosException("Could not create overviews " + levels + " for single-pass pyramids: "
            + org.gdal.gdal.gdal.GetLastErrorMsg());
      }
    }
  }

  public List<Integer> levels() {
    return levels;
  }

  /** Writes the subsampled pixels of {@code block}, written at (xoff, yoff), to every band's overviews. */
  public void blockWritten(Dataset ds, RasterArray block, int xoff, int yoff) {
    for (int b = 0; b < block.bands(); b++) {
      Band band = ds.GetRasterBand(b + 1);
      for (int j = 0; j < levels.size(); j++) {
        int lvl = levels.get(j);
        Band ov = OverviewLevels.find(band, lvl, j);
        if (ov == null) {
          throw new RiosException("Band " + (b + 1) + " has no overview for level " + lvl);
        }
        writeLevel(ov, block, b, lvl, xoff, yoff);
      }
    }
  }

  private static void writeLevel(Band ov, RasterArray block, int b, int lvl, int xoff, int yoff) {
    int o = lvl / 2;
    int xs = firstOwned(xoff, o, lvl);
    int ys = firstOwned(yoff, o, lvl);
    int nc = Math.min(lastOwned(xoff, block.cols(), o, lvl), ov.getXSize() - 1) - xs + 1;
    int nr = Math.min(lastOwned(yoff, block.rows(), o, lvl), ov.getYSize() - 1) - ys + 1;
    if (nc <= 0 || nr <= 0) {
      return;
    }
    int c0 = xs * lvl + o - xoff; // first sampled column / row inside the block
    int r0 = ys * lvl + o - yoff;
    DataType type = block.dataType();
    RasterArray sub = RasterArray.create(type, 1, nr, nc);
    boolean integer = type.isInteger();
    int k = 0;
    for (int r = 0; r < nr; r++) {
      int src = block.index(b, r0 + r * lvl, c0);
      for (int c = 0; c < nc; c++, k++, src += lvl) {
        // getLongAt/setLongAt keep 64-bit patterns intact, which doubles would not
        if (integer) {
          sub.setLongAt(k, block.getLongAt(src));
        } else {
          sub.setDoubleAt(k, block.getDoubleAt(src));
        }
      }
    }
    BandIo.write(ov, xs, ys, nc, nr, type, sub.data());
  }

  /** Smallest overview index X >= 0 whose sample X * lvl + o is at or after {@code start}. */
  private static int firstOwned(int start, int o, int lvl) {
    return Math.max(0, -Math.floorDiv(o - start, lvl));
  }

  /** Largest overview index X whose sample X * lvl + o is before {@code start + len}; -1 if none. */
  private static int lastOwned(int start, int len, int o, int lvl) {
    return Math.floorDiv(start + len - 1 - o, lvl);
  }
}
