package org.rios.concurrency.internal;

import java.util.Set;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.engine.Driver;
import org.rios.engine.Job;
import org.rios.errors.ParameterException;

/**
 * The native concurrent driver: read workers, CW_THREADS compute threads, and compute workers in other
 * processes (CW_SUBPROC, CW_SLURM, CW_PBS), with RIOS's buffers, timeouts and timers. It checks the style and
 * runs the job as a {@link NativeRun}; the calling thread is always the single writer.
 */
public final class NativeDriver implements Driver {
  private static final Set<ComputeWorkerKind> KINDS = Set.of(ComputeWorkerKind.CW_NONE,
      ComputeWorkerKind.CW_THREADS, ComputeWorkerKind.CW_SUBPROC, ComputeWorkerKind.CW_SLURM,
      ComputeWorkerKind.CW_PBS);

  @Override
  public Set<ComputeWorkerKind> kinds() {
    return KINDS;
  }

  /** Every native kind except the sequential loop (CW_NONE without read workers). */
  @Override
  public boolean accepts(ConcurrencyStyle style) {
    return !style.isSequential() && KINDS.contains(style.computeWorkerKind());
  }

  @Override
  public <A> Result<A> run(Job<A> job) {
    ConcurrencyStyle style = job.style();
    boolean workersRead = isRemote(style.computeWorkerKind()) && style.effectiveComputeWorkersRead();
    // One job per block has no read workers of its own (numReadWorkers must be 0); the main process then
    // reads with one thread when the jobs do not read.
    int readThreads = style.singleBlockComputeWorkers() ? Math.max(1, style.numReadWorkers()) : style.numReadWorkers();
    if (!workersRead && readThreads < 1) {
      throw new ParameterException("numReadWorkers must be >= 1 when the main process reads the blocks");
    }
    return new NativeRun<>(job, workersRead ? 0 : readThreads).run();
  }

  /** Compute workers in other processes: CW_SUBPROC locally, CW_SLURM and CW_PBS as batch jobs. */
  static boolean isRemote(ComputeWorkerKind kind) {
    return kind == ComputeWorkerKind.CW_SUBPROC || kind == ComputeWorkerKind.CW_SLURM
        || kind == ComputeWorkerKind.CW_PBS;
  }
}
