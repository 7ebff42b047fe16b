package org.rios.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar drawn on the terminal (me.tongfei:progressbar). Silent when the JVM has no console, e.g.
 * when output goes to a file or a pipe, so logs and CI output stay clean.
 */
public final class TerminalProgressBar implements Progress {
  private final boolean enabled;
  private final PrintStream out;
  private ProgressBar bar;
  private String label = "rios";
  private int total = 100;

  public TerminalProgressBar() {
    this(System.console() != null);
  }

  /** {@code enabled=false} gives a bar that draws nothing (what happens automatically off a terminal). */
  public TerminalProgressBar(boolean enabled) {
    this(enabled, System.err);
  }

  /** A bar drawn on {@code out} when {@code enabled}. */
  public TerminalProgressBar(boolean enabled, PrintStream out) {
    this.enabled = enabled;
    this.out = out;
  }

  /** Whether this bar draws anything. */
  public boolean isEnabled() {
    return enabled;
  }

  @Override public synchronized void setTotalSteps(int steps) {
    total = Math.max(1, steps);
    if (bar != null) {
      bar.maxHint(total);
    }
  }

  @Override public synchronized void setProgress(int progress) {
    if (!enabled) {
      return;
    }
    if (bar == null) {
      bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(200).continuousUpdate().build();
    }
    bar.stepTo(progress);
  }

  @Override public synchronized void reset() {
    finish();
  }

  @Override public synchronized void setLabelText(String text) {
    label = text;
    if (bar != null) {
      bar.setExtraMessage(text);
    }
  }

  @Override public synchronized void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
