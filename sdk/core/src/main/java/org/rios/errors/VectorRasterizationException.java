package org.rios.errors;

/** A vector input could not be rasterized onto the working grid. */
public class VectorRasterizationException extends RiosException {
  private static final long serialVersionUID = 1L;

  public VectorRasterizationException(String message) {
    super(message);
  }

  public VectorRasterizationException(String message, Throwable cause) {
    super(message, cause);
  }
}
