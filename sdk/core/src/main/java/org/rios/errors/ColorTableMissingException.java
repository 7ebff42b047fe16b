package org.rios.errors;

/**
 * A band has no colour table in its raster attribute table: no RAT, a RAT with no rows, or no column with
 * usage Red, Green, Blue or Alpha.
 */
public class ColorTableMissingException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ColorTableMissingException(String message) {
    super(message);
  }

  public ColorTableMissingException(String message, Throwable cause) {
    super(message, cause);
  }
}
