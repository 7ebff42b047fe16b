package org.rios.beam;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.values.KV;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.RiosException;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The in-process sink's writer: a {@link SinkWriter} fed by its own thread from a small bounded queue, as the
 * native drivers' single writer is fed from the compute buffer. The runner's bundle threads only enqueue
 * (waiting when the queue is full, so memory stays at a few blocks) and go back to reading and computing
 * while the writer thread encodes, writes and accumulates statistics.
 */
final class QueuedSinkWriter implements AutoCloseable {
  private static final int CAPACITY = 8;
  private static final KV<BlockDefn, BlockAssociations> END = KV.of(null, null);

  private final SinkWriter writer;
  private final BlockingQueue<KV<BlockDefn, BlockAssociations>> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Thread thread;
  private volatile RuntimeException failure;
  private volatile boolean stopped;
  private volatile boolean drained;
  private volatile boolean closed;

  QueuedSinkWriter(WorkingPlan plan, FilenameAssociations outfiles) {
    this.writer = new SinkWriter(plan, outfiles);
    this.thread = new Thread(this::drain, "rios-beam-writer");
    thread.setDaemon(true);
    thread.start();
  }

  private void drain() {
    try {
      while (true) {
        KV<BlockDefn, BlockAssociations> b = queue.take();
        if (b == END) {
          drained = true;
          return;
        }
        writer.write(b.getKey(), b.getValue());
      }
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      // e.g. OutOfMemoryError or a GDAL linkage error: still the cause the workers must report
      failure = new RiosException("The RIOS sink's writer thread failed: " + e, e);
    } finally {
      stopped = true;
      queue.clear();
    }
  }

  /**
   * Queues a block for the writer thread; throws the writer's failure if it has failed. A block that comes
   * after {@link #close()} (an abort: the run already failed with its own error) is dropped, so a second
   * error from another worker cannot replace the first.
   */
  void write(BlockDefn block, BlockAssociations outputs) {
    KV<BlockDefn, BlockAssociations> item = KV.of(block, outputs);
    try {
      while (!closed && !queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
        checkRunning();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (closed) {
        return;
      }
      throw new RiosException("Interrupted while queueing block " + block.index() + " for the RIOS sink", e);
    }
    checkRunning();
  }

  /** Throws the writer thread's failure, or says it stopped; silent after {@link #close()} (see write). */
  private void checkRunning() {
    if (closed) {
      return;
    }
    if (failure != null) {
      throw failure;
    }
    if (stopped) {
      throw new RiosException("The RIOS sink's writer has stopped");
    }
  }

  /** Waits for every queued block to be written, then finishes the outputs. */
  WriteSummary finish() {
    awaitWritten();
    return writer.finish();
  }

  /** Waits until the writer thread has written every queued block; throws its failure if it failed. */
  void awaitWritten() {
    if (drained) {
      return;
    }
    if (!thread.isAlive()) {
      checkRunning();
      return;
    }
    try {
      queue.put(END);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RiosException("Interrupted while the RIOS sink finished its writes", e);
    }
    if (failure != null) {
      throw failure;
    }
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
