package org.rios.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
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

/**
 * (i) A pipeline author's Beam pipeline: NDVI of every raster matching a file pattern, one RIOS job per file,
 * on whatever runner the arguments choose, with a CSV index of the results: one line per output written
 * (path, size, shape, type, band-1 statistics) and one per file that could not be processed (a one-band
 * raster has no red and NIR band, say).
 *
 * <pre>
 * java -cp ... org.rios.examples.NdviCollectionExample 'sample-data/&#42;/&#42;/&#42;.tif' out/ out/index.csv \
 *     [--runner=FlinkRunner --flinkMaster=[local] --numComputeWorkers=2]
 * </pre>
 */
public final class NdviCollectionExample {
  /** The CSV index's header line. */
  static final String HEADER = "job,status,path,size_bytes,width,height,bands,type,min,max,mean,stddev,message";

  private NdviCollectionExample() {}


  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: NdviCollectionExample <file pattern> <output dir> <index.csv> [pipeline args]");
      System.exit(1);
    }
    List<String> pipelineArgs = new ArrayList<>(Arrays.asList(args).subList(3, args.length));
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(pipelineArgs));
    ApplierControls controls = new ApplierControls().setOutputDriverName("GTiff").setStatsIgnore(-9.0)
        .setOverviewMinDim(32).selectInputImageLayers(List.of(3, 4), "image");
    RiosWriteResult result = p
        .apply("FindRasters", FileIO.match().filepattern(args[0]))
        .apply("OneJobPerFile", RasterJobs.fromFiles("image", "ndvi", args[1], "-ndvi.tif").withControls(controls))
        .apply("Ndvi", RiosIO.process(NdviExample.NDVI).withFailedJobs());
    PCollection<String> written = result.writtenRasters()
        .apply("WrittenLines", MapElements.into(TypeDescriptors.strings()).via(NdviCollectionExample::line));
    PCollection<String> failed = result.failedJobs()
        .apply("FailedLines", MapElements.into(TypeDescriptors.strings()).via(NdviCollectionExample::line));
    PCollectionList.of(written).and(failed).apply(Flatten.pCollections())
        .apply("Index", TextIO.write().to(args[2]).withoutSharding().withHeader(HEADER));
    p.run().waitUntilFinish();
    System.out.println("index written to " + args[2]);
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
