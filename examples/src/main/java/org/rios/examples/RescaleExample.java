package org.rios.examples;

import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * (b) Rescale every band linearly, {@code out = gain * in + offset}, with the parameters passed in otherArgs,
 * written as UInt16 (clamped to 0..65535).
 *
 * <pre>
 * java -cp ... org.rios.examples.RescaleExample input.tif scaled.tif 2.5 100
 * </pre>
 */
@Command(name = "RescaleExample", description = "out = gain * in + offset for every band, as UInt16 (clamped).")
public final class RescaleExample implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<in>", description = "Input image.")
  String input;

  @Parameters(index = "1", paramLabel = "<out>", description = "Output (GTiff, UInt16).")
  String output;

  @Parameters(index = "2", paramLabel = "<gain>", description = "Gain, a number.")
  double gain;

  @Parameters(index = "3", paramLabel = "<offset>", description = "Offset, a number.")
  double offset;

  private RescaleExample() {}

  public static void main(String[] args) {
    ExampleCli.main(new RescaleExample(), args);
  }

  @Override
  public Integer call() {
    System.out.println(run(input, output, gain, offset).timings().formatReport());
    return 0;
  }

  public static ApplierReturn<OtherInputs> run(String input, String output, double gain, double offset) {
    OtherInputs params = new OtherInputs().put("gain", gain).put("offset", offset);
    ApplierControls controls = new ApplierControls().setOutputDriverName("GTiff");
    return Applier.apply((info, inputs, outputs, p) -> {
      RasterArray img = inputs.get("in");
      double g = p.getDouble("gain");
      double o = p.getDouble("offset");
      RasterArray scaled = RasterArray.create(DataType.UINT16, img.bands(), img.rows(), img.cols());
      double[] in = img.astype(DataType.FLOAT64).doubles(); // typed arrays, indexed directly
      short[] to = scaled.shorts();                          // UInt16 held in short[]: store the low 16 bits
      for (int i = 0; i < in.length; i++) {
        to[i] = (short) (int) Math.max(0, Math.min(65535, Math.rint(g * in[i] + o)));
      }
      outputs.put("out", scaled);
    }, new FilenameAssociations().put("in", input), new FilenameAssociations().put("out", output), params, controls);
  }
}
