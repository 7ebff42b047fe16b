package org.rios.errors;

/** A vector layer's projection is missing or unusable. */
public class VectorProjectionException extends RiosException {
  private static final long serialVersionUID = 1L;

  public VectorProjectionException(String message) {
    super(message);
  }

  public VectorProjectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
