package org.rios.errors;

/** A value cannot be converted to the required type. */
public class TypeConversionException extends RiosException {
  private static final long serialVersionUID = 1L;

  public TypeConversionException(String message) {
    super(message);
  }

  public TypeConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
