package org.rios.beam;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rios.engine.internal.ProgressTracker;

/**
 * Blocks computed by the workers of a pipeline in this JVM, so the CW_BEAM driver can advance its
 * progress bar block by block while the pipeline runs (on the DirectRunner and Flink {@code [local]}, where
 * every worker is in this JVM). On a cluster the launcher's count stays at zero and the bar completes at the end;
 * the runner's metrics (and the Flink web UI) show the progress there.
 */
final class LocalBlockProgress {
  /** Per followed pipeline, the blocks computed so far, as "job id / block index": each counted once. */
  private static final ConcurrentHashMap<Long, java.util.Set<String>> WRITTEN = new ConcurrentHashMap<>();

  /** The followed pipelines whose progress asked them to stop ({@code Progress.wasCancelled}). */
  private static final java.util.Set<Long> CANCELLED = ConcurrentHashMap.newKeySet();

  private LocalBlockProgress() {}

  /**
   * Before block {@code blockIndex} of the pipeline with options id {@code optionsId}: stops it if its
   * progress asked it to (the compute workers in this JVM then fail the run with this exception, as every other
   * driver does; a cluster's workers are not followed, and a pipeline there runs to its end).
   *
   * @throws ProcessCancelledException if the run's progress was cancelled
   */
  static void checkCancelled(long optionsId, int blockIndex) {
    if (CANCELLED.contains(optionsId)) {
      throw new org.rios.errors.ProcessCancelledException("Processing cancelled by the user at block " + blockIndex);
    }
  }

  /**
   * Block {@code blockIndex} of job {@code jobId} of the pipeline with options id {@code optionsId} was
   * computed; computed again (a restarted attempt), it is not counted again.
   */
  static void blockDone(long optionsId, String jobId, int blockIndex) {
    java.util.Set<String> done = WRITTEN.get(optionsId);
    if (done != null) { // followed in this JVM; on a cluster's workers nobody follows and nothing is kept
      done.add(jobId + "/" + blockIndex);
    }
  }

  /**
   * Follows the pipeline with options id {@code optionsId} on {@code tracker} from a daemon thread until the
   * returned handle is closed (which also forgets the count), up to {@code total} blocks (a block computed
   * again after a retry is not counted twice on the bar).
   */
  static AutoCloseable follow(long optionsId, ProgressTracker tracker, long total) {
    java.util.Set<String> count = WRITTEN.computeIfAbsent(optionsId, k -> ConcurrentHashMap.newKeySet());
    AtomicLong shown = new AtomicLong();
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          catchUp(count, shown, tracker, total);
          if (tracker.wasCancelled()) {
            CANCELLED.add(optionsId);
          }
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
      catchUp(count, shown, tracker, total); // the blocks since the last poll
      WRITTEN.remove(optionsId);
      CANCELLED.remove(optionsId);
    };
  }

  private static void catchUp(java.util.Set<String> done, AtomicLong shown, ProgressTracker tracker, long total) {
    for (long now = Math.min(total, done.size()); shown.get() < now; shown.incrementAndGet()) {
      tracker.blockDone();
    }
  }
}
