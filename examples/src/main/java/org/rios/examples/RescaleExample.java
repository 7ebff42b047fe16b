package org.rios.examples;

import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * (b) Rescale every band linearly, {@code out = gain * in + offset}, with the parameters passed in otherArgs,
 * written as UInt16 (clamped to 0..65535).
 *
 * <pre>
 * java -cp ... org.rios.examples.RescaleExample input.tif scaled.tif 2.5 100
 * </pre>
 */
public final class RescaleExample {
  private RescaleExample() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: RescaleExample <input> <output> <gain> <offset>");
      System.exit(1);
    }
    ApplierReturn<OtherInputs> rtn = run(args[0], args[1], Double.parseDouble(args[2]), Double.parseDouble(args[3]));
    System.out.println(rtn.timings().formatReport());
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
