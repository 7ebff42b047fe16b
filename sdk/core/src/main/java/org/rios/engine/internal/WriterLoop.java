package org.rios.engine.internal;

import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.rios.applier.BlockAssociations;
import org.rios.errors.RiosException;
import org.rios.plan.BlockDefn;
import org.rios.timing.Timers;

/**
 * The single writer's side of a {@link BlockBuffer}: takes computed blocks in completion order and hands each to
 * the writer. The native driver uses it whenever its compute workers are not on the writer's thread (compute
 * threads, worker processes, batch jobs), and each Beam output writer drains its buffer with it.
 *
 * <pre>{@code
 * new WriterLoop(computeBuffer, failures, timers, "pop_computebuffer")
 *     .run(plan.numBlocks(), (block, outputs) -> stages.write(writer, block, outputs), i -> {}, tracker::blockDone);
 * }</pre>
 */
public final class WriterLoop {
  /** Where each block goes. */
  @FunctionalInterface
  public interface Sink {
    void write(BlockDefn block, BlockAssociations outputs);
  }

  private final BlockBuffer buffer;
  private final WorkerFailures failures;
  private final Timers timers;
  private final String popTimer;
  private final BooleanSupplier inputEnded;

  /**
   * @param popTimer the timer of the wait for each block ("pop_computebuffer")
   */
  public WriterLoop(BlockBuffer buffer, WorkerFailures failures, Timers timers, String popTimer) {
    this(buffer, failures, timers, popTimer, () -> false);
  }

  /**
   * A loop that also ends, with fewer blocks, as soon as {@code inputEnded} says no more blocks are wanted (a
   * Beam output writer that was aborted): blocks still in the buffer are not written.
   */
  public WriterLoop(BlockBuffer buffer, WorkerFailures failures, Timers timers, String popTimer,
      BooleanSupplier inputEnded) {
    this.buffer = buffer;
    this.failures = failures;
    this.timers = timers;
    this.popTimer = popTimer;
    this.inputEnded = inputEnded;
  }

  /**
   * Writes {@code n} blocks. {@code beforeEach} gets the number written so far (for cancel checks);
   * {@code afterEach} runs after each write (progress). Returns the number of blocks written. A write failure
   * is recorded as the writer's and thrown;
   * a failure of any worker ends the wait for the next block at once and is thrown instead.
   */
  public int run(int n, Sink sink, IntConsumer beforeEach, Runnable afterEach) {
    java.util.BitSet written = new java.util.BitSet();
    for (int i = 0; i < n; i++) {
      beforeEach.accept(i);
      if (inputEnded.getAsBoolean()) {
        return i;
      }
      BlockBuffer.Entry done;
      try (Timers.Interval t = timers.interval(popTimer)) {
        done = pop(buffer, failures, inputEnded);
      }
      if (done == null) {
        return i;
      }
      int index = done.block().index();
      if (written.get(index)) {
        // n counts blocks, so a block written twice would end the loop with another never written
        failures.record("main", 0, new RiosException("Block " + index + " came to the writer a second time (a "
            + "worker computed it again): the run is stopped rather than leave another block unwritten"));
        failures.throwIfFailed();
      }
      written.set(index);
      write(sink, done.block(), done.data(), failures);
      afterEach.run();
    }
    return n;
  }

  /**
   * Writes one block; a failure is recorded as the writer's (so every worker stops) and thrown. For a driver
   * that writes between computing blocks on one thread as well as through {@link #run}.
   */
  public static void write(Sink sink, BlockDefn block, BlockAssociations outputs, WorkerFailures failures) {
    try {
      sink.write(block, outputs);
    } catch (RuntimeException e) {
      failures.record("main", 0, e);
      failures.throwIfFailed();
    }
  }

  /**
   * The next complete block of {@code buffer}. When a worker has failed, its failure is thrown (a timeout
   * here is usually only the symptom of that failure).
   */
  public static BlockBuffer.Entry pop(BlockBuffer buffer, WorkerFailures failures) {
    return pop(buffer, failures, () -> false);
  }

  /** As {@link #pop(BlockBuffer, WorkerFailures)}, but null once {@code ended} says so and nobody failed. */
  private static BlockBuffer.Entry pop(BlockBuffer buffer, WorkerFailures failures, BooleanSupplier ended) {
    try {
      BlockBuffer.Entry e = buffer.popNextBlock(() -> failures.failed() || ended.getAsBoolean());
      if (e == null) {
        failures.throwIfFailed();
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new RiosException("Interrupted while waiting for a block", ex);
    } catch (RiosException ex) {
      throw failures.firstOr(ex);
    }
  }
}
