package org.rios.beam;

import java.io.Serializable;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;

/**
 * One output file of one job, as its writer sees it: the job, the plan reduced to that output
 * ({@link WorkingPlan#forOutput}), how many blocks make it complete, and how many output files the job has
 * (put in place together once all are finished: {@link CommitJobFn}).
 *
 * @param runId the pipeline run this writer belongs to (made when the transform is expanded)
 * @param attempt this execution of the pipeline's planning of the job (made when the job's blocks are split into
 *     chunks), so that running the same pipeline again in one JVM gets writers of its own, not the marks the
 *     earlier execution left (its aborted or finished writers), nor a restarted one the first one's; empty only
 *     where a target is made outside the pipeline (tests)
 * @param launcherConfirms the program that launched the pipeline confirms the outputs once the whole pipeline
 *     has succeeded, or takes them back ({@code Applier.apply} with CW_BEAM: {@link BeamDriver})
 */
record OutputTarget(String runId, String attempt, String jobId, WorkingPlan plan, int numBlocks, int jobOutputs,
    boolean launcherConfirms) implements Serializable {
  OutputTarget {
    if (attempt == null || attempt.contains("/") || runId.contains(ATTEMPT_SEPARATOR)) {
      throw new IllegalArgumentException("run id '" + runId + "' or attempt '" + attempt + "' is not usable in a key");
    }
  }

  /** A target of the run's only execution (no attempt of its own). */
  OutputTarget(String runId, String jobId, WorkingPlan plan, int numBlocks, int jobOutputs,
      boolean launcherConfirms) {
    this(runId, "", jobId, plan, numBlocks, jobOutputs, launcherConfirms);
  }

  /** Between a key's run id and its attempt. */
  static final String ATTEMPT_SEPARATOR = "~";

  /** The start of this target's keys: the run id, and the attempt if there is one. */
  String runAttempt() {
    return attempt.isEmpty() ? runId : runId + ATTEMPT_SEPARATOR + attempt;
  }

  /**
   * Whether the writer keeps the earlier file of the output's name aside until the output is confirmed: for a
   * job's several outputs (confirmed together by {@link CommitJobFn}) and for a run its launcher confirms. A job's
   * only output is otherwise final at its writer.
   */
  boolean keepsEarlier() {
    return jobOutputs > 1 || launcherConfirms;
  }

  OutputSpec spec() {
    return plan.outputs().get(0);
  }

  /** The writer's key: one writer per (run, attempt, job, output file). */
  String key() {
    return runAttempt() + "/" + jobId + "/" + spec().label();
  }
}
