package org.rios.beam;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rios.engine.internal.ProgressTracker;

/**
 * Blocks handed to the in-process writers of a pipeline in this JVM, so the CW_BEAM driver can advance its
 * progress bar block by block while the pipeline runs (on the DirectRunner and Flink {@code [local]}, where
 * every worker is in this JVM). On a cluster the count stays here at zero and the bar completes at the end;
 * the runner's metrics (and the Flink web UI) show the progress there.
 */
final class LocalBlockProgress {
  private static final ConcurrentHashMap<Long, AtomicLong> WRITTEN = new ConcurrentHashMap<>();

  private LocalBlockProgress() {}

  /** One more block of the pipeline with options id {@code optionsId} reached its writer. */
  static void blockWritten(long optionsId) {
    WRITTEN.computeIfAbsent(optionsId, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * Follows the pipeline with options id {@code optionsId} on {@code tracker} from a daemon thread until the
   * returned handle is closed (which also forgets the count).
   */
  static AutoCloseable follow(long optionsId, ProgressTracker tracker) {
    AtomicLong count = WRITTEN.computeIfAbsent(optionsId, k -> new AtomicLong());
    AtomicLong shown = new AtomicLong();
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          catchUp(count, shown, tracker);
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        // closed
      }
    }, "rios-beam-progress");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join();
      catchUp(count, shown, tracker); // the blocks since the last poll
      WRITTEN.remove(optionsId);
    };
  }

  private static void catchUp(AtomicLong count, AtomicLong shown, ProgressTracker tracker) {
    for (long now = count.get(); shown.get() < now; shown.incrementAndGet()) {
      tracker.blockDone();
    }
  }
}
