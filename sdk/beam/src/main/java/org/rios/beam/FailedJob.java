package org.rios.beam;

import java.io.Serializable;

/**
 * A job that failed (an input missing or unreadable, the user function throwing), routed to
 * {@link RiosWriteResult#failedJobs()} by {@link RiosIO.Process#withFailedJobs()}. None of its outputs is at
 * a final path.
 */
public final class FailedJob implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String jobId;
  private final String message;

  public FailedJob(String jobId, String message) {
    this.jobId = jobId;
    this.message = message;
  }

  public String jobId() {
    return jobId;
  }

  /** What went wrong, naming the job and the file (or block) at fault. */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailedJob f && jobId.equals(f.jobId) && message.equals(f.message);
  }

  @Override
  public int hashCode() {
    return jobId.hashCode() * 31 + message.hashCode();
  }

  @Override
  public String toString() {
    return "FailedJob[" + jobId + ": " + message + "]";
  }
}
