package org.rios.errors;

/** An operation needs a thematic layer and the layer is not thematic (or the reverse). */
public class ThematicException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ThematicException(String message) {
    super(message);
  }

  public ThematicException(String message, Throwable cause) {
    super(message, cause);
  }
}
