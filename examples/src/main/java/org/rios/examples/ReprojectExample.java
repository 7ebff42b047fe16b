package org.rios.examples;

import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.Footprint;

/**
 * (d) Reprojection onto a reference image: {@code source} is resampled (bilinear) onto the grid of
 * {@code reference} (its projection, pixel size, alignment and extent) and written as a GTiff.
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
        .setOutputDriverName("GTiff");
    // The reference is only a grid: it need not be an input.
    return Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("src")),
        new FilenameAssociations().put("src", source), new FilenameAssociations().put("out", output), controls);
  }
}
