package org.rios.errors;

/**
 * A reader, compute worker or the writer failed. Carries the kind of worker, its id and the original
 * stack trace as text (the original exception may have come from another process).
 */
public class WorkerException extends RiosException {
  private static final long serialVersionUID = 1L;
  private final String workerKind;
  private final int workerId;
  private final String originalStackTrace;

  public WorkerException(String workerKind, int workerId, String originalStackTrace, Throwable cause) {
    super("Error in " + workerKind + " worker " + workerId + "\n" + originalStackTrace, cause);
    this.workerKind = workerKind;
    this.workerId = workerId;
    this.originalStackTrace = originalStackTrace;
  }

  /** "read", "compute" or "main" (the writer). */
  public String workerKind() {
    return workerKind;
  }

  public int workerId() {
    return workerId;
  }

  public String originalStackTrace() {
    return originalStackTrace;
  }

  /** The same failure with {@code details} (e.g. batch job logs) appended to its message. */
  public WorkerException withDetails(String details) {
    WorkerException e = new WorkerException(workerKind, workerId, originalStackTrace + details, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
