package org.rios.beam;

import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The block source of a plan: emits every {@link BlockDefn} of the plan once, from a splittable DoFn over the
 * block indexes, so runners can spread the blocks over workers (and split further while running). Made by
 * {@link RiosBeam#readBlocks}; immutable, each {@code withX} returns a new transform.
 *
 * <pre>{@code
 * PCollection<BlockDefn> blocks = pipeline.apply(RiosBeam.readBlocks(plan).withBlocksPerSplit(4));
 * }</pre>
 */
public final class ReadBlocks extends PTransform<PBegin, PCollection<BlockDefn>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final long blocksPerSplit;

  ReadBlocks(WorkingPlan plan, long blocksPerSplit) {
    this.plan = plan;
    this.blocksPerSplit = blocksPerSplit;
  }

  /** Blocks per initial split of the source (default 1: every block can go to any worker). */
  public ReadBlocks withBlocksPerSplit(long n) {
    return new ReadBlocks(plan, n);
  }

  @Override
  public PCollection<BlockDefn> expand(PBegin input) {
    RiosBeam.checkArgument(plan != null, "readBlocks: the working plan must not be null");
    RiosBeam.checkArgument(blocksPerSplit >= 1, "readBlocks: blocksPerSplit must be >= 1, got " + blocksPerSplit);
    return input.apply("Impulse", Impulse.create())
        .apply("SplitBlocks", ParDo.of(new BlockSplitFn(plan, blocksPerSplit)))
        .setCoder(BlockDefnCoder.of());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    RiosBeam.describePlan(builder, plan);
    builder.add(DisplayData.item("blocksPerSplit", blocksPerSplit).withLabel("Blocks per source split"));
  }
}
