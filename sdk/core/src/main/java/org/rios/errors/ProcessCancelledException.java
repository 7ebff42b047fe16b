package org.rios.errors;

/** The user cancelled processing through the progress reporter. */
public class ProcessCancelledException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ProcessCancelledException(String message) {
    super(message);
  }

  public ProcessCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
