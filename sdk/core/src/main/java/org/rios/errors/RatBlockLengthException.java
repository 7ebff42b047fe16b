package org.rios.errors;

/** Columns written for one block of a raster attribute table differ in length. */
public class RatBlockLengthException extends RiosException {
  private static final long serialVersionUID = 1L;

  public RatBlockLengthException(String message) {
    super(message);
  }

  public RatBlockLengthException(String message, Throwable cause) {
    super(message, cause);
  }
}
