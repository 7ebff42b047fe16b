package org.rios.errors;

/** A batch-queue job could not be submitted or managed. */
public class JobMgrException extends RiosException {
  private static final long serialVersionUID = 1L;

  public JobMgrException(String message) {
    super(message);
  }

  public JobMgrException(String message, Throwable cause) {
    super(message, cause);
  }
}
