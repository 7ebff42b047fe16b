package org.rios.errors;

/** A file could not be opened or is not what it should be (missing, unreadable, wrong format). */
public class FileOpenException extends RiosException {
  private static final long serialVersionUID = 1L;

  public FileOpenException(String message) {
    super(message);
  }

  public FileOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
