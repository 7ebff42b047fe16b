package org.rios.examples.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.beam.RasterJob;
import org.rios.beam.RiosIO;
import org.rios.beam.RiosOptions;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.lifecycle.ProcessMemory;
import org.rios.progress.SilentProgress;
import org.rios.runners.RunnerProfiles;

/**
 * A collection of NDVI jobs (the same input, one output per job) in its own JVM: as a loop of native runs
 * (1 read worker + 2 compute threads each), or as one RiosIO pipeline on the DirectRunner or an embedded
 * Flink with parallelism 2; or, as the runners' floor, the same job list through a pipeline on that runner
 * that reads no raster (floordirect, floorflinklocal). Prints a machine-readable RESULT line;
 * scripts/benchmark-jobs.sh runs them side by side.
 *
 * <pre>
 * java -cp ... org.rios.examples.bench.JobsBenchmark in.tif outdir 8 native|direct|flinklocal|floordirect|floorflinklocal [pipeline args]
 * </pre>
 */
public final class JobsBenchmark {
  private JobsBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: JobsBenchmark <in> <outdir> <jobs> native|direct|flinklocal [pipeline args]");
      System.exit(1);
    }
    String in = args[0];
    String outDir = args[1];
    int n = Integer.parseInt(args[2]);
    String mode = args[3];
    UserFunction ndvi = ConcurrencyBenchmark.workload("ndvi");
    List<RasterJob> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ApplierControls c = new ApplierControls().setOutputDriverName("GTiff").setProgress(new SilentProgress());
      jobs.add(RasterJob.of("job" + i, new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", new File(outDir, mode + "_" + i + ".tif").getPath())).withControls(c));
    }
    long t0 = System.nanoTime();
    switch (mode) {
      case "native":
        for (RasterJob j : jobs) {
          j.controls().setConcurrencyStyle(ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
              .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build());
          Applier.apply(ndvi, j.infiles(), j.outfiles(), j.controls());
        }
        break;
      case "direct":
      case "flinklocal":
      case "floordirect":
      case "floorflinklocal": {
        List<String> pargs = new ArrayList<>(mode.endsWith("direct") ? RunnerProfiles.direct()
            : RunnerProfiles.flinkLocal());
        pargs.add("--numComputeWorkers=2");
        pargs.addAll(List.of(args).subList(4, args.length));
        Pipeline p = Pipeline.create(RiosOptions.fromArgs(pargs));
        PCollection<RasterJob> all = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)));
        if (mode.startsWith("floor")) {
          // the runner's own fixed cost: the same options and job list through a pipeline that reads no raster
          all.apply(MapElements.into(TypeDescriptors.strings()).via(RasterJob::id));
        } else {
          all.apply(RiosIO.process(ndvi));
        }
        p.run().waitUntilFinish();
        break;
      }
      default:
        throw new IllegalArgumentException("mode must be native, direct, flinklocal, floordirect or "
            + "floorflinklocal: " + mode);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "RESULT mode=%s jobs=%d seconds=%.3f peakRssMB=%.1f%n", mode, n, secs,
        ProcessMemory.peakResidentBytes() / 1048576.0);
  }
}
