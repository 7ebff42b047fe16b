package org.rios.beam;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The read step: each {@link BlockDefn} becomes the block with the arrays of every input, read onto the
 * working grid by the same reader as every other driver. Made by {@link RiosBeam#read}.
 *
 * <pre>{@code
 * PCollection<KV<BlockDefn, BlockAssociations>> inputs =
 *     blocks.apply(RiosBeam.read(plan, infiles).withReadWorkers(2));
 * }</pre>
 */
public final class ReadInputs
    extends PTransform<PCollection<BlockDefn>, PCollection<KV<BlockDefn, BlockAssociations>>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final int readWorkers;

  ReadInputs(WorkingPlan plan, FilenameAssociations infiles, int readWorkers) {
    this.plan = plan;
    this.infiles = infiles;
    this.readWorkers = readWorkers;
  }

  /**
   * Threads reading the files of one block concurrently in each worker (numReadWorkers). 1 (the default)
   * reads them one after the other in the DoFn's thread.
   */
  public ReadInputs withReadWorkers(int n) {
    return new ReadInputs(plan, infiles, n);
  }

  @Override
  public PCollection<KV<BlockDefn, BlockAssociations>> expand(PCollection<BlockDefn> blocks) {
    RiosBeam.checkArgument(plan != null, "read: the working plan must not be null");
    RiosBeam.checkArgument(infiles != null, "read: the input files must not be null");
    RiosBeam.checkArgument(infiles.size() == plan.inputs().size(), "read: the plan has " + plan.inputs().size()
        + " inputs but the input files have " + infiles.size() + " (use the FilenameAssociations of the plan)");
    RiosBeam.checkArgument(readWorkers >= 1, "read: numReadWorkers must be >= 1, got " + readWorkers);
    return blocks.apply("ReadBlock", ParDo.of(new ReadInputsFn(plan, infiles, readWorkers)))
        .setCoder(KvCoder.of(BlockDefnCoder.of(), BlockDataCoder.of()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    RiosBeam.describePlan(builder, plan);
    builder.add(DisplayData.item("inputs", String.valueOf(infiles.names())).withLabel("Inputs"))
        .add(DisplayData.item("readWorkers", readWorkers).withLabel("Read threads per worker"));
  }
}
