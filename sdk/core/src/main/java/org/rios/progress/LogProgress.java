package org.rios.progress;

import java.io.PrintStream;

/** Prints one "NN%" line per distinct percentage; works when output is not a terminal (logs, CI). */
public final class LogProgress implements Progress {
  private final PrintStream out;
  private int total = 100;
  private int lastPercent = -1;

  public LogProgress() {
    this(System.err);
  }

  public LogProgress(PrintStream out) {
    this.out = out;
  }

  @Override public void setTotalSteps(int steps) {
    total = Math.max(1, steps);
  }

  @Override public void setProgress(int progress) {
    int pct = (int) Math.round(100.0 * progress / total);
    if (pct != lastPercent) {
      lastPercent = pct;
      out.println(pct + "%");
    }
  }

  @Override public void reset() {
    lastPercent = -1;
  }

  @Override public void setLabelText(String text) {
    if (text != null) {
      out.println(text);
    }
  }
}
