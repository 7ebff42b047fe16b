package org.rios.errors;

/** A requested facility is not available on this machine or in this GDAL. */
public class UnavailableException extends RiosException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
