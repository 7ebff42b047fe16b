package org.rios.errors;

/** A raster attribute table column has, or would get, an unsupported type. */
public class AttributeTableTypeException extends RiosException {
  private static final long serialVersionUID = 1L;

  public AttributeTableTypeException(String message) {
    super(message);
  }

  public AttributeTableTypeException(String message, Throwable cause) {
    super(message, cause);
  }
}
