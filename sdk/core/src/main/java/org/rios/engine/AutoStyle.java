package org.rios.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.rios.applier.BlockAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.engine.internal.OtherArgsCopies;
import org.rios.errors.ParameterException;
import org.rios.io.BlockReader;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * What {@link ConcurrencyStyle#auto()} chooses: reads and computes the first few blocks of the run (the
 * user function on a copy of otherArgs, its outputs discarded; nothing is written), times reading against
 * computing, and picks from sequential, 1 read worker, 1 read worker + compute threads and 2 read workers
 * + compute threads for this machine's cores:
 *
 * <ul>
 *   <li>one core, or fewer than {@value #MIN_BLOCKS} blocks: sequential (workers would cost more than they
 *       save);
 *   <li>computing under a quarter of reading (I/O-bound): 1 read worker, reading ahead of the loop that
 *       computes and writes;
 *   <li>otherwise compute threads, one per core, with 1 read worker, or 2 when one reader could not keep the
 *       compute threads fed (reading a block takes longer than computing one divided by the threads);
 *   <li>but never compute workers for a run given otherArgs: each would work on its own copy, so what the
 *       caller's object sees, and what the function computes from it, would depend on the choice (1 read
 *       worker keeps the caller's object); and sequential, untimed, for otherArgs that cannot be copied for
 *       the timing blocks.
 * </ul>
 *
 * <p>Each choice runs its blocks in the order and with the single writer of every driver, so outputs are the
 * same as sequential. The first probe block pays for opening the files and is not timed.
 */
final class AutoStyle {
  /** Blocks below which a run stays sequential. */
  static final int MIN_BLOCKS = 8;
  /** Blocks read and computed to time the run (the first of them untimed). */
  static final int PROBE_BLOCKS = 3;

  private AutoStyle() {}

  /** The chosen style and the sentence that says why. */
  record Choice(ConcurrencyStyle style, String reason) {}

  static <A> Choice choose(WorkingPlan plan, BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs,
      int cores) {
    if (cores < 2) {
      return new Choice(ConcurrencyStyle.none(), "auto: 1 core, so sequential");
    }
    if (plan.numBlocks() < MIN_BLOCKS) {
      return new Choice(ConcurrencyStyle.none(), "auto: only " + plan.numBlocks() + " block"
          + (plan.numBlocks() == 1 ? "" : "s") + ", so sequential");
    }
    List<Double> reads = new ArrayList<>();
    List<Double> computes = new ArrayList<>();
    A probeArgs;
    try {
      probeArgs = OtherArgsCopies.copy(otherArgs); // the timing blocks must not count in the caller's object
    } catch (ParameterException e) {
      return new Choice(ConcurrencyStyle.none(), "auto: otherArgs cannot be copied for the timing blocks ("
          + e.getMessage() + "), so sequential");
    }
    Timers scratch = new Timers();
    try (BlockReader reader = new BlockReader(plan)) {
      for (int i = 0; i < Math.min(PROBE_BLOCKS, plan.numBlocks()); i++) {
        long t0 = System.nanoTime();
        BlockAssociations in = stages.read(reader, plan.blocks().get(i), scratch);
        long t1 = System.nanoTime();
        stages.compute(fn, plan.blocks().get(i), in, probeArgs, scratch);
        long t2 = System.nanoTime();
        if (i > 0) {
          reads.add((t1 - t0) / 1e6);
          computes.add((t2 - t1) / 1e6);
        }
      }
    }
    return decide(median(reads), median(computes), cores, otherArgs != null);
  }

  /** The choice for blocks that take {@code readMs} to read and {@code computeMs} to compute, no otherArgs. */
  static Choice decide(double readMs, double computeMs, int cores) {
    return decide(readMs, computeMs, cores, false);
  }

  /**
   * The choice for blocks that take {@code readMs} to read and {@code computeMs} to compute, for a run given
   * otherArgs or not.
   */
  static Choice decide(double readMs, double computeMs, int cores, boolean otherArgsGiven) {
    String measured = String.format(Locale.ROOT, "auto: reading %.1f ms, computing %.1f ms per block on %d cores",
        readMs, computeMs, cores);
    if (computeMs < readMs / 4) {
      return new Choice(ConcurrencyStyle.builder().numReadWorkers(1).build(),
          measured + ": I/O-bound, so 1 read worker");
    }
    if (otherArgsGiven) {
      return new Choice(ConcurrencyStyle.builder().numReadWorkers(1).build(), measured + ": compute-bound, but "
          + "otherArgs are given and compute threads would each work on a copy of them, so 1 read worker");
    }
    int readers = readMs > computeMs / cores ? 2 : 1;
    ConcurrencyStyle s = ConcurrencyStyle.builder().numReadWorkers(readers).numComputeWorkers(cores)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
    return new Choice(s, measured + ": compute-bound, so " + readers + " read worker" + (readers > 1 ? "s" : "")
        + " + " + cores + " compute threads");
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.isEmpty() ? 0 : s.get(s.size() / 2);
  }
}
