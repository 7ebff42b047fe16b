package org.rios.concurrency.internal.workers;

import java.util.ArrayList;
import java.util.List;
import org.rios.applier.BlockAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.engine.BlockStages;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.BusyWorkers;
import org.rios.engine.internal.OtherArgsCopies;
import org.rios.engine.internal.OwnArrays;
import org.rios.engine.internal.WorkerFailures;
import org.rios.engine.internal.WorkerThreads;
import org.rios.errors.RiosException;
import org.rios.plan.BlockDefn;
import org.rios.plan.OutputSpec;
import org.rios.timing.Timers;

/**
 * CW_THREADS compute workers: threads that take complete blocks from the read buffer, run the user function
 * and put the outputs into the compute buffer. Each worker has its own copy of otherArgs and processes as
 * many blocks as its round-robin share of the block list (RIOS's {@code blocks[i::N]}), whichever blocks
 * are ready first.
 *
 * @param <A> the otherArgs type
 */
public final class ComputeThreads<A> implements AutoCloseable {
  private final WorkerThreads threads = new WorkerThreads();
  private final List<A> argsCopies = new ArrayList<>();
  /** How long a run that ends waits for a compute worker still inside its user function. */
  static final long STOP_GRACE_MILLIS = 10_000;
  private volatile boolean stopped;
  /** Workers inside their user function. */
  private final BusyWorkers busy = new BusyWorkers();
  /** Output arrays handed to the writer: see {@link #checkOwnArrays}. */
  private final OwnArrays ownArrays = new OwnArrays();

  public ComputeThreads(int n, int numBlocks, BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs,
      BlockBuffer readBuffer, BlockBuffer computeBuffer, WorkerFailures failures, Timers timers) {
    for (int i = 0; i < n; i++) {
      A copy = OtherArgsCopies.copy(otherArgs);
      argsCopies.add(copy);
      int id = i;
      int share = numBlocks / n + (i < numBlocks % n ? 1 : 0);
      threads.add("rios-compute-" + i,
          () -> run(id, share, stages, fn, copy, readBuffer, computeBuffer, failures, timers));
    }
    threads.start();
  }

  private void run(int id, int share, BlockStages stages, UserFunctionWithArgs<A> fn, A args,
      BlockBuffer readBuffer, BlockBuffer computeBuffer, WorkerFailures failures, Timers timers) {
    try {
      for (int k = 0; k < share && !stopped; k++) {
        BlockBuffer.Entry in;
        try (Timers.Interval t = timers.interval("pop_readbuffer")) {
          in = readBuffer.popNextBlock(() -> stopped || failures.failed());
        }
        if (in == null) {
          return;
        }
        busy.started(id, in.block());
        BlockAssociations out;
        try {
          out = stages.compute(fn, in.block(), in.data(), args, timers);
        } finally {
          busy.done(id);
        }
        checkOwnArrays(stages, in.block(), out);
        if (Thread.interrupted() && stopped) {
          return; // close() interrupted the worker; an interrupt the user function left set is only cleared,
                  // as the sequential style never notices one
        }
        try (Timers.Interval t = timers.interval("insert_computebuffer")) {
          computeBuffer.insertCompleteBlock(in.block(), out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (!stopped) {
        failures.record("compute", id, e); // not from close(): the worker would end silently otherwise
      }
    } catch (Throwable e) {
      if (!stopped) {
        failures.record("compute", id, e);
      }
    }
  }

  /** Refuses an output array already put for another block ({@link OwnArrays}). */
  private void checkOwnArrays(BlockStages stages, BlockDefn block, BlockAssociations out) {
    for (OutputSpec spec : stages.plan().outputs()) {
      ownArrays.check(stages.outputArray(out, spec), spec.label(), "", block.index());
    }
  }

  /**
   * The run's failure {@code e}, naming the workers inside their user function when it is a buffer timeout
   * ({@link BusyWorkers#explain}).
   */
  public RuntimeException explain(RuntimeException e) {
    return busy.explain(e);
  }

  /** Each worker's otherArgs copy, in worker order (complete once the workers have finished). */
  public List<A> otherArgsCopies() {
    return new ArrayList<>(argsCopies);
  }

  /**
   * Stops the workers and waits for them, at most {@link #STOP_GRACE_MILLIS}.
   *
   * @throws RiosException naming the workers still in their user function after that (left running
   *     as daemon threads); on a failed run it is added to the run's failure as a suppressed exception
   */
  @Override
  public void close() {
    stopped = true;
    List<String> running = threads.stopAndJoin(STOP_GRACE_MILLIS);
    if (!running.isEmpty()) {
      throw new RiosException("Compute worker thread(s) " + running + " did not stop "
          + "within " + STOP_GRACE_MILLIS / 1000 + " s of the run ending: their user function ignores interrupts "
          + "(a loop that does not check Thread.interrupted()); they are left running as daemon threads");
    }
  }
}
