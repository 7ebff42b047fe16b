package org.rios.errors;

/** Two lists that must be of equal length are not. */
public class MismatchedListLengthsException extends RiosException {
  private static final long serialVersionUID = 1L;

  public MismatchedListLengthsException(String message) {
    super(message);
  }

  public MismatchedListLengthsException(String message, Throwable cause) {
    super(message, cause);
  }
}
