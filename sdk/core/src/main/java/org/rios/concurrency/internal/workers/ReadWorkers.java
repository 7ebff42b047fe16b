package org.rios.concurrency.internal.workers;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.rios.array.RasterArray;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.ReaderThreads;
import org.rios.engine.internal.WorkerFailures;
import org.rios.io.BlockReader;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * RIOS's read workers: the work is split into single (block, input file) pieces, queued in block order; each
 * thread of a {@link ReaderThreads} pool (its own BlockReader, its own GDAL handles) takes the next piece,
 * reads it and adds it to the read buffer, which assembles complete blocks. Reading runs ahead of
 * computation up to the buffer's capacity.
 */
public final class ReadWorkers implements AutoCloseable {
  private record Piece(BlockDefn block, InputSpec input) {}

  private final ReaderThreads pool;
  private final ConcurrentLinkedQueue<Piece> pieces = new ConcurrentLinkedQueue<>();
  private final WorkerFailures failures;
  private final BlockBuffer buffer;
  private final int n;
  private final Timers timers;
  private boolean started;
  private volatile boolean stopped;

  /**
   * Starts {@code n} threads reading every input of {@code blocks} into {@code buffer}.
   *
   * @param readerFactory makes one BlockReader per thread
   */
  public ReadWorkers(WorkingPlan plan, List<BlockDefn> blocks, BlockBuffer buffer, int n,
      Supplier<BlockReader> readerFactory, WorkerFailures failures, Timers timers) {
    this(plan, blocks, buffer, n, readerFactory, failures, timers, true);
  }

  /**
   * {@code n} threads to read every input of {@code blocks} into {@code buffer}, reading at once if
   * {@code startNow}, else from {@link #start} on: a run whose compute workers must first start (batch jobs
   * waiting in a queue) starts reading once they have, so a full buffer does not wait out
   * {@code readBufferInsertTimeout} while they are queued.
   */
  public ReadWorkers(WorkingPlan plan, List<BlockDefn> blocks, BlockBuffer buffer, int n,
      Supplier<BlockReader> readerFactory, WorkerFailures failures, Timers timers, boolean startNow) {
    this.failures = failures;
    this.buffer = buffer;
    this.n = n;
    this.timers = timers;
    for (BlockDefn b : blocks) {
      for (InputSpec in : plan.inputs()) {
        pieces.add(new Piece(b, in));
      }
      if (plan.inputs().isEmpty()) {
        pieces.add(new Piece(b, null)); // a run without inputs (a grid from the controls): each block is empty
      }
    }
    pool = new ReaderThreads("rios-read-", n, readerFactory);
    if (startNow) {
      start();
    }
  }

  /** Starts reading (once; later calls do nothing). */
  public synchronized void start() {
    if (started || stopped) {
      return;
    }
    started = true;
    for (int i = 0; i < n; i++) {
      int id = i;
      pool.submit(i, reader -> {
        run(id, reader, buffer, timers);
        return null;
      });
    }
  }

  private void run(int id, BlockReader reader, BlockBuffer buffer, Timers timers) {
    try {
      Piece p;
      while (!stopped && !failures.failed() && (p = pieces.poll()) != null) {
        if (p.input() == null) {
          buffer.addEmptyBlock(p.block());
          continue;
        }
        RasterArray a;
        try (Timers.Interval t = timers.interval("reading")) {
          a = reader.read(p.input(), p.block());
        }
        try (Timers.Interval t = timers.interval("insert_readbuffer")) {
          buffer.addBlockData(p.block(), p.input().name(), p.input().seq(), a);
        }
      }
    } catch (InterruptedException e) {
      if (!stopped) {
        failures.record("read", id, e); // its piece is lost: the run must say why, not time out later
      }
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      if (!stopped) {
        failures.record("read", id, e);
      }
    }
  }

  /** Stops the threads (after a failure or at the end) and waits for them. */
  @Override
  public void close() {
    stopped = true;
    pool.close();
  }
}
