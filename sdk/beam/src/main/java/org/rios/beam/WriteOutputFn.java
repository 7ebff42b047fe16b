package org.rios.beam;

import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.gdal.GdalRuntime;

/**
 * The writer of each output file: a stateful DoFn keyed by (run, job, output), so the runner sends every
 * block of one file to one worker while different files spread over the workers. Blocks are written as they
 * arrive (single-pass statistics do not depend on the order), so memory is a few blocks per writer, and the
 * finished file's {@link WrittenRaster} is emitted once it is complete at its final path.
 *
 * <p>The only state is whether the job failed: after the job's failure notice the writer deletes its partial
 * file and drops the job's later blocks.
 */
final class WriteOutputFn extends DoFn<KV<String, OutputBlock>, WrittenRaster> {
  private static final long serialVersionUID = 1L;

  @StateId("jobFailed")
  private final StateSpec<ValueState<Boolean>> jobFailedSpec = StateSpecs.value(BooleanCoder.of());

  /** Keys this instance wrote to: aborted at teardown if still incomplete (the run failed). */
  private transient Set<String> touched;

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
    touched = new HashSet<>();
  }

  @ProcessElement
  public void process(@Element KV<String, OutputBlock> e, @StateId("jobFailed") ValueState<Boolean> jobFailed,
      OutputReceiver<WrittenRaster> out) {
    if (Boolean.TRUE.equals(jobFailed.read())) {
      return;
    }
    OutputBlock b = e.getValue();
    if (b.isJobFailure()) {
      jobFailed.write(true);
      OutputWriters.abort(e.getKey());
      return;
    }
    touched.add(e.getKey());
    WrittenRaster done = OutputWriters.open(b.target()).write(b.block(), b.array());
    if (done != null) {
      touched.remove(e.getKey());
      out.output(done);
    }
  }

  /** A writer torn down with outputs still incomplete belongs to a failed run: delete the partial files. */
  @Teardown
  public void teardown() {
    if (touched != null) {
      touched.forEach(OutputWriters::abort);
      touched.clear();
    }
  }
}
