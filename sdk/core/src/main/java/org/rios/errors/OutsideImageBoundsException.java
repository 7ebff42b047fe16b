package org.rios.errors;

/** A location lies outside the image. */
public class OutsideImageBoundsException extends RiosException {
  private static final long serialVersionUID = 1L;

  public OutsideImageBoundsException(String message) {
    super(message);
  }

  public OutsideImageBoundsException(String message, Throwable cause) {
    super(message, cause);
  }
}
