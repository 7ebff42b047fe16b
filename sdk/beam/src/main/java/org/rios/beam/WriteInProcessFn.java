package org.rios.beam;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.applier.BlockAssociations;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;

/**
 * The in-process sink path's writing step: hands each block to the run's shared {@link QueuedSinkWriter} as
 * it arrives (no shuffle, so memory holds only the blocks in flight) and emits a 1 per block for the
 * finishing step to count. Failures delete the partial outputs as {@link InProcessSinkHandle} describes.
 */
final class WriteInProcessFn extends DoFn<KV<BlockDefn, BlockAssociations>, Long> {
  private static final long serialVersionUID = 1L;
  private final InProcessSinkHandle sink;

  WriteInProcessFn(InProcessSinkHandle sink) {
    this.sink = sink;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @StartBundle
  public void startBundle() {
    sink.startBundle();
  }

  @ProcessElement
  public void process(@Element KV<BlockDefn, BlockAssociations> block, OutputReceiver<Long> out) {
    try {
      sink.write(block.getKey(), block.getValue());
    } catch (RuntimeException | Error e) {
      sink.failed();
      throw e;
    }
    out.output(1L);
  }

  @FinishBundle
  public void finishBundle() {
    sink.finishBundle();
  }

  @Teardown
  public void teardown() {
    sink.teardown();
  }
}
