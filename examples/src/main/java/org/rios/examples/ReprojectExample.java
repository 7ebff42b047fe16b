package org.rios.examples;

import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.Footprint;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * (d) Reprojection onto a reference image: {@code source} is resampled (bilinear) onto the grid of
 * {@code reference} (its projection, pixel size, alignment and extent) and written as a Float32 GTiff.
 * The source's null pixels, and the parts of the reference grid the source does not cover, become -9999,
 * the output's null value.
 *
 * <pre>
 * java -cp ... org.rios.examples.ReprojectExample elev_lonlat.tif dem_utm.tif elev_on_dem_grid.tif
 * </pre>
 */
public final class ReprojectExample {
  private ReprojectExample() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: ReprojectExample <source> <reference> <output>");
      System.exit(1);
    }
    System.out.println(run(args[0], args[1], args[2]).timings().formatReport());
  }

  public static ApplierReturn<Void> run(String source, String reference, String output) {
    ApplierControls controls = new ApplierControls()
        .setReferenceImage(reference)
        .setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)
        .setResampleMethod("bilinear", "src")
        .setOutputDriverName("GTiff")
        .setStatsIgnore(-9999.0);
    // The reference is only a grid: it need not be an input.
    return Applier.apply((info, inputs, outputs) -> {
      RasterArray src = inputs.get("src");
      double[] v = src.astype(DataType.FLOAT64).doubles(); // the source's values, whatever its type
      RasterArray out = src.astype(DataType.FLOAT32);
      float[] o = out.floats();
      for (int b = 0; b < src.bands(); b++) {
        // Outside the source, the block is filled with the source's null (or 0 if it has none).
        Double nodata = info.getNoDataValueFor(src, b + 1);
        double fill = nodata == null ? 0 : nodata;
        for (int i = b * src.bandSize(); i < (b + 1) * src.bandSize(); i++) {
          if (v[i] == fill) {
            o[i] = -9999;
          }
        }
      }
      outputs.put("out", out);
    },
        new FilenameAssociations().put("src", source), new FilenameAssociations().put("out", output), controls);
  }
}
