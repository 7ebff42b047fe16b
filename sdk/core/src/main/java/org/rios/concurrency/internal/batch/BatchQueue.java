package org.rios.concurrency.internal.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What differs between batch-queue systems: the directive prefix of job scripts, how to submit a script and
 * read the job id back, how to list the jobs still queued or running, and how to cancel jobs. Everything
 * else (scripts, monitoring, logs, cancellation on failure) is {@link BatchWorkers}, the same for each.
 */
public interface BatchQueue {
  /** The compute-worker kind's name, for messages ("CW_SLURM"). */
  String kindName();

  /**
   * The directive lines a job script starts with, the user's options last. File names and the job name are
   * not among them: a queue parses directive lines as words, with quotes and comments, so they go on the
   * submit command line ({@link #submitCommand}) as arguments of their own.
   */
  List<String> directives(String userOptions);

  /**
   * The command that submits {@code script} with its output in {@code log} (stdout and stderr; {@code null}:
   * not kept) and name {@code jobName} (already {@link BatchWorkers#jobName safe} for every queue).
   */
  List<String> submitCommand(Path script, Path log, String jobName);

  /**
   * The job id in the submit command's standard output.
   *
   * @throws IllegalArgumentException if there is none
   */
  String parseJobId(String stdout);

  /** The command that lists this user's jobs. */
  List<String> listCommand(String user);

  /** Of {@code ids}, those the listing shows as still queued, running or ending (not finished). */
  Set<String> activeJobs(String listing, Set<String> ids);

  /** The command that cancels {@code ids}. */
  List<String> cancelCommand(List<String> ids);

  /** The environment variables holding the user's submit options and init commands. */
  String optionsVariable();

  String initCmdsVariable();

  /** The computeWorkerExtraParams key for submit options ("sbatchOptions" / "qsubOptions"). */
  String optionsParam();
}
