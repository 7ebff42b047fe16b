package org.rios.beam;

import org.rios.errors.RiosException;

/**
 * What happens when a job fails on a worker: with failed-job routing the failure becomes a {@link FailedJob};
 * without, the pipeline fails with a {@link RiosException} whose message names the job (and, from the
 * cause, the file or block).
 */
final class JobFailures {
  private JobFailures() {}

  /** "Job 'id': " + the failure's own message (which names the file or block). */
  static String message(String jobId, Throwable e) {
    String m = e.getMessage() != null ? e.getMessage() : e.toString();
    return "Job '" + jobId + "': " + m;
  }

  /** The exception that fails the pipeline for {@code e} in job {@code jobId}. */
  static RiosException toThrow(String jobId, Throwable e) {
    return new RiosException(message(jobId, e), e);
  }
}
