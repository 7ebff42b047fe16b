package org.rios.beam;

import org.apache.beam.sdk.transforms.DoFn;
import org.rios.errors.RiosException;
import org.rios.gdal.GdalRuntime;

/**
 * The in-process sink path's last step: runs once, after every block has been written (its input is the
 * global count of written blocks), checks the count, finishes the outputs and emits the {@link WriteSummary}.
 */
final class FinishInProcessFn extends DoFn<Long, WriteSummary> {
  private static final long serialVersionUID = 1L;
  private final InProcessSinkHandle sink;

  FinishInProcessFn(InProcessSinkHandle sink) {
    this.sink = sink;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @ProcessElement
  public void process(@Element Long counted, OutputReceiver<WriteSummary> out) {
    WriteSummary summary;
    try (QueuedSinkWriter writer = sink.take()) {
      writer.awaitWritten();
      if (counted != writer.blocksWritten()) {
        throw new RiosException("The RIOS sink counted " + counted + " written blocks but its writer has "
            + writer.blocksWritten() + ": the in-process sink needs every worker in one JVM (DirectRunner, Flink [local])");
      }
      summary = writer.finish();
      StageMetrics.publish(writer.writer().timers());
    }
    out.output(summary);
  }
}
