package org.rios.errors;

/** A parameter or control has an invalid value; the message names the parameter. */
public class ParameterException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ParameterException(String message) {
    super(message);
  }

  public ParameterException(String message, Throwable cause) {
    super(message, cause);
  }
}
