package org.rios.beam;

import java.util.BitSet;
import org.rios.applier.BlockAssociations;
import org.rios.engine.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.RiosException;
import org.rios.io.BlockWriter;
import org.rios.lifecycle.RunTempDir;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * One run's writing side of the ordered sink: takes each block of the plan exactly once (in any order),
 * writes it through the single {@link BlockWriter} every driver uses, and at the end checks that no block is
 * missing before finishing the outputs. Both sink paths ({@link WriteOutputsFn} after a GroupByKey and
 * {@link QueuedSinkWriter}'s writer thread on the DirectRunner) are this class.
 *
 * <p>Outputs are complete only after {@link #finish()}; {@link #close()} before that deletes the partial files.
 */
final class SinkWriter implements AutoCloseable {
  private final WorkingPlan plan;
  private final BlockStages stages;
  private final Timers timers = new Timers();
  private final BitSet seen;
  private final RunTempDir probes;
  private final BlockWriter writer;
  private int count;
  private boolean finished;

  SinkWriter(WorkingPlan plan, FilenameAssociations outfiles) {
    this.plan = plan;
    this.stages = new BlockStages(plan, new FilenameAssociations(), outfiles);
    this.seen = new BitSet(plan.numBlocks());
    this.probes = RunTempDir.preferring(plan.tempDir(), "rios_sink_");
    this.writer = new BlockWriter(plan, probes.file(), timers, null);
  }

  /** Writes one block; a block outside the plan or seen before is an error naming it. */
  synchronized void write(BlockDefn block, BlockAssociations outputs) {
    if (finished) {
      throw new RiosException("The RIOS sink received block " + block.index() + " after its outputs were finished");
    }
    int i = block.index();
    if (i < 0 || i >= plan.numBlocks() || !plan.blocks().get(i).equals(block)) {
      throw new RiosException("The RIOS sink received a block that is not in the plan: " + block);
    }
    if (seen.get(i)) {
      throw new RiosException("The RIOS sink received block " + i + " twice");
    }
    seen.set(i);
    count++;
    stages.write(writer, block, outputs);
  }

  /** Checks every block arrived, finishes the outputs (statistics, pyramids ...) and says what was written. */
  synchronized WriteSummary finish() {
    if (count != plan.numBlocks()) {
      int missing = seen.nextClearBit(0);
      throw new RiosException("The RIOS sink received " + count + " of the plan's " + plan.numBlocks()
          + " blocks (block " + missing + " is missing): every block must reach RiosBeam.write");
    }
    finished = true;
    writer.finish();
    return new WriteSummary(count, writer.singlePassReports());
  }

  synchronized int blocksWritten() {
    return count;
  }

  /** The writer's timers (writing, statistics, pyramids), to publish as Beam metrics. */
  Timers timers() {
    return timers;
  }

  /** Releases everything; before {@link #finish()} this deletes the partial outputs. */
  @Override
  public synchronized void close() {
    try {
      writer.close();
    } finally {
      probes.close();
    }
  }
}
