package org.rios.errors;

/** A single-pass statistics, histogram or pyramid request cannot be honoured. */
public class SinglePassActionsException extends RiosException {
  private static final long serialVersionUID = 1L;

  public SinglePassActionsException(String message) {
    super(message);
  }

  public SinglePassActionsException(String message, Throwable cause) {
    super(message, cause);
  }
}
