package org.rios.beam;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The shuffle path of the ordered sink: receives every computed block of the run under one key and writes
 * them through one {@link SinkWriter}, then finishes the outputs. The grouped blocks are iterated once,
 * lazily, and each is dropped after it is written, so on runners that stream a group from disk (Flink)
 * memory holds a block or two however large the raster. Blocks are written in arrival order: the writer's
 * statistics do not depend on block order.
 */
final class WriteOutputsFn extends DoFn<KV<Integer, Iterable<KV<BlockDefn, BlockAssociations>>>, WriteSummary> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations outfiles;

  WriteOutputsFn(WorkingPlan plan, FilenameAssociations outfiles) {
    this.plan = plan;
    this.outfiles = outfiles;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @ProcessElement
  public void process(@Element KV<Integer, Iterable<KV<BlockDefn, BlockAssociations>>> group,
      OutputReceiver<WriteSummary> out) {
    WriteSummary summary;
    try (SinkWriter writer = new SinkWriter(plan, outfiles)) {
      for (KV<BlockDefn, BlockAssociations> b : group.getValue()) {
        writer.write(b.getKey(), b.getValue());
      }
      summary = writer.finish();
      StageMetrics.publish(writer.timers());
    }
    out.output(summary);
  }
}
