package org.rios.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.lifecycle.ProcessMemory;
import org.rios.progress.SilentProgress;

/**
 * Copies a raster through the sequential applier and prints what the run cost: wall time, the timing
 * report, the JVM's peak heap use, and the process's peak resident set size. With {@code --stats} the
 * output also gets statistics, histogram and overviews (single-pass); without, it is a plain copy, the fair
 * comparison with {@code gdal_translate}. scripts/measure-sequential.sh runs it beside gdal_translate.
 *
 * <pre>
 * java -Xmx64m -cp ... org.rios.examples.bench.SequentialCostBenchmark in.tif out.tif [--stats]
 * </pre>
 */
public final class SequentialCostBenchmark {
  private SequentialCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SequentialCostBenchmark <in.tif> <out.tif> [--stats]");
      System.exit(1);
    }
    boolean stats = List.of(args).contains("--stats");
    ApplierControls c = new ApplierControls().setOutputDriverName("GTiff").setStatsIgnore(null)
        .setProgress(new SilentProgress()).setCalcStats(stats);
    long t0 = System.nanoTime();
    ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("in")),
        new FilenameAssociations().put("in", args[0]), new FilenameAssociations().put("out", args[1]), c);
    double secs = (System.nanoTime() - t0) / 1e9;
    long peakHeap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peakHeap += p.getPeakUsage().getUsed();
      }
    }
    System.out.println(rtn.timings().formatReport());
    System.out.printf(Locale.ROOT, "RESULT seconds=%.2f peakHeapMB=%.1f maxHeapMB=%.0f peakRssMB=%.1f%n", secs,
        peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0,
        ProcessMemory.peakResidentBytes() / 1048576.0);
  }
}
