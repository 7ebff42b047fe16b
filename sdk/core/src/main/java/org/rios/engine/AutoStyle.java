package org.rios.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToIntFunction;
import org.rios.applier.BlockAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.engine.internal.OtherArgsCopies;
import org.rios.errors.ParameterException;
import org.rios.array.RasterArray;
import org.rios.concurrency.ThreadBudget;
import org.rios.gdal.GdalConfig;
import org.rios.io.BlockReader;
import org.rios.io.EncodeTiming;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * What {@link ConcurrencyStyle#auto()} chooses: reads and computes the first blocks of the run (the user
 * function on a copy of otherArgs; its outputs are encoded once into GDAL's memory to time writing, and
 * nothing is written to the outputs), times reading, computing and writing, and picks from 1 read worker,
 * 1 read worker + compute threads and 2 read workers + compute threads for this machine's cores:
 *
 * <ul>
 *   <li>one core, or fewer than {@value #MIN_BLOCKS} blocks: sequential (workers would cost more than they
 *       save);
 *   <li>otherwise the style with the shortest estimated time per block, from the blocks' times after the
 *       JVM has warmed up (the median of the later half of {@value #MIN_PROBE_BLOCKS}-{@value #MAX_PROBE_BLOCKS}
 *       probe blocks; the first pays for opening the files and is not timed): a read worker overlaps reading
 *       with computing and writing; compute threads divide computing but leave GDAL one encoder thread (the
 *       run's {@link org.rios.concurrency.ThreadBudget}), where without them GDAL encodes and decodes on every
 *       core (the probe's reading is scaled by the decoding threads each style leaves GDAL); no
 *       style beats the run's CPU work spread over the cores. Ties (within 5 %) go to the simpler style;
 *   <li>but never compute workers for a run given otherArgs: each would work on its own copy, so what the
 *       caller's object sees, and what the function computes from it, would depend on the choice (1 read
 *       worker keeps the caller's object); and sequential, untimed, for otherArgs that cannot be copied for
 *       the timing blocks.
 * </ul>
 *
 * <p>Every choice computes the same pixels as sequential. With compute threads, blocks reach the writer in
 * the order they are computed, so a file's tiles may lie in another order (its bytes differ, not its pixels).
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
   */
  static <A> Choice choose(WorkingPlan plan, BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs,
      int cores, ToIntFunction<ConcurrencyStyle> gdalThreads) {
    return choose(plan, stages, fn, otherArgs, cores, gdalThreads, EncodeTiming::millis);
  }

  /**
   * {@link #choose(WorkingPlan, BlockStages, UserFunctionWithArgs, Object, int, ToIntFunction)} timing each
   * counted block's encoding with {@code encodeMillis} (one output's array of one block, in milliseconds).
   */
  static <A> Choice choose(WorkingPlan plan, BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs,
      int cores, ToIntFunction<ConcurrencyStyle> gdalThreads,
      ToDoubleBiFunction<OutputSpec, RasterArray> encodeMillis) {
    if (cores < 2) {
      return new Choice(ConcurrencyStyle.none(), "auto: 1 core, so sequential");
    }
    if (plan.numBlocks() < MIN_BLOCKS) {
      return new Choice(ConcurrencyStyle.none(), "auto: only " + plan.numBlocks() + " block"
          + (plan.numBlocks() == 1 ? "" : "s") + ", so sequential");
    }
    List<Double> reads = new ArrayList<>();
    List<Double> computes = new ArrayList<>();
    List<Double> writes = new ArrayList<>();
    A probeArgs;
    try {
      probeArgs = OtherArgsCopies.copy(otherArgs); // the timing blocks must not count in the caller's object
    } catch (ParameterException e) {
      return new Choice(ConcurrencyStyle.none(), "auto: otherArgs cannot be copied for the timing blocks ("
          + e.getMessage() + "), so sequential");
    }
    Timers scratch = new Timers();
    long started = System.nanoTime();
    int probes = Math.max(MIN_PROBE_BLOCKS, Math.min(MAX_PROBE_BLOCKS, plan.numBlocks() / 8));
    try (BlockReader reader = new BlockReader(plan)) {
      for (int i = 0; i < probes; i++) {
        long t0 = System.nanoTime();
        BlockAssociations in = stages.read(reader, plan.blocks().get(i), scratch);
        long t1 = System.nanoTime();
        BlockAssociations out = stages.compute(fn, plan.blocks().get(i), in, probeArgs, scratch);
        long t2 = System.nanoTime();
        if (i > 0) {
          reads.add((t1 - t0) / 1e6);
          computes.add((t2 - t1) / 1e6);
        }
        // encoding is GDAL's, warm from the start: timed only for the blocks whose times count (warmed())
        if (i >= firstCounted(probes)) {
          double write = 0;
          try (GdalConfig.Scope s = plan.gdalConfig().applyToThisThread()) {
            for (OutputSpec spec : plan.outputs()) {
              RasterArray a = out.find(spec.name(), spec.seq());
              write += a == null ? 0 : encodeMillis.applyAsDouble(spec, a);
            }
          }
          writes.add(write);
        }
      }
    }
    Choice c = decide(warmed(reads), warmed(computes), median(writes), cores, otherArgs != null, gdalThreads);
    // the timing blocks are not in the run's timers (their outputs are not written): say what they cost
    return new Choice(c.style(), c.reason() + String.format(Locale.ROOT, " (timing %d blocks took %.2f s)",
        probes, (System.nanoTime() - started) / 1e9));
  }

  /** The choice for blocks that take {@code readMs} to read and {@code computeMs} to compute, no otherArgs. */
  static Choice decide(double readMs, double computeMs, int cores) {
    return decide(readMs, computeMs, 0, cores, false, null);
  }

  /**
   * The choice for blocks that take {@code readMs} to read, {@code computeMs} to compute and {@code writeMs}
   * to encode on one GDAL thread (read and timed with the GDAL threads of a run without compute threads), for a
   * run given otherArgs or not; {@code gdalThreads} null for the rule's threads (no settings).
   */
  static Choice decide(double readMs, double computeMs, double writeMs, int cores, boolean otherArgsGiven,
      ToIntFunction<ConcurrencyStyle> gdalThreads) {
    String measured = String.format(Locale.ROOT, "auto: reading %.1f ms, computing %.1f ms, writing %.1f ms "
        + "per block on %d cores", readMs, computeMs, writeMs, cores);
    double floor = (readMs + computeMs + writeMs) / cores; // the CPU work, on every core
    ToIntFunction<ConcurrencyStyle> threadsOf = gdalThreads != null ? gdalThreads
        : style -> ThreadBudget.rule(style, cores).gdalThreads();
    int gdalAlone = threadsOf.applyAsInt(ConcurrencyStyle.builder().numReadWorkers(1).build());
    int gdalWithThreads = threadsOf.applyAsInt(threads(1, cores));
    double read1 = Math.max(floor, Math.max(readMs, computeMs + writeMs / gdalAlone));
    if (otherArgsGiven) {
      return new Choice(ConcurrencyStyle.builder().numReadWorkers(1).build(), measured + ": otherArgs are given "
          + "and compute threads would each work on a copy of them, so 1 read worker");
    }
    // the blocks were read with the probe's GDAL decoding threads; with compute threads GDAL gets fewer
    double readWithThreads = readMs * gdalAlone / gdalWithThreads;
    double threads1 = Math.max(floor, Math.max(readWithThreads,
        Math.max(computeMs / cores, writeMs / gdalWithThreads)));
    double threads2 = Math.max(floor, Math.max(readWithThreads / 2,
        Math.max(computeMs / cores, writeMs / gdalWithThreads)));
    String estimates = String.format(Locale.ROOT, "; estimated %.1f ms with 1 read worker, %.1f with 1 read "
        + "+ %d compute threads, %.1f with 2 reads + %d compute threads", read1, threads1, cores, threads2, cores);
    if (read1 <= 1.05 * Math.min(threads1, threads2)) {
      return new Choice(ConcurrencyStyle.builder().numReadWorkers(1).build(), measured + estimates
          + ": so 1 read worker");
    }
    int readers = threads1 <= 1.05 * threads2 ? 1 : 2;
    return new Choice(threads(readers, cores), measured + estimates + ": so " + readers + " read worker"
        + (readers > 1 ? "s" : "") + " + " + cores + " compute threads");
  }

  private static ConcurrencyStyle threads(int readers, int cores) {
    return ConcurrencyStyle.builder().numReadWorkers(readers).numComputeWorkers(cores)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
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
