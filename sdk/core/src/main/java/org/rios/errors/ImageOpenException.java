package org.rios.errors;

/** A raster could not be opened or created (bad driver, rejected creation options, bad block shape). */
public class ImageOpenException extends FileOpenException {
  private static final long serialVersionUID = 1L;

  public ImageOpenException(String message) {
    super(message);
  }

  public ImageOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
