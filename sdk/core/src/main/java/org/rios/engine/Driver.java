package org.rios.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.applier.SinglePassReport;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;

/**
 * A way to run the stages of a planned job: which thread, process or cluster reads, computes and writes each
 * block. Every driver reads through {@link org.rios.io.BlockReader}, calls the user function through
 * {@link BlockStages#compute} and writes through the single {@link org.rios.io.BlockWriter}, so outputs are
 * identical whichever runs them.
 *
 * <p>Drivers are found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/org.rios.engine.Driver} of its jar. rios-core provides the sequential driver
 * (CW_NONE without read workers) and the native one (read workers, CW_THREADS, CW_SUBPROC, CW_SLURM,
 * CW_PBS); rios-beam provides CW_BEAM.
 *
 * <pre>{@code
 * public final class MyDriver implements Driver {
 *   public Set<ComputeWorkerKind> kinds() { return Set.of(ComputeWorkerKind.CW_AWSBATCH); }
 *   public <A> Driver.Result<A> run(Job<A> job) { ... }
 * }
 * }</pre>
 */
public interface Driver {
  /** The compute worker kinds this driver runs. */
  Set<ComputeWorkerKind> kinds();

  /** Whether this driver runs {@code style}; by default when its compute worker kind is one of {@link #kinds}. */
  default boolean accepts(ConcurrencyStyle style) {
    return kinds().contains(style.computeWorkerKind());
  }

  /** Runs every block of the job and finishes the outputs; throws the first failure, naming the block. */
  <A> Result<A> run(Job<A> job);

  /**
   * What a run produced besides its outputs.
   *
   * @param singlePass per output label, which statistics actions ran single-pass
   * @param otherArgsList the caller's otherArgs (no compute workers) or each compute worker's copy
   */
  record Result<A>(Map<String, SinglePassReport> singlePass, List<A> otherArgsList) {}
}
