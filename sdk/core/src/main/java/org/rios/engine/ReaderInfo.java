package org.rios.engine;

import java.util.IdentityHashMap;
import java.util.Map;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ParameterException;
import org.rios.grid.PixelGrid;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.applier.Size;
import org.rios.applier.Coord;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockInfo;

/** The {@link BlockInfo} of one block, built from the plan and the block's input arrays. */
final class ReaderInfo implements BlockInfo {
  private final WorkingPlan plan;
  private final BlockDefn block;
  private final Map<RasterArray, InputSpec> specOf = new IdentityHashMap<>();

  ReaderInfo(WorkingPlan plan, BlockDefn block, BlockAssociations inputs) {
    this.plan = plan;
    this.block = block;
    for (InputSpec s : plan.inputs()) {
      RasterArray a = inputs.find(s.name(), s.seq());
      if (a != null) {
        specOf.put(a, s);
      }
    }
  }

  private PixelGrid grid() {
    return plan.grid();
  }

  @Override public Size getWindowSize() { return new Size(plan.windowXsize(), plan.windowYsize()); }
  @Override public int getOverlapSize() { return plan.overlap(); }
  @Override public Size getTotalSize() { return new Size(grid().ncols(), grid().nrows()); }
  @Override public double[] getTransform() { return grid().geoTransform(); }
  @Override public String getProjection() { return grid().projection(); }
  @Override public Size getTotalBlocks() { return new Size(plan.xTotalBlocks(), plan.yTotalBlocks()); }
  @Override public Size getBlockSize() { return new Size(block.ncols(), block.nrows()); }

  @Override
  public Size getBlockCount() {
    return new Size(block.left() / plan.windowXsize(), block.top() / plan.windowYsize());
  }

  @Override public double[] getPixelSize() { return new double[] {grid().xRes(), grid().yRes()}; }

  @Override
  public Coord getBlockTopLeft() {
    return new Coord(grid().xMin() + block.left() * grid().xRes(), grid().yMax() - block.top() * grid().yRes());
  }

  @Override
  public Coord getBlockBottomRight() {
    return new Coord(grid().xMin() + (block.left() + block.ncols()) * grid().xRes(),
        grid().yMax() - (block.top() + block.nrows()) * grid().yRes());
  }

  @Override
  public RasterArray[] getBlockCoordArrays() {
    int m = plan.overlap();
    int rows = block.nrows() + 2 * m;
    int cols = block.ncols() + 2 * m;
    double xRes = grid().xRes();
    double yRes = grid().yRes();
    Coord tl = getBlockTopLeft();
    RasterArray x = RasterArray.create(DataType.FLOAT64, 1, rows, cols);
    RasterArray y = RasterArray.create(DataType.FLOAT64, 1, rows, cols);
    double[] xd = x.doubles();
    double[] yd = y.doubles();
    double x0 = tl.x() - m * xRes + xRes / 2;
    double y0 = tl.y() + m * yRes - yRes / 2;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        xd[r * cols + c] = x0 + c * xRes;
        yd[r * cols + c] = y0 - r * yRes;
      }
    }
    return new RasterArray[] {x, y};
  }

  /**
   * Uses the actual block array (margin included) as the bounds, exclusive at the far edge, so a point
   * falls in exactly one block (RIOS uses the window size and an inclusive bound).
   */
  @Override
  public int[] getPixRowColBlock(double x, double y) {
    int m = plan.overlap();
    // in doubles: a NaN coordinate is in no block (an int cast made it 0), a far one does not saturate
    double col = Math.floor((x - grid().xMin()) / grid().xRes()) - (block.left() - m);
    double row = Math.floor((grid().yMax() - y) / grid().yRes()) - (block.top() - m);
    if (!(row >= 0 && col >= 0 && row < block.nrows() + 2 * m && col < block.ncols() + 2 * m)) {
      return null;
    }
    return new int[] {(int) row, (int) col};
  }

  @Override
  public boolean isFirstBlock() {
    return block.top() == 0 && block.left() == 0;
  }

  @Override
  public boolean isLastBlock() {
    Size c = getBlockCount();
    return c.x() == plan.xTotalBlocks() - 1 && c.y() == plan.yTotalBlocks() - 1;
  }

  @Override
  public int getPercent() {
    Size c = getBlockCount();
    int total = plan.xTotalBlocks() * plan.yTotalBlocks();
    // RIOS's int(float(index) / float(total) * 100), in the same floating-point steps, so every block gives
    // RIOS's number (block 29 of 100 gives 28: 0.29 * 100 is 28.999999999999996)
    return (int) ((double) (c.y() * plan.xTotalBlocks() + c.x()) / total * 100);
  }

  @Override
  public String getFilenameFor(RasterArray inputArray) {
    return spec(inputArray).filename();
  }

  @Override
  public Double getNoDataValueFor(RasterArray inputArray, int band) {
    InputSpec s = spec(inputArray);
    if (band < 1 || band > s.nullValues().length) {
      throw new ParameterException("Band " + band + " outside the " + s.nullValues().length
          + " selected bands of input '" + s.label() + "'");
    }
    Double v = s.nullValues()[band - 1];
    if (v == null) {
      return null;
    }
    // Cast to the array's type, as RIOS does, so comparisons with pixel values are exact (a 64-bit null to the
    // type's nearest value, as the fill outside the file: INT64_MAX arrives from GDAL as 2^63)
    RasterArray one = RasterArray.create(inputArray.dataType(), 1, 1, 1);
    if (inputArray.dataType().is64BitInteger()) {
      one.setLong(0, 0, 0, inputArray.dataType().nearest64(v));
    } else {
      one.setDouble(0, 0, 0, v);
    }
    return one.getDouble(0, 0, 0);
  }

  private InputSpec spec(RasterArray a) {
    InputSpec s = specOf.get(a);
    if (s == null) {
      throw new ParameterException("This array is not one of the current block's input arrays "
          + "(getFilenameFor/getNoDataValueFor need the exact array object from the inputs)");
    }
    return s;
  }
}
