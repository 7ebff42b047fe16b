package org.rios.examples;

import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.Size;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * (e) A focal (moving-window) mean filter using overlap: each block is read with a margin of {@code radius}
 * pixels on every side so the window never runs off the block, and the output includes the same margin
 * (the applier trims it before writing). Pixels equal to the input's null are left out of the mean, and so is
 * the margin beyond the image's edges, which the applier fills with the input's null (or 0 if it has none):
 * a pixel at an edge is the mean of its neighbours in the image.
 *
 * <pre>
 * java -cp ... org.rios.examples.FocalFilterExample sample-data/stars/tif/olinda_dem_utm25s.tif smoothed.tif 2
 * </pre>
 */
@Command(name = "FocalFilterExample",
    description = "Focal mean of band 1 over a (2 radius + 1)-pixel square window, as a Float32 GTiff.")
public final class FocalFilterExample implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<in>", description = "Input image.")
  String input;

  @Parameters(index = "1", paramLabel = "<out>", description = "Output (GTiff, Float32, null -9999).")
  String output;

  @Parameters(index = "2", arity = "0..1", paramLabel = "<radius>", description = "Window radius (default 1).")
  int radius = 1;

  private FocalFilterExample() {}

  public static void main(String[] args) {
    ExampleCli.main(new FocalFilterExample(), args);
  }

  @Override
  public Integer call() {
    System.out.println(run(input, output, radius).timings().formatReport());
    return 0;
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
      // The image's row and column of the block array's first row and column (margin included): only array
      // rows and columns 0 - row0 .. total - 1 - row0 lie in the image.
      Size block = info.getBlockCount();
      Size window = info.getWindowSize();
      Size total = info.getTotalSize();
      int row0 = block.y() * window.y() - radius;
      int col0 = block.x() * window.x() - radius;
      for (int r = radius; r < rows - radius; r++) {
        for (int c = radius; c < cols - radius; c++) {
          double sum = 0;
          int n = 0;
          for (int rr = Math.max(r - radius, -row0); rr <= Math.min(r + radius, total.y() - 1 - row0); rr++) {
            for (int cc = Math.max(c - radius, -col0); cc <= Math.min(c + radius, total.x() - 1 - col0); cc++) {
              double x = v[rr * cols + cc];
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
