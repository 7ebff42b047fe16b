package org.rios.errors;

/** GDAL could not reproject an input onto the working grid. */
public class GdalWarpException extends RiosException {
  private static final long serialVersionUID = 1L;

  public GdalWarpException(String message) {
    super(message);
  }

  public GdalWarpException(String message, Throwable cause) {
    super(message, cause);
  }
}
