package org.rios.progress;

/**
 * Receives progress reports from the applier (percentage of blocks done) and from pyramid building.
 * Implementations: {@link TerminalProgressBar} (a bar on a terminal, silent otherwise), {@link LogProgress}
 * (one line per new percentage, for logs), {@link SilentProgress}.
 *
 * <pre>{@code
 * controls.setProgress(new TerminalProgressBar());
 * }</pre>
 */
public interface Progress {
  /** Total number of steps; the applier uses 100 and reports percentages. */
  void setTotalSteps(int steps);

  /** Current step, 0..total. */
  void setProgress(int progress);

  /** Back to the beginning, for a new phase. */
  void reset();

  /** A label for the current phase, e.g. "Computing Pyramid Layers..."; null for the display's default. */
  void setLabelText(String text);

  /** True if the user asked to stop; the applier then throws ProcessCancelledException. */
  default boolean wasCancelled() {
    return false;
  }

  /** Called once when the run (or phase) is complete, so a bar can finish its line. */
  default void finish() {}

  default void displayInfo(String message) {
    System.err.println(message);
  }

  default void displayWarning(String message) {
    System.err.println("Warning: " + message);
  }

  /**
   * {@code message} as a warning through {@code progress}, or on stderr as the default does when it is null;
   * with the secrets of any URL in it masked as in error messages ({@code ErrorText.maskSecrets}: a file
   * named by a presigned URL does not print its signature).
   */
  static void warn(Progress progress, String message) {
    message = org.rios.errors.ErrorText.maskSecrets(message);
    if (progress != null) {
      progress.displayWarning(message);
    } else {
      System.err.println("Warning: " + message);
    }
  }

  default void displayError(String message) {
    System.err.println("Error: " + message);
  }
}
