package org.rios.errors;

/** A file or directory has the wrong permissions for its use. */
public class RiosPermissionException extends RiosException {
  private static final long serialVersionUID = 1L;

  public RiosPermissionException(String message) {
    super(message);
  }

  public RiosPermissionException(String message, Throwable cause) {
    super(message, cause);
  }
}
