package org.rios.errors;


/** The user function threw; the cause is the original exception and the message names the block. */
public class UserFunctionException extends RiosException {
  private static final long serialVersionUID = 1L;

  public UserFunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
