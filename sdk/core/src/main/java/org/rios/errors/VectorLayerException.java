package org.rios.errors;

/** A vector layer could not be opened or found. */
public class VectorLayerException extends RiosException {
  private static final long serialVersionUID = 1L;

  public VectorLayerException(String message) {
    super(message);
  }

  public VectorLayerException(String message, Throwable cause) {
    super(message, cause);
  }
}
