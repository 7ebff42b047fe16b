package org.rios.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.rios.applier.ApplierControls;
import org.rios.beam.FailedJob;
import org.rios.beam.RasterJobs;
import org.rios.beam.RiosIO;
import org.rios.beam.RiosOptions;
import org.rios.beam.RiosWriteResult;
import org.rios.beam.WrittenRaster;
import org.rios.gdal.VirtualPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * (i) A pipeline author's Beam pipeline: NDVI of every raster matching a file pattern, one RIOS job per file,
 * on whatever runner the arguments choose, with a CSV index of the results: one line per output written
 * (path, size, shape, type, band-1 statistics) and one per file that could not be processed (a one-band
 * raster has no red and NIR band, say). The output directory is created if missing; the exit code is 1 if any
 * job failed, and the failed jobs are listed on stderr.
 *
 * <pre>
 * java -cp ... org.rios.examples.NdviCollectionExample 'sample-data/&#42;/&#42;/&#42;.tif' out/ out/index.csv \
 *     [--runner=FlinkRunner --flinkMaster=[local] --numComputeWorkers=2]
 * </pre>
 */
@Command(name = "NdviCollectionExample",
    description = {"NDVI (bands 3 and 4) of every raster matching a pattern, in a Beam pipeline, with a CSV index.",
        "Further arguments are Beam pipeline options (--runner=FlinkRunner --numComputeWorkers=2 ...)."})
public final class NdviCollectionExample implements Callable<Integer> {
  /** The CSV index's header line. */
  static final String HEADER = "job,status,path,size_bytes,width,height,bands,type,min,max,mean,stddev,message";

  /** An index line of a failed job; group 1 is its id (as written, quoted if it holds a comma or quote). */
  private static final Pattern FAILED = Pattern.compile("^(\"(?:[^\"]|\"\")*\"|[^,\"]*),failed,");

  @Parameters(index = "0", paramLabel = "<pattern>", description = "Input file pattern (quote it: 'dir/*.tif').")
  String pattern;

  @Parameters(index = "1", paramLabel = "<outdir>", description = "Output directory (created if missing).")
  String outputDir;

  @Parameters(index = "2", paramLabel = "<index.csv>", description = "The CSV index to write.")
  String index;

  @Unmatched
  List<String> pipelineArgs = new ArrayList<>();

  private NdviCollectionExample() {}

  public static void main(String[] args) {
    ExampleCli.main(new NdviCollectionExample(), args);
  }

  @Override
  public Integer call() throws IOException {
    if (!VirtualPaths.isVirtual(outputDir)) {
      Files.createDirectories(Path.of(outputDir)); // the jobs write into it (an object store needs none)
    }
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(pipelineArgs));
    ApplierControls controls = new ApplierControls().setOutputDriverName("GTiff").setStatsIgnore(-9.0)
        .setOverviewMinDim(32).selectInputImageLayers(List.of(3, 4), "image");
    RiosWriteResult result = p
        .apply("FindRasters", FileIO.match().filepattern(pattern))
        .apply("OneJobPerFile", RasterJobs.fromFiles("image", "ndvi", outputDir, "-ndvi.tif").withControls(controls))
        .apply("Ndvi", RiosIO.process(NdviExample.NDVI).withFailedJobs());
    PCollection<String> written = result.writtenRasters()
        .apply("WrittenLines", MapElements.into(TypeDescriptors.strings()).via(NdviCollectionExample::line));
    PCollection<String> failed = result.failedJobs()
        .apply("FailedLines", MapElements.into(TypeDescriptors.strings()).via(NdviCollectionExample::line));
    PCollectionList.of(written).and(failed).apply(Flatten.pCollections())
        .apply("Index", TextIO.write().to(index).withoutSharding().withHeader(HEADER));
    p.run().waitUntilFinish();
    System.out.println("index written to " + index);
    List<String> failedIds = failedJobs(index);
    if (failedIds.isEmpty()) {
      return 0;
    }
    System.err.println("error: " + failedIds.size() + " job(s) failed (their index lines say why): "
        + String.join(", ", failedIds));
    return ExampleCli.EXIT_FAILED;
  }

  /** The ids of the jobs {@code index} lists as failed (read with Beam's file systems, as it was written). */
  static List<String> failedJobs(String index) throws IOException {
    try (BufferedReader r = new BufferedReader(Channels.newReader(
        FileSystems.open(FileSystems.matchSingleFileSpec(index).resourceId()), StandardCharsets.UTF_8))) {
      return r.lines().map(FAILED::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }
  }

  static String line(WrittenRaster w) {
    List<String> f = new ArrayList<>(List.of(w.jobId(), "written", w.path(), Long.toString(w.sizeBytes()),
        Integer.toString(w.width()), Integer.toString(w.height()), Integer.toString(w.bands()), w.dataType().name()));
    if (w.bandStats().isEmpty()) {
      f.addAll(List.of("", "", "", ""));
    } else {
      var s = w.bandStats().get(0);
      for (double v : new double[] {s.min(), s.max(), s.mean(), s.stddev()}) {
        f.add(String.format(Locale.ROOT, "%.6f", v));
      }
    }
    f.add("");
    return csv(f);
  }

  static String line(FailedJob j) {
    return csv(List.of(j.jobId(), "failed", "", "", "", "", "", "", "", "", "", "", j.message()));
  }

  /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
  static String csv(List<String> fields) {
    return fields.stream().map(v -> v.contains(",") || v.contains("\"") || v.contains("\n")
        ? "\"" + v.replace("\"", "\"\"") + "\"" : v).collect(Collectors.joining(","));
  }
}
