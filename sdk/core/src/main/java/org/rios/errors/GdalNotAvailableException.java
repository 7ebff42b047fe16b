package org.rios.errors;

/** GDAL's native Java library could not be loaded. */
public class GdalNotAvailableException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public GdalNotAvailableException(String message) {
    super(message);
  }

  public GdalNotAvailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
