package org.rios.applier;

import org.rios.array.RasterArray;

/**
 * RIOS's "info" object: where the current block lies in the working grid, and facts about its input arrays.
 * One per block.
 *
 * <pre>{@code
 * (info, inputs, outputs) -> {
 *   RasterArray[] xy = info.getBlockCoordArrays();      // pixel-centre eastings and northings
 *   Double nodata = info.getNoDataValueFor(inputs.get("dem"), 1);
 *   if (info.isFirstBlock()) { ... }
 * }
 * }</pre>
 */
public interface BlockInfo {
  /** (windowxsize, windowysize). */
  Size getWindowSize();

  /** Overlap margin in pixels on each side of the block. */
  int getOverlapSize();

  /** Working-grid size (columns, rows). */
  Size getTotalSize();

  /** Working-grid geotransform (xMin, xRes, 0, yMax, 0, -yRes). */
  double[] getTransform();

  /** Working-grid projection WKT. */
  String getProjection();

  /** Number of blocks (across, down). */
  Size getTotalBlocks();

  /** Current block size (columns, rows), excluding the overlap margin. */
  Size getBlockSize();

  /** Current block index (xblock, yblock). */
  Size getBlockCount();

  /** {xRes, yRes}, both positive. */
  double[] getPixelSize();

  /** Map coordinates of the block's top-left corner (without margin). */
  Coord getBlockTopLeft();

  /** Map coordinates of the corner just after the block's last row and column. */
  Coord getBlockBottomRight();

  /** {X, Y}: FLOAT64, 1 band, block shape including overlap, coordinates of pixel centres. */
  RasterArray[] getBlockCoordArrays();

  /** {row, col} of the pixel containing map point (x, y) in the current block array (margin included), or null if outside. */
  int[] getPixRowColBlock(double x, double y);

  /**
   * {col, row} in the whole working grid of column {@code x} and row {@code y} of the current block, counted
   * from the block's first pixel without the overlap margin, as RIOS's {@code getPixColRow} (which it calls
   * internal): the block's position times the window size, plus (x, y).
   */
  default int[] getPixColRow(int x, int y) {
    Size count = getBlockCount();
    Size window = getWindowSize();
    return new int[] {count.x() * window.x() + x, count.y() * window.y() + y};
  }

  boolean isFirstBlock();

  boolean isLastBlock();

  /** Percentage of blocks done before this one. */
  int getPercent();

  /** The input file behind this exact input array (identity, not equality). */
  String getFilenameFor(RasterArray inputArray);

  /** NoData value of band {@code band} (1-based, within the selected layers) of this input array, or null. */
  Double getNoDataValueFor(RasterArray inputArray, int band);

  /** Same as {@code getNoDataValueFor(inputArray, 1)}. */
  default Double getNoDataValueFor(RasterArray inputArray) {
    return getNoDataValueFor(inputArray, 1);
  }
}
