package org.rios.engine.internal;

import org.rios.progress.Progress;

/**
 * Turns "one more block done" into percentage updates, reported only when the integer percentage changes.
 * Closing it finishes the progress display however the run ends (a bar left open after a failed run would
 * keep redrawing its last state).
 */
public final class ProgressTracker implements AutoCloseable {
  private final Progress progress;
  private final int numBlocks;
  private int done;
  private int lastPercent = -1;

  public ProgressTracker(Progress progress, int numBlocks) {
    this.progress = progress;
    this.numBlocks = Math.max(1, numBlocks);
    if (progress != null) {
      progress.setTotalSteps(100);
      report();
    }
  }

  public void blockDone() {
    done++;
    report();
  }

  private void report() {
    if (progress == null) {
      return;
    }
    // as RIOS's int(round(100 * done / numBlocks)): Python rounds halves to even (12.5 gives 12)
    int pct = (int) Math.rint(100.0 * done / numBlocks);
    if (pct != lastPercent) {
      lastPercent = pct;
      progress.setProgress(pct);
    }
  }

  /** Whether the run's {@link Progress} asks it to stop ({@link Progress#wasCancelled}). */
  public boolean wasCancelled() {
    return progress != null && progress.wasCancelled();
  }

  /**
   * Every block done: for a run whose blocks are computed where this process does not see them (a Beam
   * cluster's workers), once it has succeeded.
   */
  public void allDone() {
    done = numBlocks;
    report();
  }

  /** Finishes the progress display (a bar ends its line); idempotent as {@link Progress#finish} is. */
  public void finish() {
    if (progress != null) {
      progress.finish();
    }
  }

  @Override
  public void close() {
    finish();
  }
}
