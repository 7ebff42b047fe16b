package org.rios.examples;

import java.util.List;
import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.colortable.GdalColorTables;
import org.rios.fileinfo.ImageFileStats;
import org.rios.fileinfo.ImageInfo;
import org.rios.rat.Rat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * (f) A thematic classification with a colour table and a raster attribute table: NDVI of a multi-band
 * image is classified into 0 = no data, 1 = water (NDVI &lt; 0), 2 = bare (0–0.2), 3 = sparse vegetation
 * (0.2–0.4), 4 = dense vegetation (&gt; 0.4). The output is a thematic HFA file with a histogram; afterwards a
 * colour table and RAT columns "ClassName" and "AreaHa" (from the histogram and the pixel size) are added.
 *
 * <pre>
 * java -cp ... org.rios.examples.ClassifyExample L7_ETMs.tif classes.img [red nir]
 * </pre>
 */
@Command(name = "ClassifyExample",
    description = "NDVI classes (water, bare, sparse and dense vegetation) as a thematic image with a colour "
        + "table and RAT columns ClassName and AreaHa.")
public final class ClassifyExample implements Callable<Integer> {
  static final String[] NAMES = {"No data", "Water", "Bare", "Sparse vegetation", "Dense vegetation"};
  static final int[][] COLOURS = {
      {0, 0, 0, 0, 0}, {1, 31, 120, 180, 255}, {2, 202, 178, 134, 255}, {3, 178, 223, 138, 255},
      {4, 51, 160, 44, 255}};

  @Mixin
  NdviArgs arguments;

  private ClassifyExample() {}

  public static void main(String[] args) {
    ExampleCli.main(new ClassifyExample(), args);
  }

  @Override
  public Integer call() {
    ApplierReturn<Void> rtn = run(arguments.input, arguments.output, arguments.red(), arguments.nir());
    System.out.println(rtn.timings().formatReport());
    double[] area = Rat.readRealColumn(arguments.output, "AreaHa");
    String[] names = Rat.readStringColumn(arguments.output, "ClassName");
    for (int c = 1; c < NAMES.length; c++) {
      System.out.printf("%-20s %10.1f ha%n", names[c], area[c]);
    }
    return 0;
  }

  public static ApplierReturn<Void> run(String input, String output, int redBand, int nirBand) {
    ApplierControls controls = new ApplierControls()
        .setThematic(true)
        .setStatsIgnore(0.0)
        .setOverviewMinDim(32)
        .selectInputImageLayers(List.of(redBand, nirBand), "image");
    ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> {
      RasterArray img = inputs.get("image");
      double[] v = img.astype(DataType.FLOAT64).doubles(); // any input type, converted once per block
      int n = img.bandSize();
      RasterArray classes = RasterArray.create(DataType.UINT8, 1, img.rows(), img.cols());
      byte[] c = classes.bytes();
      for (int i = 0; i < n; i++) {
        double r = v[i];
        double ir = v[n + i];
        if (r + ir == 0) {
          c[i] = 0;
          continue;
        }
        double ndvi = (ir - r) / (ir + r);
        c[i] = (byte) (ndvi < 0 ? 1 : ndvi < 0.2 ? 2 : ndvi < 0.4 ? 3 : 4);
      }
      outputs.put("classes", classes);
    }, new FilenameAssociations().put("image", input), new FilenameAssociations().put("classes", output), controls);

    // The applier wrote the histogram; turn pixel counts into areas and label the classes.
    long[] counts = new ImageFileStats(output).get(0).histoCounts();
    ImageInfo info = new ImageInfo(output);
    double haPerPixel = info.xRes() * info.yRes() / 10000.0;
    double[] area = new double[NAMES.length];
    for (int i = 1; i < NAMES.length && i < counts.length; i++) {
      area[i] = counts[i] * haPerPixel;
    }
    Rat.writeColumn(output, "ClassName", NAMES);
    Rat.writeColumn(output, "AreaHa", area);
    GdalColorTables.setColorTable(output, COLOURS);
    return rtn;
  }
}
