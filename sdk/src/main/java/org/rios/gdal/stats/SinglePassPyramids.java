package org.rios.gdal.stats;

import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.RiosException;

/**
 * Overview pixels written block by block, so no second pass over the file is needed. The overview structure
 * is created on the still-empty file; each block is then subsampled for each level L by taking every L-th
 * pixel starting at offset L/2 (a sample near the centre of each L x L cell) and written at
 * {@code (xoff / L, yoff / L)}, clipped to the overview size. This is exact when block offsets are multiples
 * of L, which holds for the usual power-of-two windows and levels.
 */
public final class SinglePassPyramids {
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
    int subRows = block.rows() > o ? (block.rows() - o + lvl - 1) / lvl : 0;
    int subCols = block.cols() > o ? (block.cols() - o + lvl - 1) / lvl : 0;
    int xs = xoff / lvl;
    int ys = yoff / lvl;
    int nc = Math.min(subCols, ov.getXSize() - xs);
    int nr = Math.min(subRows, ov.getYSize() - ys);
    if (nc <= 0 || nr <= 0) {
      return;
    }
    DataType type = block.dataType();
    RasterArray sub = RasterArray.create(type, 1, nr, nc);
    boolean integer = type.isInteger();
    int k = 0;
    for (int r = 0; r < nr; r++) {
      int src = block.index(b, o + r * lvl, o);
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
}
