package org.rios.engine.internal;

import org.rios.progress.Progress;

/** Turns "one more block done" into percentage updates, reported only when the integer percentage changes. */
public final class ProgressTracker {
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
    int pct = (int) Math.round(100.0 * done / numBlocks);
    if (pct != lastPercent) {
      lastPercent = pct;
      progress.setProgress(pct);
    }
  }

  public void finish() {
    if (progress != null) {
      progress.finish();
    }
  }
}
