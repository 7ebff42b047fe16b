package org.rios.examples;

import org.rios.applier.Applier;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * (c) Whole-image mean of band 1, accumulated across blocks in otherArgs, with no output file. Pixels equal
 * to the file's NoData value are skipped.
 *
 * <pre>
 * java -cp ... org.rios.examples.MeanExample elev.tif
 * </pre>
 */
public final class MeanExample {
  private MeanExample() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: MeanExample <input>");
      System.exit(1);
    }
    ApplierReturn<OtherInputs> rtn = run(args[0]);
    System.out.printf("mean of %s band 1: %.6f over %d pixels%n", args[0], mean(rtn), count(rtn));
    System.out.println(rtn.timings().formatReport());
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
