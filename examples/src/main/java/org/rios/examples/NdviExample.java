package org.rios.examples;

import java.util.List;
import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * (a) NDVI from a multi-band image: (NIR - red) / (NIR + red) as Float32, with -9 as the output null where
 * both bands are zero.
 *
 * <pre>
 * java -cp ... org.rios.examples.NdviExample L7_ETMs.tif ndvi.tif [red nir]
 * </pre>
 * Band numbers are 1-based; the defaults (3, 4) suit Landsat 5/7 TM/ETM+.
 */
@Command(name = "NdviExample", description = "NDVI of a multi-band image as a Float32 GTiff, -9 where red + NIR = 0.")
public final class NdviExample implements Callable<Integer> {
  @Mixin
  NdviArgs arguments;

  private NdviExample() {}

  /**
   * NDVI of the two selected layers (red, NIR) of input "image" into output "ndvi", Float32, -9 where both are
   * zero. The input, of any type, is converted once per block and both arrays are indexed directly (see the
   * README's fast user functions). The other NDVI examples and benchmarks use it too.
   */
  public static final UserFunction NDVI = (info, inputs, outputs) -> {
    RasterArray img = inputs.get("image");
    double[] v = img.astype(DataType.FLOAT64).doubles(); // red, then NIR
    RasterArray ndvi = RasterArray.create(DataType.FLOAT32, 1, img.rows(), img.cols());
    float[] o = ndvi.floats();
    int n = img.bandSize();
    for (int i = 0; i < n; i++) {
      double r = v[i];
      double ir = v[n + i];
      o[i] = r + ir == 0 ? -9f : (float) ((ir - r) / (ir + r));
    }
    outputs.put("ndvi", ndvi);
  };

  public static void main(String[] args) {
    ExampleCli.main(new NdviExample(), args);
  }

  @Override
  public Integer call() {
    ApplierReturn<Void> rtn = run(arguments.input, arguments.output, arguments.red(), arguments.nir());
    System.out.println(rtn.timings().formatReport());
    return 0;
  }

  public static ApplierReturn<Void> run(String input, String output, int redBand, int nirBand) {
    FilenameAssociations in = new FilenameAssociations().put("image", input);
    FilenameAssociations out = new FilenameAssociations().put("ndvi", output);
    ApplierControls controls = new ApplierControls()
        .setOutputDriverName("GTiff")
        .setStatsIgnore(-9.0)
        // The Landsat sample is only 349 x 352 pixels: allow overviews down to 32 pixels (default 128).
        .setOverviewMinDim(32)
        // Read only the two bands we need, red first.
        .selectInputImageLayers(List.of(redBand, nirBand), "image");
    return Applier.apply(NDVI, in, out, controls);
  }
}
