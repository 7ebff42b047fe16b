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
 */
record OutputTarget(String runId, String jobId, WorkingPlan plan, int numBlocks, int jobOutputs)
    implements Serializable {
  OutputSpec spec() {
    return plan.outputs().get(0);
  }

  /** The writer's key: one writer per (run, job, output file). */
  String key() {
    return runId + "/" + jobId + "/" + spec().label();
  }
}
