package org.rios.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar drawn on standard error (me.tongfei:progressbar). Silent when standard error is not a
 * terminal (a file or a pipe), so logs and CI output stay clean. A new phase (its label: "Computing Pyramid
 * Layers...") finishes the bar of the one before and draws its own; {@link #finish} ends the line, and nothing
 * is drawn after it.
 */
public final class TerminalProgressBar implements Progress {
  private final boolean enabled;
  private final PrintStream out;
  private ProgressBar bar;
  private static final String DEFAULT_LABEL = "rios";
  private String label = DEFAULT_LABEL;
  private int total = 100;

  /** A bar on standard error, drawn only if standard error is a terminal. */
  public TerminalProgressBar() {
    this(stderrIsTerminal());
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

  /**
   * Whether this process's standard error is a terminal, where the bar is drawn: on Linux from what file
   * descriptor 2 points at; elsewhere from the JVM's console (standard input and output).
   */
  static boolean stderrIsTerminal() {
    try {
      Path fd2 = Path.of("/proc/self/fd/2");
      if (Files.isSymbolicLink(fd2)) {
        return isTerminalDevice(Files.readSymbolicLink(fd2).toString());
      }
    } catch (IOException | RuntimeException e) {
      // no /proc here: ask the JVM
    }
    return System.console() != null;
  }

  /** Whether {@code device} (what a file descriptor points at) is a terminal. */
  static boolean isTerminalDevice(String device) {
    return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
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
          .setConsumer(new ClosingConsumer(new ConsoleProgressBarConsumer(out))).setUpdateIntervalMillis(200)
          .continuousUpdate().build();
    }
    bar.stepTo(progress);
  }

  @Override public synchronized void reset() {
    finish();
  }

  /**
   * A new phase (each output's pyramids, say): the current bar is drawn in its last state and ended; the next
   * progress starts a new one with this label.
   */
  @Override public synchronized void setLabelText(String text) {
    finish();
    label = text == null ? DEFAULT_LABEL : text;
  }

  /** Ends the bar's line; the next run on this bar starts with the default label again. */
  @Override public synchronized void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    label = DEFAULT_LABEL;
  }

  /**
   * The console consumer, which ignores what the bar's refresh thread renders after the bar was closed (a
   * refresh already running when the bar closes would otherwise redraw it after its line was ended).
   */
  static final class ClosingConsumer implements ProgressBarConsumer {
    private final ProgressBarConsumer inner;
    private boolean closed;

    ClosingConsumer(ProgressBarConsumer inner) {
      this.inner = inner;
    }

    @Override public synchronized int getMaxRenderedLength() {
      return inner.getMaxRenderedLength();
    }

    @Override public synchronized void accept(String rendered) {
      if (!closed) {
        inner.accept(rendered);
      }
    }

    @Override public synchronized void close() {
      if (!closed) {
        closed = true;
        inner.close();
      }
    }
  }
}
