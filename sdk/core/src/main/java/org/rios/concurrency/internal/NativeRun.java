package org.rios.concurrency.internal;

import java.util.ArrayList;
import java.util.List;
import org.rios.applier.BlockAssociations;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.concurrency.internal.workers.ComputeThreads;
import org.rios.concurrency.internal.workers.ReadWorkers;
import org.rios.engine.BlockStages;
import org.rios.engine.Driver;
import org.rios.engine.Job;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.ProgressTracker;
import org.rios.engine.internal.WorkerFailures;
import org.rios.engine.internal.WriterLoop;
import org.rios.errors.ProcessCancelledException;
import org.rios.io.BlockReader;
import org.rios.io.BlockWriter;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * One run of the native driver. Read-worker threads fill the read buffer (unless compute workers read their
 * own blocks); the user function runs in the calling thread (CW_NONE with read workers), in compute threads
 * (CW_THREADS) or in other processes ({@link RemoteCompute}), which fill the compute buffer; the calling
 * thread is the single writer ({@link WriterLoop}). Same stages, same BlockReader and BlockWriter as the
 * sequential loop, so outputs are identical.
 *
 * @param <A> the otherArgs type
 */
final class NativeRun<A> {
  /** Compute-buffer capacity with one batch job per block. */
  private static final int SINGLE_BLOCK_BUFFER = 4;

  private final Job<A> job;
  private final ConcurrencyStyle style;
  private final WorkingPlan plan;
  private final BlockStages stages;
  private final Timers timers;
  /** Read threads in this process; 0 when the compute workers read their own blocks. */
  private final int readThreads;
  private final WorkerFailures failures = new WorkerFailures();
  private final ProgressTracker tracker;

  NativeRun(Job<A> job, int readThreads) {
    this.job = job;
    this.style = job.style();
    this.plan = job.plan();
    this.stages = job.stages();
    this.timers = job.timers();
    this.readThreads = readThreads;
    this.tracker = new ProgressTracker(job.progress(), plan.numBlocks());
  }

  Driver.Result<A> run() {
    BlockBuffer readBuffer = null;
    if (readThreads > 0) {
      readBuffer = new BlockBuffer(job.infiles(), 2 * readThreads, style.readBufferInsertTimeout(),
          style.readBufferPopTimeout(), "readBufferInsertTimeout", "readBufferPopTimeout");
      readBuffer.setStopCondition(failures::failed);
    }
    List<A> argsList = new ArrayList<>();
    // the progress display is finished last, however the run ends
    try (ProgressTracker finishing = tracker;
        BlockWriter writer = new BlockWriter(plan, job.tempDir(), timers, job.progress());
        ReadWorkers readWorkers = readBuffer == null ? null : new ReadWorkers(plan, plan.blocks(), readBuffer,
            readThreads, () -> new BlockReader(plan, job.vectors()), failures, timers, !computesElsewhere())) {
      if (style.computeWorkerKind() == ComputeWorkerKind.CW_NONE) {
        computeHere(readBuffer, writer);
        argsList.add(job.otherArgs());
      } else {
        BlockBuffer computeBuffer = computeBuffer();
        if (style.computeWorkerKind() == ComputeWorkerKind.CW_THREADS) {
          argsList.addAll(computeInThreads(readBuffer, computeBuffer, writer));
        } else {
          RemoteCompute<A> remote = new RemoteCompute<>(job, readThreads == 0, failures);
          argsList.addAll(remote.run(readBuffer, computeBuffer, () -> {
            if (readWorkers != null) {
              readWorkers.start();
            }
          }, () -> writeAll(computeBuffer, writer)));
        }
      }
      failures.throwIfFailed();
      writer.finish();
      return new Driver.Result<>(writer.singlePassReports(), argsList);
    }
  }

  /** Whether the blocks are computed in other processes (subprocesses, batch jobs), which start first. */
  private boolean computesElsewhere() {
    ComputeWorkerKind kind = style.computeWorkerKind();
    return kind != ComputeWorkerKind.CW_NONE && kind != ComputeWorkerKind.CW_THREADS;
  }

  /** CW_NONE with read workers: the user function in this thread, on blocks from the read buffer. */
  private void computeHere(BlockBuffer readBuffer, BlockWriter writer) {
    for (int i = 0; i < plan.numBlocks(); i++) {
      checkCancelled(i);
      BlockBuffer.Entry in;
      try (Timers.Interval t = timers.interval("pop_readbuffer")) {
        in = WriterLoop.pop(readBuffer, failures);
      }
      BlockAssociations out = stages.compute(job.fn(), in.block(), in.data(), job.otherArgs(), timers);
      // an interrupt the user function left set on this thread is cleared, as the sequential loop never sees
      // one (the next wait for a block failed as "Interrupted", blaming the library)
      Thread.interrupted();
      WriterLoop.write((block, outputs) -> stages.write(writer, block, outputs), in.block(), out, failures);
      tracker.blockDone();
    }
  }

  private List<A> computeInThreads(BlockBuffer readBuffer, BlockBuffer computeBuffer, BlockWriter writer) {
    ComputeThreads<A> started;
    try (Timers.Interval t = timers.interval("startcomputeworkers")) { // as for every other kind of worker
      started = new ComputeThreads<>(style.numComputeWorkers(), plan.numBlocks(), stages, job.fn(),
          job.otherArgs(), readBuffer, computeBuffer, failures, timers);
    }
    try (ComputeThreads<A> workers = started) {
      try {
        writeAll(computeBuffer, writer);
      } catch (RuntimeException e) {
        throw workers.explain(e);
      }
      workers.close();
      return workers.otherArgsCopies();
    }
  }

  /**
   * The writer takes computed blocks in any order, so any capacity is deadlock-free; one job per block gets a
   * small fixed one (RIOS's 2 x numComputeWorkers would be 0 there).
   */
  private BlockBuffer computeBuffer() {
    int capacity = style.singleBlockComputeWorkers() ? SINGLE_BLOCK_BUFFER : 2 * style.numComputeWorkers();
    BlockBuffer b = new BlockBuffer(null, capacity, style.computeBufferInsertTimeout(),
        style.computeBufferPopTimeout(), "computeBufferInsertTimeout", "computeBufferPopTimeout");
    b.setStopCondition(failures::failed);
    return b;
  }

  /** The single writer: every computed block from the compute buffer, written in completion order. */
  private void writeAll(BlockBuffer computeBuffer, BlockWriter writer) {
    new WriterLoop(computeBuffer, failures, timers, "pop_computebuffer").run(plan.numBlocks(),
        (block, outputs) -> stages.write(writer, block, outputs), this::checkCancelled, tracker::blockDone);
  }

  private void checkCancelled(int done) {
    if (job.progress() != null && job.progress().wasCancelled()) {
      throw new ProcessCancelledException("Processing cancelled by the user after " + done + " blocks");
    }
  }
}
