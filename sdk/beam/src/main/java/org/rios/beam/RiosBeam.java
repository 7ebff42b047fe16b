package org.rios.beam;

import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.plan.WorkingPlan;

/**
 * RIOS as Beam transforms, in the style of Beam's IO connectors: static factories for small immutable
 * transforms, configured with {@code withX(...)} and checked when applied. The transforms only drive the
 * RIOS engine: reading, the user function and writing are the same {@code BlockStages}, {@code BlockReader}
 * and {@code BlockWriter} as the sequential and native drivers, so outputs are identical.
 *
 * <pre>{@code
 * WorkingPlan plan = WorkingPlanBuilder.build(infiles, outfiles, controls);
 * Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
 * PCollection<KV<BlockDefn, BlockAssociations>> inputs = p
 *     .apply(RiosBeam.readBlocks(plan))
 *     .apply(RiosBeam.read(plan, infiles).withReadWorkers(2));
 * Computed<Void> computed = inputs.apply(RiosBeam.applyFunction(plan, fn, null));
 * computed.blocks().apply(RiosBeam.write(plan, outfiles));
 * p.run().waitUntilFinish();
 * }</pre>
 *
 * <p>Or all of it at once: {@code p.apply(RiosBeam.process(plan, infiles, outfiles, fn, otherArgs))}.
 */
public final class RiosBeam {
  private RiosBeam() {}

  /** The block source: every block of {@code plan}, once. */
  public static ReadBlocks readBlocks(WorkingPlan plan) {
    return new ReadBlocks(plan, 1);
  }

  /** The read step: each block with the arrays of every input in {@code infiles} (the plan's inputs). */
  public static ReadInputs read(WorkingPlan plan, FilenameAssociations infiles) {
    return new ReadInputs(plan, infiles, 1);
  }

  /** The compute step: {@code fn} on every block; each bundle of work gets its own copy of {@code otherArgs}. */
  public static <A> ApplyFunction<A> applyFunction(WorkingPlan plan, UserFunctionWithArgs<A> fn, A otherArgs) {
    return new ApplyFunction<>(plan, fn, otherArgs, null, null);
  }

  /** The ordered sink: every output block into the outputs of {@code outfiles} through one writer. */
  public static WriteOutputs write(WorkingPlan plan, FilenameAssociations outfiles) {
    return new WriteOutputs(plan, outfiles, null);
  }

  /** The whole run: block source, read, user function and ordered sink. */
  public static <A> ProcessPlan<A> process(WorkingPlan plan, FilenameAssociations infiles,
      FilenameAssociations outfiles, UserFunctionWithArgs<A> fn, A otherArgs) {
    return new ProcessPlan<>(plan, infiles, outfiles, fn, otherArgs, null, null, 1);
  }

  /**
   * After a failed run: closes the in-process writers of the pipeline with these options and deletes their
   * partial outputs. The DirectRunner needs no call (the sink cleans up when the runner tears it down), nor
   * does CW_BEAM (its driver calls this); on Flink {@code [local]} the sink cleans up when a RIOS step fails
   * or is cancelled mid-bundle, so call this in your own {@code catch} when the failure may come from a step
   * of your own.
   *
   * <pre>{@code
   * try {
   *   p.run().waitUntilFinish();
   * } catch (RuntimeException e) {
   *   RiosBeam.deletePartialOutputs(p.getOptions());
   *   throw e;
   * }
   * }</pre>
   */
  public static void deletePartialOutputs(PipelineOptions options) {
    InProcessSinks.abortPipeline(options.getOptionsId());
  }

  /** The display data every RIOS transform shows for its plan: grid, window, overlap and block count. */
  static void describePlan(DisplayData.Builder builder, WorkingPlan plan) {
    builder.add(DisplayData.item("grid", plan.grid().ncols() + " x " + plan.grid().nrows() + " pixels")
            .withLabel("Working grid"))
        .add(DisplayData.item("window", plan.windowXsize() + " x " + plan.windowYsize()).withLabel("Block size"))
        .add(DisplayData.item("overlap", plan.overlap()).withLabel("Overlap"))
        .add(DisplayData.item("blocks", plan.numBlocks()).withLabel("Blocks"));
  }

  /** Argument checks of the transforms' {@code expand}, with the transform named in the message. */
  static void checkArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
