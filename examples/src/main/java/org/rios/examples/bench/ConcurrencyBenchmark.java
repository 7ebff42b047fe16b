package org.rios.examples.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.lifecycle.ProcessMemory;
import org.rios.progress.SilentProgress;
import org.rios.timing.Timeline;

/**
 * One benchmark run in its own JVM (so its peak RSS is its own): a workload under a concurrency style,
 * printing the timing report and a machine-readable RESULT line. scripts/benchmark.sh runs the matrix.
 *
 * <pre>
 * java -cp ... org.rios.examples.bench.ConcurrencyBenchmark in.tif out.tif ndvi|ndvi-getdouble|median8|iterate|copy seq|read1|threads|read2threads|auto|subproc|direct|flinklocal [timeline.html]
 * </pre>
 * Styles: seq = no concurrency; read1 = 1 read worker; threads = 1 read worker + 2 compute threads;
 * subproc = 1 read worker + 2 CW_SUBPROC worker processes; direct = CW_BEAM on the DirectRunner with
 * parallelism 2; flinklocal = CW_BEAM on an embedded Flink MiniCluster with parallelism 2 (needs
 * rios-runners-config on the classpath).
 */
public final class ConcurrencyBenchmark {
  /** Iterations of the compute-bound per-pixel function. */
  static final int ITERATIONS = 200;

  private ConcurrencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ConcurrencyBenchmark <in> <out> ndvi|ndvi-getdouble|median8|iterate|copy seq|read1|threads|read2threads|auto|subproc|direct|flinklocal [timeline.html]");
      System.exit(1);
    }
    ApplierControls c = new ApplierControls().setOutputDriverName("GTiff").setProgress(new SilentProgress())
        .setConcurrencyStyle(style(args[3]));
    if (args[3].equals("flinklocal")) {
      c.setBeamPipelineOptions("--runner=FlinkRunner", "--flinkMaster=[local]");
    }
    UserFunction fn = workload(args[2]);
    if (args[2].equals("copy")) {
      c.setCalcStats(false).setStatsIgnore(null);
    }
    long t0 = System.nanoTime();
    FilenameAssociations infiles = args[2].equals("median8")
        ? new FilenameAssociations().put("img", Collections.nCopies(STACK, args[0]))
        : new FilenameAssociations().put("img", args[0]);
    ApplierReturn<Void> rtn = Applier.apply(fn, infiles, new FilenameAssociations().put("out", args[1]), c);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.println(rtn.timings().formatReport());
    if (args.length > 4) {
      Timeline.writeHtml(rtn.timings(), Path.of(args[4]), args[2] + " / " + args[3]);
    }
    System.out.printf(Locale.ROOT, "RESULT workload=%s style=%s seconds=%.3f peakRssMB=%.1f%n", args[2], args[3],
        secs, ProcessMemory.peakResidentBytes() / 1048576.0);
  }

  /** Images in the median8 stack (the same input file, opened once per entry). */
  static final int STACK = 8;

  static ConcurrencyStyle style(String name) {
    switch (name) {
      case "seq": return ConcurrencyStyle.none();
      case "auto": return ConcurrencyStyle.auto();
      case "read2threads": return ConcurrencyStyle.builder().numReadWorkers(2).numComputeWorkers(2)
          .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
      case "read1": return ConcurrencyStyle.builder().numReadWorkers(1).build();
      case "threads": return ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
          .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
      case "subproc": return ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
          .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).build();
      case "direct": case "flinklocal": return ConcurrencyStyle.builder().numComputeWorkers(2)
          .computeWorkerKind(ComputeWorkerKind.CW_BEAM).build();
      default: throw new IllegalArgumentException("unknown style " + name);
    }
  }

  static UserFunction workload(String name) {
    switch (name) {
      case "copy":
        return (info, in, out) -> out.put("out", in.get("img"));
      case "ndvi":
        // I/O-bound: bands 3 (red) and 4 (NIR) of the 4-band image.
        return (info, in, out) -> {
          RasterArray img = in.get("img");
          int n = img.bandSize();
          short[] d = img.shorts();
          RasterArray ndvi = RasterArray.create(DataType.FLOAT32, 1, img.rows(), img.cols());
          float[] o = ndvi.floats();
          for (int i = 0; i < n; i++) {
            float red = d[2 * n + i] & 0xFFFF;
            float nir = d[3 * n + i] & 0xFFFF;
            o[i] = red + nir == 0 ? 0 : (nir - red) / (nir + red);
          }
          out.put("out", ndvi);
        };
      case "ndvi-getdouble":
        // the same NDVI through the generic per-pixel accessors: what "Fast user functions" advises against
        return (info, in, out) -> {
          RasterArray img = in.get("img");
          RasterArray ndvi = RasterArray.create(DataType.FLOAT32, 1, img.rows(), img.cols());
          for (int r = 0; r < img.rows(); r++) {
            for (int c = 0; c < img.cols(); c++) {
              double red = img.getDouble(2, r, c);
              double nir = img.getDouble(3, r, c);
              ndvi.setDouble(0, r, c, red + nir == 0 ? 0 : (nir - red) / (nir + red));
            }
          }
          out.put("out", ndvi);
        };
      case "median8":
        // RIOS's own benchmark workload: the per-pixel median of band 1 over a stack of STACK images
        return (info, in, out) -> {
          List<RasterArray> stack = in.getList("img");
          RasterArray first = stack.get(0);
          int n = first.bandSize();
          short[][] bands = new short[stack.size()][];
          for (int k = 0; k < bands.length; k++) {
            bands[k] = stack.get(k).shorts();
          }
          RasterArray med = RasterArray.create(DataType.FLOAT32, 1, first.rows(), first.cols());
          float[] o = med.floats();
          int[] v = new int[bands.length];
          for (int i = 0; i < n; i++) {
            for (int k = 0; k < bands.length; k++) {
              v[k] = bands[k][i] & 0xFFFF;
            }
            Arrays.sort(v);
            o[i] = (v[(v.length - 1) / 2] + v[v.length / 2]) / 2f;
          }
          out.put("out", med);
        };
      case "iterate":
        // Compute-bound: a per-pixel fixed-point iteration (Newton's method for the cube root) on band 1.
        return (info, in, out) -> {
          RasterArray img = in.get("img");
          int n = img.bandSize();
          short[] d = img.shorts();
          RasterArray res = RasterArray.create(DataType.FLOAT32, 1, img.rows(), img.cols());
          float[] o = res.floats();
          for (int i = 0; i < n; i++) {
            double v = (d[i] & 0xFFFF) + 1.0;
            double x = v;
            for (int k = 0; k < ITERATIONS; k++) {
              x = x - (x * x * x - v) / (3 * x * x);
            }
            o[i] = (float) x;
          }
          out.put("out", res);
        };
      default: throw new IllegalArgumentException("unknown workload " + name);
    }
  }
}
