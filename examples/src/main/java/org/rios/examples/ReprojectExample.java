package org.rios.examples;

import java.util.List;
import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.Footprint;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.fileinfo.ImageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * (d) Reprojection onto a reference image: {@code source} is resampled (bilinear) onto the grid of
 * {@code reference} (its projection, pixel size, alignment and extent) and written as a Float32 GTiff.
 * The source's null pixels, and the parts of the reference grid the source does not cover, become -9999,
 * the output's null value; every other pixel, 0 included, keeps its resampled value.
 *
 * <p>The applier fills what the source does not cover with the source's null, so a source band without a
 * NoData value is given NaN as its null here, which no pixel value equals (NaN pixels count as null). An
 * integer source cannot hold NaN: without a NoData value it is refused.
 *
 * <pre>
 * java -cp ... org.rios.examples.ReprojectExample sample-data/stars/tif/olinda_dem_utm25s.tif \
 *     sample-data/stars/tif/L7_ETMs.tif olinda_dem_on_landsat.tif
 * </pre>
 * (the 90 m Olinda DEM, no NoData value, onto the 28.5 m grid of the Landsat 7 image).
 */
@Command(name = "ReprojectExample",
    description = "Resample <source> (bilinear) onto the grid of <reference> as a Float32 GTiff, -9999 where "
        + "<source> is null or does not reach.")
public final class ReprojectExample implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<source>",
      description = "Raster to resample (an integer one needs a NoData value).")
  String source;

  @Parameters(index = "1", paramLabel = "<reference>", description = "Raster whose grid the output takes.")
  String reference;

  @Parameters(index = "2", paramLabel = "<out>", description = "Output (GTiff, Float32).")
  String output;

  private ReprojectExample() {}

  public static void main(String[] args) {
    ExampleCli.main(new ReprojectExample(), args);
  }

  @Override
  public Integer call() {
    System.out.println(run(source, reference, output).timings().formatReport());
    return 0;
  }

  public static ApplierReturn<Void> run(String source, String reference, String output) {
    ApplierControls controls = new ApplierControls()
        .setReferenceImage(reference)
        .setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)
        .setResampleMethod("bilinear", "src")
        .setInputNoDataValues(sourceNulls(source), "src")
        .setOutputDriverName("GTiff")
        .setStatsIgnore(-9999.0);
    // The reference is only a grid: it need not be an input.
    return Applier.apply((info, inputs, outputs) -> {
      RasterArray src = inputs.get("src");
      double[] v = src.astype(DataType.FLOAT64).doubles(); // the source's values, whatever its type
      RasterArray out = src.astype(DataType.FLOAT32);
      float[] o = out.floats();
      for (int b = 0; b < src.bands(); b++) {
        double nodata = info.getNoDataValueFor(src, b + 1); // the file's, or NaN (see sourceNulls)
        for (int i = b * src.bandSize(); i < (b + 1) * src.bandSize(); i++) {
          if (v[i] == nodata || Double.isNaN(v[i])) {
            o[i] = -9999;
          }
        }
      }
      outputs.put("out", out);
    },
        new FilenameAssociations().put("src", source), new FilenameAssociations().put("out", output), controls);
  }

  /**
   * The source's NoData value per band, NaN for a band without one.
   *
   * @throws IllegalArgumentException for an integer source with a band without a NoData value
   */
  static List<Double> sourceNulls(String source) {
    ImageInfo info = new ImageInfo(source);
    List<Double> nulls = info.noDataValues().stream().map(v -> v == null ? Double.NaN : v).toList();
    if (nulls.contains(Double.NaN) && DataType.fromGdalCode(info.dataType(), source).isInteger()) {
      throw new IllegalArgumentException(source + " has " + info.dataTypeName() + " pixels and no NoData value, so "
          + "the parts of the reference grid it does not cover could not be told from its own pixels: give it one "
          + "(gdal_edit.py -a_nodata VALUE)");
    }
    return nulls;
  }
}
