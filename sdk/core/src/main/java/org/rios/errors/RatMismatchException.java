package org.rios.errors;

/** Input raster attribute tables have different row counts. */
public class RatMismatchException extends RiosException {
  private static final long serialVersionUID = 1L;

  public RatMismatchException(String message) {
    super(message);
  }

  public RatMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
