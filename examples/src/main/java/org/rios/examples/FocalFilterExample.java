package org.rios.examples;

import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * (e) A focal (moving-window) mean filter using overlap: each block is read with a margin of {@code radius}
 * pixels on every side so the window never runs off the block, and the output includes the same margin
 * (the applier trims it before writing). Pixels equal to the input's null are left out of the mean.
 *
 * <pre>
 * java -cp ... org.rios.examples.FocalFilterExample dem.tif smoothed.tif 2
 * </pre>
 */
public final class FocalFilterExample {
  private FocalFilterExample() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: FocalFilterExample <input> <output> [radius]");
      System.exit(1);
    }
    int radius = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    System.out.println(run(args[0], args[1], radius).timings().formatReport());
  }

  public static ApplierReturn<Void> run(String input, String output, int radius) {
    ApplierControls controls = new ApplierControls().setOverlap(radius).setOutputDriverName("GTiff")
        .setStatsIgnore(-9999.0);
    return Applier.apply((info, inputs, outputs) -> {
      RasterArray img = inputs.get("in");
      Double nodata = info.getNoDataValueFor(img, 1);
      // typed arrays, indexed directly: band 1 of the input as doubles, the output's float[] (see the README's
      // "Fast user functions")
      int rows = img.rows();
      int cols = img.cols();
      double[] v = img.band(0).astype(DataType.FLOAT64).doubles();
      RasterArray out = RasterArray.filled(DataType.FLOAT32, 1, rows, cols, -9999.0);
      float[] o = out.floats();
      for (int r = radius; r < rows - radius; r++) {
        for (int c = radius; c < cols - radius; c++) {
          double sum = 0;
          int n = 0;
          for (int dr = -radius; dr <= radius; dr++) {
            int row = (r + dr) * cols;
            for (int dc = -radius; dc <= radius; dc++) {
              double x = v[row + c + dc];
              if (nodata == null || x != nodata) {
                sum += x;
                n++;
              }
            }
          }
          if (n > 0) {
            o[r * cols + c] = (float) (sum / n);
          }
        }
      }
      outputs.put("out", out);
    }, new FilenameAssociations().put("in", input), new FilenameAssociations().put("out", output), controls);
  }
}
