package org.rios.examples;

import java.util.List;
import java.util.concurrent.Callable;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * (j) NDVI from and to object storage, as a Cloud Optimized GeoTIFF: the input and output may be
 * {@code s3://bucket/key}, any GDAL virtual path ({@code /vsis3/...}, {@code /vsicurl/https://...}) or a local
 * file. The endpoint and credentials come from the environment, where GDAL reads them
 * ({@code AWS_S3_ENDPOINT}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_HTTPS},
 * {@code AWS_VIRTUAL_HOSTING}); {@code ApplierControls.setGdalConfig} would set them in code instead. The
 * output is written locally and uploaded when complete, so the key never holds a partial object.
 *
 * <pre>
 * AWS_S3_ENDPOINT=minio:9000 AWS_HTTPS=NO AWS_VIRTUAL_HOSTING=FALSE AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
 *   java -cp ... org.rios.examples.CloudNdviExample s3://scenes/L7_ETMs.tif s3://results/ndvi.tif [GTiff|COG]
 * </pre>
 */
@Command(name = "CloudNdviExample",
    description = "NDVI (bands 3 and 4) from and to object storage or local files, as a COG by default.")
public final class CloudNdviExample implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<in>", description = "Input with at least 4 bands (s3://, /vsis3/, ...).")
  String input;

  @Parameters(index = "1", paramLabel = "<out>", description = "NDVI output (s3://, /vsis3/, ...).")
  String output;

  @Parameters(index = "2", arity = "0..1", paramLabel = "<driver>", description = "COG (default) or GTiff.")
  String driver = "COG";

  private CloudNdviExample() {}

  public static void main(String[] args) {
    ExampleCli.main(new CloudNdviExample(), args);
  }

  @Override
  public Integer call() {
    System.out.println(run(input, output, driver).timings().formatReport());
    return 0;
  }

  public static ApplierReturn<Void> run(String input, String output, String driver) {
    ApplierControls controls = new ApplierControls()
        .setOutputDriverName(driver)
        .setStatsIgnore(-9.0)
        .selectInputImageLayers(List.of(3, 4), "image");          // red, NIR
    return Applier.apply(NdviExample.NDVI, new FilenameAssociations().put("image", input),
        new FilenameAssociations().put("ndvi", output), controls);
  }
}
