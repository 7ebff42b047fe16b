package org.rios.calcstats;

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
 * pixel has exactly one owner, so the overviews are the same whatever order the blocks arrive in; and each
 * overview file block is handed to GDAL whole ({@link OverviewTiles}), so it is encoded and written once.
 * Overview pixels whose sample lies beyond the image edge are left unwritten, as in RIOS.
 */
final class SinglePassPyramids {
  private final List<Integer> levels;
  private final long budgetBytes;
  /** Made at the first block, which gives the bands and the pixel type. */
  private OverviewTiles tiles;
  /** Whether every block so far came in row-major order, give or take a row of blocks; the furthest row seen. */
  private boolean inOrder = true;
  private int furthestY = -1;

  /** Creates the overview structure for {@code levels} (NEAREST) on the freshly created {@code ds}. */
  public SinglePassPyramids(Dataset ds, List<Integer> levels) {
    this(ds, levels, OverviewTiles.JVM_BUDGET_BYTES);
  }

  /** As above, gathering overview blocks in at most {@code budgetBytes} (see {@link OverviewTiles}). */
  SinglePassPyramids(Dataset ds, List<Integer> levels, long budgetBytes) {
    this.budgetBytes = budgetBytes;
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

  /**
   * Takes the subsampled pixels of {@code block}, written at (xoff, yoff), for every band's overviews; they reach
   * GDAL by whole overview file blocks ({@link OverviewTiles}).
   */
  public void blockWritten(Dataset ds, RasterArray block, int xoff, int yoff) {
    if (levels.isEmpty()) {
      return;
    }
    if (tiles == null) {
      tiles = gatherer(ds, block.bands(), block.dataType());
    }
    // a native writer takes blocks in the order they are computed: row-major but for a few blocks; at most a row
    // of blocks behind the furthest row seen, GDAL's cache still completes each overview block
    inOrder &= yoff >= furthestY - block.rows();
    furthestY = Math.max(furthestY, yoff);
    for (int j = 0; j < levels.size(); j++) {
      int lvl = levels.get(j);
      int o = lvl / 2;
      int xs = firstOwned(xoff, o, lvl);
      int ys = firstOwned(yoff, o, lvl);
      int nc = Math.min(lastOwned(xoff, block.cols(), o, lvl), tiles.ownedColumns(j) - 1) - xs + 1;
      int nr = Math.min(lastOwned(yoff, block.rows(), o, lvl), tiles.ownedRows(j) - 1) - ys + 1;
      if (nc > 0 && nr > 0) {
        // first sampled column / row inside the block
        tiles.add(j, block, lvl, xs, ys, nc, nr, xs * lvl + o - xoff, ys * lvl + o - yoff, inOrder);
      }
    }
  }

  /** The blocks will come in any order: overview blocks are gathered from the first block on. */
  public void expectBlocksInAnyOrder() {
    inOrder = false;
  }

  /** Hands GDAL any overview block still being gathered; call once all blocks were written. */
  public void finish() {
    if (tiles != null) {
      tiles.finish();
    }
  }

  /** Forgets the overview blocks being gathered (the output is abandoned). */
  public void discard() {
    if (tiles != null) {
      tiles.discard();
    }
  }

  /** Bytes of overview blocks being gathered now (for tests). */
  long gatheredBytes() {
    return tiles == null ? 0 : tiles.held();
  }

  private OverviewTiles gatherer(Dataset ds, int nbands, DataType type) {
    Band[][] bands = new Band[levels.size()][nbands];
    int[] ownedW = new int[levels.size()];
    int[] ownedH = new int[levels.size()];
    for (int j = 0; j < levels.size(); j++) {
      int lvl = levels.get(j);
      for (int b = 0; b < nbands; b++) {
        Band ov = OverviewLevels.find(ds.GetRasterBand(b + 1), lvl, j);
        if (ov == null) {
          throw new RiosException("Band " + (b + 1) + " has no overview for level " + lvl);
        }
        bands[j][b] = ov;
      }
      // overview pixels whose sample lies beyond the image edge have no owner and are left unwritten
      ownedW[j] = Math.max(0, Math.min(lastOwned(0, ds.getRasterXSize(), lvl / 2, lvl) + 1, bands[j][0].getXSize()));
      ownedH[j] = Math.max(0, Math.min(lastOwned(0, ds.getRasterYSize(), lvl / 2, lvl) + 1, bands[j][0].getYSize()));
    }
    return new OverviewTiles(bands, ownedW, ownedH, type, budgetBytes);
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
