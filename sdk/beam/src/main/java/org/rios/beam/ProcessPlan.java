package org.rios.beam;

import java.util.List;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.plan.WorkingPlan;

/**
 * One RIOS job already planned on the launcher, as a pipeline source: the single-job case of
 * {@link RiosIO#process}, through exactly the same steps after planning (chunks of blocks spread over the
 * workers, read and computed there, one writer per output file). {@code Applier.apply} with CW_BEAM runs this.
 * Failures fail the pipeline with a message naming the job and the file or block. Made by
 * {@link RiosBeam#process}.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
 * RiosWriteResult r = p.apply(RiosBeam.process(plan, infiles, outfiles, fn, null));
 * r.writtenRasters().apply(...);           // one record per output, once it is complete
 * p.run().waitUntilFinish();
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
public final class ProcessPlan<A> extends PTransform<PBegin, RiosWriteResult> {
  private static final long serialVersionUID = 1L;
  private final String jobId;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;
  private final UserFunctionWithArgs<A> fn;
  private final A otherArgs;
  private final boolean launcherConfirms;

  ProcessPlan(String jobId, WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
      UserFunctionWithArgs<A> fn, A otherArgs, boolean launcherConfirms) {
    this.jobId = jobId;
    this.plan = plan;
    this.infiles = infiles;
    this.outfiles = outfiles;
    this.fn = fn;
    this.otherArgs = otherArgs;
    this.launcherConfirms = launcherConfirms;
  }

  /** The job's id in the records ({@link WrittenRaster#jobId()}) and messages (default "rios"). */
  public ProcessPlan<A> withJobId(String id) {
    RiosBeam.checkArgument(id != null && !id.isEmpty(), "process: the job id must not be empty");
    return new ProcessPlan<>(id, plan, infiles, outfiles, fn, otherArgs, launcherConfirms);
  }

  /**
   * The outputs keep the earlier files of their names aside until the program that runs the pipeline confirms
   * them ({@link OutputWriters#confirmRun}) once the pipeline has succeeded and its results are read back, or
   * takes them back ({@link OutputWriters#takeBackRun}): {@link BeamDriver}'s all-or-none outputs.
   */
  ProcessPlan<A> confirmedByLauncher() {
    return new ProcessPlan<>(jobId, plan, infiles, outfiles, fn, otherArgs, true);
  }

  @Override
  public RiosWriteResult expand(PBegin begin) {
    RiosBeam.checkArgument(plan != null, "process: the working plan must not be null");
    RiosBeam.checkArgument(fn != null, "process: the user function must not be null");
    ReplacedInputs.refuse(jobId, plan);
    FilenameAssociations in = infiles != null ? infiles : new FilenameAssociations();
    FilenameAssociations out = outfiles != null ? outfiles : new FilenameAssociations();
    PlannedJob job = new PlannedJob(RasterJob.of(jobId, in, out), plan);
    PCollection<KV<String, PlannedJob>> planned =
        begin.apply("Job", Create.of(KV.of(jobId, job)).withCoder(RiosIO.PLANNED_CODER));
    // a single job's failures fail the pipeline: none is routed (its plan is made before the pipeline)
    return RiosIO.processPlanned(planned, null, null, fn, otherArgs, false, null, launcherConfirms);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    RiosBeam.describePlan(builder, plan);
    builder.add(DisplayData.item("job", jobId).withLabel("Job"))
        .add(DisplayData.item("userFunction", UserFunctionNames.describe(fn)).withLabel("User function"))
        .add(DisplayData.item("inputs", String.valueOf(infiles == null ? List.of() : infiles.names()))
            .withLabel("Inputs"))
        .add(DisplayData.item("outputs", String.valueOf(outfiles == null ? List.of() : outfiles.names()))
            .withLabel("Outputs"));
  }
}
