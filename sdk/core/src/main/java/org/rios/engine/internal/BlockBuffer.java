package org.rios.engine.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.array.RasterArray;
import org.rios.errors.RiosTimeoutException;
import org.rios.plan.BlockDefn;

/**
 * A bounded buffer of blocks between two stages, with RIOS's semantics: capacity in whole blocks (a
 * counting semaphore of free slots), blocks assembled piece by piece (one array per input file) and handed
 * out in completion order, and configurable timeouts on both sides that raise {@link RiosTimeoutException}
 * naming the timeout.
 *
 * <pre>{@code
 * BlockBuffer readBuffer = new BlockBuffer(infiles, 2 * numReadWorkers, 10, 10,
 *     "readBufferInsertTimeout", "readBufferPopTimeout");
 * readBuffer.addBlockData(block, "img", null, array);   // read worker
 * BlockBuffer.Entry e = readBuffer.popNextBlock();      // compute worker
 * }</pre>
 */
public final class BlockBuffer {
  /** A complete block and its arrays. */
  public record Entry(BlockDefn block, BlockAssociations data) {}

  private final FilenameAssociations shape;
  private final int capacity;
  private final Semaphore freeSlots;
  private final Integer insertTimeout;
  private final Integer popTimeout;
  private final String insertTimeoutName;
  private final String popTimeoutName;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private final LinkedBlockingQueue<Integer> ready = new LinkedBlockingQueue<>();
  private int popped;
  private volatile BooleanSupplier stop = () -> false;
  private static final long POLL_NANOS = 50_000_000L;

  private static final class Pending {
    final BlockDefn block;
    final BlockAssociations data;
    int missing;

    Pending(BlockDefn block, BlockAssociations data, int missing) {
      this.block = block;
      this.data = data;
      this.missing = missing;
    }
  }

  /**
   * @param shape the files whose arrays make a complete block (null when only complete blocks are inserted)
   * @param capacity maximum number of blocks held, complete or not (at least 1)
   * @param insertTimeout seconds to wait for a free slot, null = forever
   * @param popTimeout seconds to wait for a complete block, null = forever
   */
  public BlockBuffer(FilenameAssociations shape, int capacity, Integer insertTimeout, Integer popTimeout,
      String insertTimeoutName, String popTimeoutName) {
    this.shape = shape;
    this.capacity = Math.max(1, capacity);
    this.freeSlots = new Semaphore(this.capacity, true);
    this.insertTimeout = insertTimeout;
    this.popTimeout = popTimeout;
    this.insertTimeoutName = insertTimeoutName;
    this.popTimeoutName = popTimeoutName;
  }

  /**
   * Makes waiting inserts give up (with InterruptedException) as soon as {@code stop} says so, so that
   * producers do not sit out a timeout after the run has already failed.
   */
  public void setStopCondition(BooleanSupplier stop) {
    this.stop = stop;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Adds one input's array for a block (read side). The first array of a block takes a slot, waiting up to
   * the insert timeout; the block becomes ready when its last array arrives.
   */
  public void addBlockData(BlockDefn block, String name, Integer seq, RasterArray array)
      throws InterruptedException {
    Pending p;
    synchronized (pending) {
      p = pending.get(block.index());
    }
    if (p == null) {
      acquireSlot(block);
      synchronized (pending) {
        p = pending.get(block.index());
        if (p == null) {
          p = new Pending(block, BlockAssociations.shapedLike(shape), shape.size());
          pending.put(block.index(), p);
        } else {
          freeSlots.release(); // another reader created it meanwhile
        }
      }
    }
    boolean complete;
    synchronized (p) {
      p.data.set(name, seq, array);
      p.missing--;
      complete = p.missing == 0;
    }
    if (complete) {
      ready.add(block.index());
    }
  }

  /** Adds a block of a run without inputs (read side): complete with no arrays, as soon as it has a slot. */
  public void addEmptyBlock(BlockDefn block) throws InterruptedException {
    insertCompleteBlock(block, BlockAssociations.shapedLike(shape));
  }

  /** Adds a complete block (compute side), waiting up to the insert timeout for a slot. */
  public void insertCompleteBlock(BlockDefn block, BlockAssociations data) throws InterruptedException {
    acquireSlot(block);
    synchronized (pending) {
      pending.put(block.index(), new Pending(block, data, 0));
    }
    ready.add(block.index());
  }

  private void acquireSlot(BlockDefn block) throws InterruptedException {
    long deadline = insertTimeout == null ? Long.MAX_VALUE : System.nanoTime() + insertTimeout * 1_000_000_000L;
    boolean ok = false;
    while (!ok) {
      if (stop.getAsBoolean()) {
        throw new InterruptedException("buffer stopped");
      }
      // no timeout waits for ever: not MAX_VALUE - nanoTime(), which overflows where nanoTime() is negative
      long left = insertTimeout == null ? POLL_NANOS : deadline - System.nanoTime();
      // a slot free now is taken whatever the timeout: 0 means "do not wait", as in RIOS, not "always fail"
      ok = freeSlots.tryAcquire(Math.max(0, Math.min(left, POLL_NANOS)), TimeUnit.NANOSECONDS);
      if (left <= 0) {
        break;
      }
    }
    if (!ok) {
      throw new RiosTimeoutException(insertTimeoutName, "Timed out adding block " + block.index()
          + " to a full buffer of " + capacity + " blocks after " + insertTimeout + " s ("
          + insertTimeoutName + "=" + insertTimeout + ")");
    }
  }

  /** Takes the next complete block, in completion order, waiting up to the pop timeout. */
  public Entry popNextBlock() throws InterruptedException {
    return popNextBlock(() -> false);
  }

  /**
   * As {@link #popNextBlock()}, but gives up and returns null as soon as {@code stop} says so (checked every
   * 50 ms), so a failure elsewhere ends the wait at once instead of after the whole timeout.
   */
  public Entry popNextBlock(BooleanSupplier stop) throws InterruptedException {
    long deadline = popTimeout == null ? Long.MAX_VALUE : System.nanoTime() + popTimeout * 1_000_000_000L;
    Integer id = null;
    while (id == null) {
      if (stop.getAsBoolean()) {
        return null;
      }
      long left = popTimeout == null ? POLL_NANOS : deadline - System.nanoTime();
      id = ready.poll(Math.max(0, Math.min(left, POLL_NANOS)), TimeUnit.NANOSECONDS); // a ready block, even at 0
      if (left <= 0) {
        break;
      }
    }
    if (id == null) {
      int n;
      synchronized (pending) {
        n = popped;
      }
      throw new RiosTimeoutException(popTimeoutName, "Timed out after " + popTimeout + " s waiting for a "
          + "complete block (" + popTimeoutName + "=" + popTimeout + "); " + n + " blocks popped so far");
    }
    Pending p;
    synchronized (pending) {
      p = pending.remove(id);
      popped++;
    }
    freeSlots.release();
    if (p == null) {
      // the same block was made complete twice while it waited: its second copy replaced the first
      throw new org.rios.errors.RiosException("Block " + id + " was made complete twice in the buffer (a worker "
          + "computed it again)");
    }
    return new Entry(p.block, p.data);
  }

  /** Whether the buffer holds no block, complete or not. */
  public boolean isEmpty() {
    synchronized (pending) {
      return pending.isEmpty();
    }
  }

  /** Number of blocks popped so far. */
  public int poppedCount() {
    synchronized (pending) {
      return popped;
    }
  }
}
