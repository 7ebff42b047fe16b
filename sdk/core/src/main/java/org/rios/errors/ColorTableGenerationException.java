package org.rios.errors;

/** A colour table could not be generated. */
public class ColorTableGenerationException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ColorTableGenerationException(String message) {
    super(message);
  }

  public ColorTableGenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
