package org.rios.errors;

/** A block array has the wrong shape (bands, rows, columns) for where it is used. */
public class ArrayShapeException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ArrayShapeException(String message) {
    super(message);
  }

  public ArrayShapeException(String message, Throwable cause) {
    super(message, cause);
  }
}
