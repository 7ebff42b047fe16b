package org.rios.errors;

/** No GDAL driver of the requested name is registered. */
public class UnknownDriverException extends ParameterException {
  private static final long serialVersionUID = 1L;

  public UnknownDriverException(String message) {
    super(message);
  }

  public UnknownDriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
