package org.rios.beam;

import org.rios.errors.RiosException;
import org.rios.gdal.VirtualPaths;
import org.rios.errors.WorkerException;

/**
 * What happens when a job fails on a worker: with failed-job routing the failure becomes a {@link FailedJob};
 * without, the pipeline fails with a {@link RiosException} whose message names the job (and, from the
 * cause, the file or block).
 */
final class JobFailures {
  private JobFailures() {}

  /**
   * "Job 'id': " + the failure's own message (which names the file or block): a worker's failure by its cause,
   * and never a stack trace (a worker's failure from another process carries one as text).
   */
  static String message(String jobId, Throwable e) {
    Throwable shown = unwrapped(e);
    String m = shown.getMessage() != null ? shown.getMessage() : shown.toString();
    int trace = m.indexOf("\n\tat ");
    return "Job '" + jobId + "': " + (trace < 0 ? m : m.substring(0, trace)).strip();
  }

  /**
   * The exception that fails the pipeline for {@code e} in job {@code jobId}: its cause is the failure of its
   * own type (a worker's wrapper taken off), as the README promises.
   */
  static RiosException toThrow(String jobId, Throwable e) {
    return toThrow(jobId, e, "");
  }

  /** {@link #toThrow(String, Throwable)} with {@code where} (the job's files) after the message. */
  static RiosException toThrow(String jobId, Throwable e, String where) {
    return new JobFailed(message(jobId, e) + where, unwrapped(e));
  }

  /**
   * " (output 'label': file)" to follow the message of {@code e}, a failure in the writer of that output, or
   * "" if the message names the file already.
   */
  static String output(String label, String filename, Throwable e) {
    String shown = VirtualPaths.forMessage(filename);
    return message("", e).contains(shown) ? "" : " (output '" + label + "': " + shown + ")";
  }

  /**
   * " (the job reads name=file, ...; writes name=file, ...)": which of a collection's many files a job was
   * processing, to follow a failure's message, which names the block or the output, not always the file.
   */
  static String where(RasterJob job) {
    return " (the job reads " + files(job.infiles()) + "; writes " + files(job.outfiles()) + ")";
  }

  /** A job's files, as {@code name=file, ...} (or "nothing"), secrets in URLs masked. */
  private static String files(org.rios.applier.FilenameAssociations files) {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (files != null) {
      for (String name : files.names()) {
        java.util.List<String> list = files.getList(name).stream().map(f -> f == null ? "null"
            : VirtualPaths.forMessage(f)).toList();
        out.add(name + "=" + (list.size() == 1 ? list.get(0) : list));
      }
    }
    return out.isEmpty() ? "nothing" : String.join(", ", out);
  }

  /** {@code e} without the wrappers a worker puts around a failure. */
  private static Throwable unwrapped(Throwable e) {
    Throwable t = e;
    while (t instanceof WorkerException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Whether {@code t} is only the job's name around the failure ({@link #toThrow}). */
  static boolean namesTheJob(Throwable t) {
    return t instanceof JobFailed;
  }

  /** The failure of one job, named: the cause is the failure itself. */
  private static final class JobFailed extends RiosException {
    private static final long serialVersionUID = 1L;

    JobFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
