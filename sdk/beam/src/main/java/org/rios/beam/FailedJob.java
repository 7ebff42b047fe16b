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
  /** Reported because of another failure of the job, which says more: see {@link RiosIO.FirstFailure}. */
  private final boolean consequence;

  public FailedJob(String jobId, String message) {
    this(jobId, message, false);
  }

  FailedJob(String jobId, String message, boolean consequence) {
    this.jobId = jobId;
    this.message = message;
    this.consequence = consequence;
  }

  public String jobId() {
    return jobId;
  }

  /** What went wrong, naming the job and the file (or block) at fault. */
  public String message() {
    return message;
  }

  /** Whether this failure only follows from another of the job's (the outputs it took back), which names the cause. */
  boolean isConsequence() {
    return consequence;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailedJob f && jobId.equals(f.jobId) && message.equals(f.message)
        && consequence == f.consequence;
  }

  @Override
  public int hashCode() {
    return (jobId.hashCode() * 31 + message.hashCode()) * 2 + (consequence ? 1 : 0);
  }

  @Override
  public String toString() {
    return "FailedJob[" + jobId + ": " + message + "]";
  }
}
