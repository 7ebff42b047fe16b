package org.rios.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToIntFunction;
import org.gdal.gdal.Dataset;
import org.rios.applier.BlockAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.ProcessCancelledException;
import org.rios.array.RasterArray;
import org.rios.concurrency.ThreadBudget;
import org.rios.gdal.GdalConfig;
import org.rios.io.BlockReader;
import org.rios.io.EncodeTiming;
import org.rios.io.RasterizationCache;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.OutputDrivers;
import org.rios.plan.OutputSpec;
import org.rios.plan.RasterFileInfo;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.timing.Timers;

/**
 * What {@link ConcurrencyStyle#auto()} chooses: reads and computes a few blocks spread over the run (their
 * outputs are encoded once into GDAL's memory to time writing, and nothing is written to the outputs), times
 * reading, computing and writing, and picks from 1 read worker, 1 read worker + compute threads and 2 read
 * workers + compute threads for this machine's cores:
 *
 * <ul>
 *   <li>one core, or fewer than {@value #MIN_BLOCKS} blocks: sequential (workers would cost more than they
 *       save);
 *   <li>a run given otherArgs: 1 read worker, untimed. Compute threads would each work on their own copy, so
 *       what the caller's object sees, and what the function computes from it, would depend on the choice;
 *       and timing blocks would have to run the function on a copy as well. A read worker keeps the caller's
 *       object and overlaps reading with everything else;
 *   <li>otherwise the style with the shortest estimated time per block, from the blocks' times after the
 *       JVM has warmed up (the median of the later half of {@value #MIN_PROBE_BLOCKS}-{@value #MAX_PROBE_BLOCKS}
 *       probe blocks, taken evenly from the start to the end of the run; the first pays for opening the files
 *       and is not timed): a read worker overlaps reading with computing and writing; compute threads divide
 *       computing but leave GDAL fewer threads of its own (the run's {@link ThreadBudget}). Only the work GDAL
 *       spreads over its threads is scaled by them: encoding a compressed GTiff or COG output, decoding
 *       compressed GTiff inputs; no style beats the run's CPU work spread over the cores. Ties (within 5 %) go
 *       to the simpler style.
 * </ul>
 *
 * <p>The probe blocks rasterize vector inputs into the run's own cache (the run reuses them), check for
 * cancellation through the run's {@link Progress}, and show there what they are doing. The chosen styles
 * have no buffer timeouts: auto() is for functions of any speed, and a failing worker still ends the run at
 * once. Every choice computes the same pixels as sequential for a function that is safe to call from several
 * threads at once, as CW_THREADS needs (its mutable state in otherArgs, locals or thread-locals). With compute
 * threads, blocks reach the writer in the order they are computed, so a file's tiles may lie in another order
 * (its bytes differ, not its pixels).
 */
final class AutoStyle {
  /** Blocks below which a run stays sequential. */
  static final int MIN_BLOCKS = 8;
  /** Blocks read and computed to time the run (the first of them untimed): an eighth of the run, within these. */
  static final int MIN_PROBE_BLOCKS = 3;
  static final int MAX_PROBE_BLOCKS = 9;

  private AutoStyle() {}

  /** The chosen style and the sentence that says why. */
  record Choice(ConcurrencyStyle style, String reason) {}

  /**
   * @param gdalThreads GDAL's threads a run with a style would get (the run's settings, else the rule: see
   *     {@link ThreadBudget})
   * @param vectors the run's rasterized vectors, which the probe blocks fill and the run reuses
   * @param progress where the run shows progress and may be cancelled; null for none
   * @throws ProcessCancelledException if the run is cancelled while its blocks are timed
   */
  static <A> Choice choose(WorkingPlan plan, BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs,
      int cores, ToIntFunction<ConcurrencyStyle> gdalThreads, RasterizationCache vectors, Progress progress) {
    return choose(plan, stages, fn, otherArgs, cores, gdalThreads, vectors, progress, EncodeTiming::millis);
  }

  /**
   * As above, timing each counted block's encoding with {@code encodeMillis} (one output's array of one
   * block, in milliseconds; NaN where it cannot be timed).
   */
  static <A> Choice choose(WorkingPlan plan, BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs,
      int cores, ToIntFunction<ConcurrencyStyle> gdalThreads, RasterizationCache vectors, Progress progress,
      ToDoubleBiFunction<OutputSpec, RasterArray> encodeMillis) {
    if (cores < 2) {
      return new Choice(ConcurrencyStyle.none(), "auto: 1 core, so sequential");
    }
    if (plan.numBlocks() < MIN_BLOCKS) {
      return new Choice(ConcurrencyStyle.none(), "auto: only " + plan.numBlocks() + " block"
          + (plan.numBlocks() == 1 ? "" : "s") + ", so sequential");
    }
    if (otherArgs != null) {
      return new Choice(readWorker(), "auto: otherArgs are given and compute threads would each work on a copy "
          + "of them, so 1 read worker (not timed: the timing blocks would need a copy too)");
    }
    List<Double> reads = new ArrayList<>();
    List<Double> computes = new ArrayList<>();
    List<Double> encodeShared = new ArrayList<>();   // outputs GDAL encodes on its threads
    List<Double> encodeAlone = new ArrayList<>();    // outputs encoded on one thread whatever GDAL gets
    Set<String> untimed = new TreeSet<>();
    Timers scratch = new Timers();
    long started = System.nanoTime();
    int probes = Math.max(MIN_PROBE_BLOCKS, Math.min(MAX_PROBE_BLOCKS, plan.numBlocks() / 8));
    if (progress != null) {
      progress.setLabelText("Timing " + probes + " blocks to choose how to run...");
    }
    Times times;
    try (BlockReader reader = new BlockReader(plan, vectors);
        GdalConfig.Scope s = plan.gdalConfig().applyToThisThread()) {
      boolean readShared = decodesOnGdalThreads(plan);
      for (int i = 0; i < probes; i++) {
        BlockDefn block = plan.blocks().get(probeIndex(i, probes, plan.numBlocks()));
        if (progress != null && progress.wasCancelled()) {
          throw new ProcessCancelledException("Processing cancelled by the user while timing block "
              + block.index() + " to choose a concurrency style");
        }
        long t0 = System.nanoTime();
        BlockAssociations in = stages.read(reader, block, scratch);
        long t1 = System.nanoTime();
        BlockAssociations out = stages.compute(fn, block, in, null, scratch);
        long t2 = System.nanoTime();
        if (i > 0) {
          reads.add((t1 - t0) / 1e6);
          computes.add((t2 - t1) / 1e6);
        }
        // encoding is GDAL's, warm from the start: timed only for the blocks whose times count (warmed())
        if (i >= firstCounted(probes)) {
          double shared = 0;
          double alone = 0;
          for (OutputSpec spec : plan.outputs()) {
            RasterArray a = out.find(spec.name(), spec.seq());
            double ms = a == null ? 0 : encodeMillis.applyAsDouble(spec, a);
            if (Double.isNaN(ms)) {
              untimed.add(spec.name());
            } else if (encodesOnGdalThreads(spec)) {
              shared += ms;
            } else {
              alone += ms;
            }
          }
          encodeShared.add(shared);
          encodeAlone.add(alone);
        }
      }
      times = new Times(warmed(reads), readShared, warmed(computes), median(encodeShared), median(encodeAlone));
    } finally {
      if (progress != null) {
        progress.setLabelText(null); // the run's own label again
      }
    }
    Choice c = decide(times, cores, gdalThreads);
    String notTimed = untimed.isEmpty() ? "" : "; writing " + String.join(", ", untimed) + " not timed (its driver "
        + "cannot write into memory)";
    // the timing blocks are not in the run's timers (their outputs are not written): say what they cost
    return new Choice(c.style(), c.reason() + notTimed + String.format(Locale.ROOT, " (timing %d blocks took %.2f s)",
        probes, (System.nanoTime() - started) / 1e9));
  }

  /**
   * The block that probe {@code i} of {@code probes} times: the first block, then blocks evenly spread to the
   * last but one, so a run whose cost varies along the image (clouds, sea, nodata margins) is timed where it
   * is, and a function that acts on {@code info.isLastBlock()} still does so once, in the run.
   */
  static int probeIndex(int i, int probes, int numBlocks) {
    return i == 0 ? 0 : (int) ((long) i * (numBlocks - 2) / (probes - 1));
  }

  /** Whether GDAL spreads encoding {@code spec} over its threads ({@link OutputDrivers#encodesOnGdalThreads}). */
  static boolean encodesOnGdalThreads(OutputSpec spec) {
    return OutputDrivers.encodesOnGdalThreads(spec.settings().driverName(), spec.settings().creationOptions());
  }

  /**
   * Whether GDAL spreads decoding the run's raster inputs over its threads: every one a compressed GTiff
   * (vector inputs are read from their rasterized copies, uncompressed, and do not count).
   */
  static boolean decodesOnGdalThreads(WorkingPlan plan) {
    boolean any = false;
    for (InputSpec input : plan.inputs()) {
      if (input.isVector()) {
        continue;
      }
      Dataset ds = RasterFileInfo.openRaster(input.filename());
      try {
        String compression = ds.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE");
        if (!"GTiff".equals(ds.GetDriver().getShortName()) || compression == null
            || "NONE".equalsIgnoreCase(compression)) {
          return false;
        }
        any = true;
      } finally {
        ds.delete();
      }
    }
    return any;
  }

  /**
   * A block's measured times in milliseconds: reading (with GDAL's decoding threads if {@code readShared}),
   * computing, and encoding on one thread the outputs GDAL encodes on its threads ({@code encodeShared}) and
   * the others ({@code encodeAlone}).
   */
  record Times(double read, boolean readShared, double compute, double encodeShared, double encodeAlone) {
    double write() {
      return encodeShared + encodeAlone;
    }
  }

  /** The choice for blocks that take {@code readMs} to read and {@code computeMs} to compute, nothing to write. */
  static Choice decide(double readMs, double computeMs, int cores) {
    return decide(new Times(readMs, true, computeMs, 0, 0), cores, null);
  }

  /**
   * The choice for blocks with times {@code t} (read and timed with the GDAL threads of a run without compute
   * threads); {@code gdalThreads} null for the rule's threads (no settings).
   */
  static Choice decide(Times t, int cores, ToIntFunction<ConcurrencyStyle> gdalThreads) {
    String measured = String.format(Locale.ROOT, "auto: reading %.1f ms, computing %.1f ms, writing %.1f ms "
        + "per block on %d cores", t.read(), t.compute(), t.write(), cores);
    ToIntFunction<ConcurrencyStyle> threadsOf = gdalThreads != null ? gdalThreads
        : style -> ThreadBudget.rule(style, cores).gdalThreads();
    int gdalSequential = threadsOf.applyAsInt(ConcurrencyStyle.none());
    int gdalAlone = threadsOf.applyAsInt(readWorker());
    int gdalWithThreads = threadsOf.applyAsInt(threads(1, cores));
    double floor = (t.read() + t.compute() + t.write()) / cores; // the CPU work, on every core
    // the blocks were read with the probe's GDAL decoding threads (those of 1 read worker)
    double sequential = readWith(t, gdalAlone, gdalSequential) + t.compute() + writeWith(t, gdalSequential);
    double read1 = Math.max(floor, Math.max(readWith(t, gdalAlone, gdalAlone), t.compute() + writeWith(t, gdalAlone)));
    double readWithThreads = readWith(t, gdalAlone, gdalWithThreads);
    double writeWithThreads = writeWith(t, gdalWithThreads);
    double threads1 = Math.max(floor, Math.max(readWithThreads, Math.max(t.compute() / cores, writeWithThreads)));
    double threads2 = Math.max(floor, Math.max(readWithThreads / 2, Math.max(t.compute() / cores, writeWithThreads)));
    String estimates = String.format(Locale.ROOT, "; estimated %.1f ms sequential, %.1f with 1 read worker, %.1f "
        + "with 1 read + %d compute threads, %.1f with 2 reads + %d compute threads", sequential, read1, threads1,
        cores, threads2, cores);
    if (read1 <= 1.05 * Math.min(threads1, threads2)) {
      return new Choice(readWorker(), measured + estimates + ": so 1 read worker");
    }
    int readers = threads1 <= 1.05 * threads2 ? 1 : 2;
    return new Choice(threads(readers, cores), measured + estimates + ": so " + readers + " read worker"
        + (readers > 1 ? "s" : "") + " + " + cores + " compute threads");
  }

  /** Reading time with {@code gdal} decoding threads, measured with {@code measuredWith}. */
  private static double readWith(Times t, int measuredWith, int gdal) {
    return t.readShared() ? t.read() * measuredWith / gdal : t.read();
  }

  /** Writing time with {@code gdal} encoding threads. */
  private static double writeWith(Times t, int gdal) {
    return t.encodeShared() / gdal + t.encodeAlone();
  }

  /** 1 read worker, without buffer timeouts. */
  private static ConcurrencyStyle readWorker() {
    return untimed(ConcurrencyStyle.builder().numReadWorkers(1)).build();
  }

  private static ConcurrencyStyle threads(int readers, int cores) {
    return untimed(ConcurrencyStyle.builder().numReadWorkers(readers).numComputeWorkers(cores)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS)).build();
  }

  /**
   * No buffer timeouts: RIOS's defaults (10 to 20 s a block) suit a style its user chose for a function whose
   * speed they know; auto() is asked for functions of any speed, where sequential has no limit either.
   */
  private static ConcurrencyStyle.Builder untimed(ConcurrencyStyle.Builder b) {
    return b.readBufferInsertTimeout(null).readBufferPopTimeout(null).computeBufferInsertTimeout(null)
        .computeBufferPopTimeout(null).computeBarrierTimeout(null);
  }

  /**
   * The index of the first of {@code probes} probe blocks whose times {@link #warmed} counts (the first block
   * is not timed; of the rest, the later half counts).
   */
  static int firstCounted(int probes) {
    return 1 + (probes - 1) / 2;
  }

  /** The median of the later half of {@code xs}: blocks timed after the JVM has compiled the code they run. */
  static double warmed(List<Double> xs) {
    return median(xs.subList(xs.size() / 2, xs.size()));
  }

  /** The median of {@code xs} (0 for none). */
  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
