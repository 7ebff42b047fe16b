package org.rios.beam;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The in-process sink path's writing step: hands each block to the run's shared {@link QueuedSinkWriter} as
 * it arrives (no shuffle, so memory holds only the blocks in flight) and emits a 1 per block for the
 * finishing step to count. If the pipeline fails, the runner tears this DoFn down and the
 * partial outputs are deleted.
 */
final class WriteInProcessFn extends DoFn<KV<BlockDefn, BlockAssociations>, Long> {
  private static final long serialVersionUID = 1L;
  private final String sinkId;
  private final WorkingPlan plan;
  private final FilenameAssociations outfiles;

  WriteInProcessFn(String sinkId, WorkingPlan plan, FilenameAssociations outfiles) {
    this.sinkId = sinkId;
    this.plan = plan;
    this.outfiles = outfiles;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @ProcessElement
  public void process(@Element KV<BlockDefn, BlockAssociations> block, OutputReceiver<Long> out) {
    InProcessSinks.write(sinkId, plan, outfiles, block.getKey(), block.getValue());
    out.output(1L);
  }

  /**
   * The DirectRunner tears its DoFns down when the pipeline ends; a writer still open then was never
   * finished (the run failed), so its partial outputs go.
   */
  @Teardown
  public void teardown() {
    InProcessSinks.abort(sinkId);
  }
}
