package org.rios.errors;

/**
 * A colour ramp or colour table request is invalid: unknown or duplicate ramp name, malformed ramp values,
 * control points that do not match the ramp, or table values outside 0..255.
 */
public class ColorTableException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ColorTableException(String message) {
    super(message);
  }

  public ColorTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
