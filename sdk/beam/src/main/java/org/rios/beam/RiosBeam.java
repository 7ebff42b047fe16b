package org.rios.beam;

import org.apache.beam.sdk.transforms.display.DisplayData;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.plan.WorkingPlan;

/**
 * One RIOS job planned on the launcher, as a Beam transform: the single-job case of {@link RiosIO}, used by
 * {@code Applier.apply} with CW_BEAM. Reading, the user function and writing are the same
 * {@code BlockStages}, {@code BlockReader} and {@code BlockWriter} as the sequential and native drivers, so
 * outputs are identical.
 *
 * <pre>{@code
 * WorkingPlan plan = WorkingPlanBuilder.build(infiles, outfiles, controls);
 * Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
 * RiosWriteResult r = p.apply(RiosBeam.process(plan, infiles, outfiles, fn, otherArgs));
 * p.run().waitUntilFinish();
 * }</pre>
 *
 * <p>For many jobs, or jobs planned on the workers, use {@link RiosIO#process}.
 */
public final class RiosBeam {
  private RiosBeam() {}

  /** The whole run of {@code plan}: its blocks read, computed by {@code fn} and written on the workers. */
  public static <A> ProcessPlan<A> process(WorkingPlan plan, FilenameAssociations infiles,
      FilenameAssociations outfiles, UserFunctionWithArgs<A> fn, A otherArgs) {
    checkSendable("RiosBeam.process: ", fn, otherArgs);
    return new ProcessPlan<>("rios", plan, infiles, outfiles, fn, otherArgs, false);
  }

  /**
   * The library's exception inside a pipeline's failure. Runners wrap what a step throws (Beam's
   * {@code PipelineExecutionException}; on Flink a {@code JobExecutionException}, and for a step that keeps
   * state "Error reading state" around it), so the message that names the job and the file is some causes
   * down. Returns the outermost {@link org.rios.errors.RiosException} there: for a job that failed, one whose
   * message names the job and the failure ("Job 'scene7': Input 'img' (/data/scene7.tif) ...") and whose
   * {@link Throwable#getCause() cause} is that failure itself (of its own type: {@code FileOpenException},
   * {@code UserFunctionException}, ..., or whatever a job's commit step met); for a failure of the collection (two jobs writing one file, two jobs
   * with one id) the {@code ParameterException} naming them; for a failure none of the library's, a
   * {@code RiosException} saying the pipeline failed, with {@code pipelineFailure} as its cause.
   *
   * <pre>{@code
   * try {
   *   p.run().waitUntilFinish();
   * } catch (RuntimeException e) {
   *   throw RiosBeam.failureOf(e);
   * }
   * }</pre>
   */
  public static RuntimeException failureOf(Throwable pipelineFailure) {
    checkArgument(pipelineFailure != null, "failureOf: the pipeline's failure must not be null");
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = pipelineFailure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof org.rios.errors.RiosException r) {
        return r;
      }
    }
    return BeamDriver.rootCause(pipelineFailure);
  }

  /** The display data every RIOS transform shows for its plan: grid, window, overlap and block count. */
  static void describePlan(DisplayData.Builder builder, WorkingPlan plan) {
    builder.add(DisplayData.item("grid", plan.grid().ncols() + " x " + plan.grid().nrows() + " pixels")
            .withLabel("Working grid"))
        .add(DisplayData.item("window", plan.windowXsize() + " x " + plan.windowYsize()).withLabel("Block size"))
        .add(DisplayData.item("overlap", plan.overlap()).withLabel("Overlap"))
        .add(DisplayData.item("blocks", plan.numBlocks()).withLabel("Blocks"));
  }

  /**
   * Argument checks of the Beam API (transforms, jobs, helpers), with the method named in the message.
   *
   * @throws org.rios.errors.ParameterException with {@code message}
   */
  static void checkArgument(boolean ok, String message) {
    if (!ok) {
      throw new org.rios.errors.ParameterException(message);
    }
  }

  /**
   * Refuses, when it is given, a user function or otherArgs that cannot be sent to the pipeline's workers
   * (a lambda that captures something not Serializable): the runner would fail only once the pipeline runs,
   * naming one of the library's steps rather than the argument.
   *
   * @param where the method they were given to, as the messages' prefix ("RiosIO.process: "), or ""
   * @throws org.rios.errors.ParameterException naming the argument and the class that is not Serializable
   */
  static void checkSendable(String where, Object fn, Object otherArgs) {
    if (fn != null) {
      checkSendable(fn, where + "the user function");
    }
    if (otherArgs != null) {
      checkSendable(otherArgs, where + "otherArgs");
    }
  }

  /**
   * {@link #checkSendable(Object, String)} for controls: what in them may not be Serializable is a
   * {@code callBeforeClose} hook (a lambda capturing something), which the message names.
   */
  static void checkControlsSendable(org.rios.applier.ApplierControls controls, String what) {
    checkSendable(controls, what + " and their callBeforeClose hook");
  }

  /** {@link #checkSendable(String, Object, Object)} for one object, {@code what} naming it. */
  static void checkSendable(Object o, String what) {
    try {
      org.apache.beam.sdk.util.SerializableUtils.serializeToByteArray((java.io.Serializable) o);
    } catch (IllegalArgumentException | ClassCastException e) {
      Throwable t = e;
      while (t.getCause() != null && !(t instanceof java.io.NotSerializableException)) {
        t = t.getCause();
      }
      String culprit = t instanceof java.io.NotSerializableException ? t.getMessage() : o.getClass().getName();
      throw new org.rios.errors.ParameterException(what + " (" + o.getClass().getName() + ") cannot be sent to "
          + "the Beam pipeline's workers: " + culprit + " is not Serializable (what it captures or holds must be "
          + "Serializable too; each worker gets its own copy)", e);
    }
  }
}
