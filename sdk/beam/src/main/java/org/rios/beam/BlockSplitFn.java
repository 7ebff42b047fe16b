package org.rios.beam;

import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The block source: a splittable DoFn over the offset range of block indexes [0, numBlocks). The initial
 * restriction is split into runs of {@code blocksPerSplit} blocks so runners can spread them over workers
 * from the start; each claimed index is emitted as the plan's {@link BlockDefn}, so the element carries only
 * five ints and every worker reads the pixels itself.
 */
final class BlockSplitFn extends DoFn<byte[], BlockDefn> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final long blocksPerSplit;

  BlockSplitFn(WorkingPlan plan, long blocksPerSplit) {
    this.plan = plan;
    this.blocksPerSplit = blocksPerSplit;
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element byte[] impulse) {
    return new OffsetRange(0, plan.numBlocks());
  }

  @SplitRestriction
  public void splitRestriction(@Restriction OffsetRange range, OutputReceiver<OffsetRange> out) {
    for (OffsetRange part : range.split(blocksPerSplit, 1)) {
      out.output(part);
    }
  }

  @GetRestrictionCoder
  public OffsetRange.Coder restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @ProcessElement
  public void process(RestrictionTracker<OffsetRange, Long> tracker, OutputReceiver<BlockDefn> out) {
    for (long i = tracker.currentRestriction().getFrom(); tracker.tryClaim(i); i++) {
      out.output(plan.blocks().get((int) i));
    }
  }
}
