package org.rios.examples;

import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * (c) Whole-image mean of band 1, accumulated across blocks in otherArgs, with no output file. Pixels equal
 * to the file's NoData value are skipped.
 *
 * <pre>
 * java -cp ... org.rios.examples.MeanExample elev.tif
 * </pre>
 */
@Command(name = "MeanExample", description = "Mean of band 1 of an image, leaving out its NoData pixels.")
public final class MeanExample implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<in>", description = "Input image.")
  String input;

  private MeanExample() {}

  public static void main(String[] args) {
    ExampleCli.main(new MeanExample(), args);
  }

  @Override
  public Integer call() {
    ApplierReturn<OtherInputs> rtn = run(input);
    System.out.printf("mean of %s band 1: %.6f over %d pixels%n", input, mean(rtn), count(rtn));
    System.out.println(rtn.timings().formatReport());
    return 0;
  }

  public static ApplierReturn<OtherInputs> run(String input) {
    OtherInputs acc = new OtherInputs().put("sum", 0.0).put("count", 0L);
    return Applier.apply((info, inputs, outputs, a) -> {
      RasterArray img = inputs.get("in");
      Double nodata = info.getNoDataValueFor(img, 1);
      double sum = 0;
      long count = 0;
      double[] band1 = img.band(0).astype(DataType.FLOAT64).doubles(); // one typed array, indexed directly
      for (int i = 0; i < band1.length; i++) {
        double v = band1[i];
        if (nodata == null || v != nodata) {
          sum += v;
          count++;
        }
      }
      a.put("sum", a.getDouble("sum") + sum);
      a.put("count", a.getLong("count") + count);
    }, new FilenameAssociations().put("in", input), new FilenameAssociations(), acc, null);
  }

  /** Combines the accumulator copies (one per compute worker, or just one). */
  public static double mean(ApplierReturn<OtherInputs> rtn) {
    double sum = rtn.otherArgsList().stream().mapToDouble(a -> a.getDouble("sum")).sum();
    return sum / count(rtn);
  }

  public static long count(ApplierReturn<OtherInputs> rtn) {
    return rtn.otherArgsList().stream().mapToLong(a -> a.getLong("count")).sum();
  }
}
