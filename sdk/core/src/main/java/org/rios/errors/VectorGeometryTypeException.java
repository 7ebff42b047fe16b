package org.rios.errors;

/** A vector layer has an unsupported geometry type. */
public class VectorGeometryTypeException extends RiosException {
  private static final long serialVersionUID = 1L;

  public VectorGeometryTypeException(String message) {
    super(message);
  }

  public VectorGeometryTypeException(String message, Throwable cause) {
    super(message, cause);
  }
}
