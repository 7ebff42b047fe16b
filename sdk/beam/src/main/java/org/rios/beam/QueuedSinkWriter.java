package org.rios.beam;

import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.WorkerFailures;
import org.rios.engine.internal.WriterLoop;
import org.rios.errors.RiosException;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The in-process sink's writer: a {@link SinkWriter} fed by its own thread from a small {@link BlockBuffer},
 * through the same {@link WriterLoop} that feeds the native drivers' single writer from their compute buffer.
 * The runner's bundle threads only insert (waiting when the buffer is full, so memory stays at a few blocks)
 * and go back to reading and computing while the writer thread encodes, writes and accumulates statistics.
 */
final class QueuedSinkWriter implements AutoCloseable {
  private static final int CAPACITY = 8;

  private final SinkWriter writer;
  private final BlockBuffer buffer = new BlockBuffer(null, CAPACITY, null, null, "sinkBufferInsertTimeout",
      "sinkBufferPopTimeout");
  private final WorkerFailures failures = new WorkerFailures();
  private final Thread thread;
  private volatile boolean drained;
  private volatile boolean closed;
  /** Set by {@link #awaitWritten}: every block this JVM will get was inserted. */
  private volatile boolean inputEnded;

  QueuedSinkWriter(WorkingPlan plan, FilenameAssociations outfiles) {
    this.writer = new SinkWriter(plan, outfiles);
    buffer.setStopCondition(() -> closed || failures.failed());
    WriterLoop loop = new WriterLoop(buffer, failures, writer.timers(), "pop_sinkbuffer", () -> inputEnded);
    this.thread = new Thread(() -> drain(loop, plan.numBlocks()), "rios-beam-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes every block of the plan, as they come; a failure is recorded for the producers to throw. */
  private void drain(WriterLoop loop, int numBlocks) {
    try {
      loop.run(numBlocks, writer::write, i -> { }, () -> { });
      drained = true;
    } catch (RuntimeException e) {
      failures.record("main", 0, e);
    } catch (Error e) {
      // e.g. OutOfMemoryError or a GDAL linkage error: still the cause the workers must report
      failures.record("main", 0, new RiosException("The RIOS sink's writer thread failed: " + e, e));
    }
  }

  /**
   * Hands a block to the writer thread; throws the writer's failure if it has failed. A block that comes
   * after {@link #close()} (an abort: the run already failed with its own error) is dropped, so a second
   * error from another worker cannot replace the first.
   */
  void write(BlockDefn block, BlockAssociations outputs) {
    if (closed) {
      return;
    }
    try {
      buffer.insertCompleteBlock(block, outputs);
    } catch (InterruptedException e) {
      if (closed) {
        return;
      }
      if (!failures.failed()) {
        Thread.currentThread().interrupt();
        throw new RiosException("Interrupted while queueing block " + block.index() + " for the RIOS sink", e);
      }
    }
    checkRunning();
  }

  /** Throws the writer thread's failure; silent after {@link #close()} (see write). */
  private void checkRunning() {
    if (!closed) {
      failures.throwIfFailed();
    }
  }

  /** Waits for every block to be written, then finishes the outputs. */
  WriteSummary finish() {
    awaitWritten();
    return writer.finish();
  }

  /**
   * Called once every block was handed over: waits until the writer thread has written them; throws its
   * failure if it failed.
   */
  void awaitWritten() {
    inputEnded = true;
    if (drained) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RiosException("Interrupted while the RIOS sink finished its writes", e);
    }
    failures.throwIfFailed();
  }

  int blocksWritten() {
    return writer.blocksWritten();
  }

  SinkWriter writer() {
    return writer;
  }

  /** Stops the writer thread; before {@link #finish()} this deletes the partial outputs. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }
}
