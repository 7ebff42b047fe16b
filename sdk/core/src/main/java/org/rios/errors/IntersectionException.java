package org.rios.errors;

/** Grids do not intersect, so there is no working area. */
public class IntersectionException extends RiosException {
  private static final long serialVersionUID = 1L;

  public IntersectionException(String message) {
    super(message);
  }

  public IntersectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
