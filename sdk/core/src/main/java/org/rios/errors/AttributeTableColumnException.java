package org.rios.errors;

/** A raster attribute table column is missing or unusable. */
public class AttributeTableColumnException extends RiosException {
  private static final long serialVersionUID = 1L;

  public AttributeTableColumnException(String message) {
    super(message);
  }

  public AttributeTableColumnException(String message, Throwable cause) {
    super(message, cause);
  }
}
