package org.rios.beam;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;

/**
 * Plans each job on the worker that gets it (so the launcher never opens the files): the same
 * {@link WorkingPlanBuilder} as {@code Applier.apply}, which checks the controls against the files and opens
 * every input once. A job that cannot be planned (a missing or unreadable input, bad controls, an output
 * written over one of its own inputs: {@link ReplacedInputs}) fails here, before any block is read.
 */
final class PlanJobsFn extends DoFn<RasterJob, KV<String, PlannedJob>> {
  private static final long serialVersionUID = 1L;
  private final TupleTag<FailedJob> failedTag;

  /** @param failedTag where failed jobs go, or null to fail the pipeline */
  PlanJobsFn(TupleTag<FailedJob> failedTag) {
    this.failedTag = failedTag;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @ProcessElement
  public void process(@Element RasterJob job, MultiOutputReceiver out) {
    if (job == null) {
      // not a job that failed: no id to route it under, and a step of the pipeline is wrong
      throw new org.rios.errors.ParameterException("RiosIO.process: the collection of jobs holds a null RasterJob "
          + "(a step before RiosIO emitted null)");
    }
    WorkingPlan plan;
    try {
      plan = WorkingPlanBuilder.build(job.infiles(), job.outfiles(), job.controls());
      ReplacedInputs.refuse(null, plan); // JobFailures names the job
    } catch (RuntimeException e) {
      // the message names the output or input by its label at most: which files the job had
      if (failedTag == null) {
        throw JobFailures.toThrow(job.id(), e, JobFailures.where(job));
      }
      out.get(failedTag).output(new FailedJob(job.id(), JobFailures.message(job.id(), e) + JobFailures.where(job)));
      return;
    }
    out.get(RiosIO.PLANNED).output(KV.of(job.id(), new PlannedJob(job, plan)));
  }
}
