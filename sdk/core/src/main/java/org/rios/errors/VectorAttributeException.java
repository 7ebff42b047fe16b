package org.rios.errors;

/** A vector attribute is missing or unusable. */
public class VectorAttributeException extends RiosException {
  private static final long serialVersionUID = 1L;

  public VectorAttributeException(String message) {
    super(message);
  }

  public VectorAttributeException(String message, Throwable cause) {
    super(message, cause);
  }
}
