package org.rios.beam;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.gdal.BlockReader;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * The read step: every input of a block onto the working grid, through the same {@link BlockStages#read}
 * as the other drivers. Each DoFn instance owns its reader(s) from {@code @Setup} to {@code @Teardown}, so a
 * file is opened once per instance, not once per block.
 */
final class ReadInputsFn extends DoFn<BlockDefn, KV<BlockDefn, BlockAssociations>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final int readWorkers;
  private transient BlockStages stages;
  private transient BlockReader reader;
  private transient ParallelBlockReads pool;

  ReadInputsFn(WorkingPlan plan, FilenameAssociations infiles, int readWorkers) {
    this.plan = plan;
    this.infiles = infiles;
    this.readWorkers = readWorkers;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
    stages = new BlockStages(plan, infiles, new FilenameAssociations());
    if (readWorkers > 1 && plan.inputs().size() > 1) {
      pool = new ParallelBlockReads(plan, readWorkers);
    } else {
      reader = new BlockReader(plan);
    }
  }

  @ProcessElement
  public void process(@Element BlockDefn block, OutputReceiver<KV<BlockDefn, BlockAssociations>> out) {
    Timers timers = new Timers();
    BlockAssociations inputs = pool != null ? pool.read(block, infiles, timers) : stages.read(reader, block, timers);
    StageMetrics.publish(timers);
    out.output(KV.of(block, inputs));
  }

  @Teardown
  public void teardown() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }
}
