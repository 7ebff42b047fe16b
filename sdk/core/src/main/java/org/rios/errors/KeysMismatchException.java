package org.rios.errors;

/** Two sets of names that must match do not. */
public class KeysMismatchException extends RiosException {
  private static final long serialVersionUID = 1L;

  public KeysMismatchException(String message) {
    super(message);
  }

  public KeysMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
