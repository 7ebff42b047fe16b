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
 * @param launcherConfirms the program that launched the pipeline confirms the outputs once the whole pipeline
 *     has succeeded, or takes them back ({@code Applier.apply} with CW_BEAM: {@link BeamDriver})
 */
record OutputTarget(String runId, String jobId, WorkingPlan plan, int numBlocks, int jobOutputs,
    boolean launcherConfirms) implements Serializable {
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

  /** The writer's key: one writer per (run, job, output file). */
  String key() {
    return runId + "/" + jobId + "/" + spec().label();
  }
}
