package org.rios.engine.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.rios.errors.RiosTimeoutException;
import org.rios.errors.WorkerException;
import org.rios.plan.BlockDefn;

/**
 * Which compute worker holds which block since when: a compute thread from popping a block to handing its
 * outputs over, a worker process from taking a block through the channel to sending its outputs back. A
 * user function that hangs shows first as a reader that cannot hand over its next block, or as the writer
 * waiting; {@link #explain} adds this list to such a timeout, so the message names the worker at fault. A
 * worker process that reads its own blocks takes none through the channel, and is not listed.
 */
public final class BusyWorkers {
  private record Busy(BlockDefn block, long sinceNanos) {}

  private final Map<Integer, Busy> busy = new ConcurrentHashMap<>();

  /** Worker {@code id} has taken {@code block}. */
  public void started(int id, BlockDefn block) {
    busy.put(id, new Busy(block, System.nanoTime()));
  }

  /** Worker {@code id} has handed its block's outputs over (or given it up). */
  public void done(int id) {
    busy.remove(id);
  }

  /** {@link #explain(RuntimeException, IntFunction)} naming each worker "compute worker N". */
  public RuntimeException explain(RuntimeException e) {
    return explain(e, id -> "compute worker " + id);
  }

  /**
   * The run's failure {@code e}, with the workers that hold a block appended to its message when it is a
   * buffer timeout (thrown as such, or the cause of a worker's failure); otherwise {@code e} itself.
   *
   * @param names a worker's name for the message by its id ("compute worker 1 (batch job 4711)")
   */
  public RuntimeException explain(RuntimeException e, IntFunction<String> names) {
    boolean timeout = e instanceof RiosTimeoutException
        || (e instanceof WorkerException && e.getCause() instanceof RiosTimeoutException);
    if (!timeout || busy.isEmpty()) {
      return e;
    }
    StringBuilder sb = new StringBuilder("\nCompute workers at the time of the timeout:");
    long now = System.nanoTime();
    new TreeMap<>(busy).forEach((id, b) -> sb.append(String.format(Locale.ROOT, "%n  %s has been on block %d "
        + "(row %d, col %d) for %.1f s, its outputs not handed back", names.apply(id), b.block().index(),
        b.block().top(), b.block().left(), (now - b.sinceNanos()) / 1e9)));
    if (e instanceof WorkerException w) {
      return w.withDetails(sb.toString());
    }
    RiosTimeoutException t = (RiosTimeoutException) e;
    RiosTimeoutException out = new RiosTimeoutException(t.timeoutName(), t.getMessage() + sb);
    out.initCause(t.getCause());
    out.setStackTrace(t.getStackTrace());
    return out;
  }
}
