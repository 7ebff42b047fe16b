package org.rios.errors;

/** A band (layer) number is outside the file's band count. */
public class GdalLayerNumberException extends RiosException {
  private static final long serialVersionUID = 1L;

  public GdalLayerNumberException(String message) {
    super(message);
  }

  public GdalLayerNumberException(String message, Throwable cause) {
    super(message, cause);
  }
}
