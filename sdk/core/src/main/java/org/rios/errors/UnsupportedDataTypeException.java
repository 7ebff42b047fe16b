package org.rios.errors;

/** A pixel type has no equivalent on one side (Java or the GDAL in use). */
public class UnsupportedDataTypeException extends TypeConversionException {
  private static final long serialVersionUID = 1L;

  public UnsupportedDataTypeException(String message) {
    super(message);
  }

  public UnsupportedDataTypeException(String message, Throwable cause) {
    super(message, cause);
  }
}
