package org.rios.beam;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * The read step: every input of a block onto the working grid, through the worker's {@link WorkerReader}
 * (the same reading path as the other drivers), owned from {@code @Setup} to {@code @Teardown}.
 */
final class ReadInputsFn extends DoFn<BlockDefn, KV<BlockDefn, BlockAssociations>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final int readWorkers;
  private transient WorkerReader reader;

  ReadInputsFn(WorkingPlan plan, FilenameAssociations infiles, int readWorkers) {
    this.plan = plan;
    this.infiles = infiles;
    this.readWorkers = readWorkers;
  }

  @Setup
  public void setup() {
    reader = new WorkerReader(plan, infiles, readWorkers);
  }

  @ProcessElement
  public void process(@Element BlockDefn block, OutputReceiver<KV<BlockDefn, BlockAssociations>> out) {
    Timers timers = new Timers();
    BlockAssociations inputs = reader.read(block, timers);
    StageMetrics.publish(timers);
    out.output(KV.of(block, inputs));
  }

  @Teardown
  public void teardown() {
    if (reader != null) {
      reader.close(); // kept: a read still running on another thread then fails with a clear message
    }
  }
}
