package org.rios.beam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.rios.gdal.GdalRuntime;
import org.rios.io.FinishedOutput;
import org.rios.io.OutputCommit;

/**
 * The commit step: a stateful DoFn keyed by (run, job) that receives each output file of the job once its
 * writer has finished it, and when all of them are there puts them in place together, all or none
 * ({@link OutputCommit#commitFinished}), then emits their {@link WrittenRaster}s. So a job whose one output
 * fails (its writer's disk full, a user function that throws after another output was complete, an earlier
 * file that cannot be replaced) replaces none of its earlier outputs, as with {@code Applier.apply}.
 *
 * <p>Memory: one small record per finished output until its job is complete. A re-run bundle (its state
 * rolled back) collects the same records again and commits again, which skips an output already in place. At
 * the end of the input (an event-time timer at the end of the global window), a job whose outputs did not all
 * come (one failed, and was reported by the step where it failed) has the partial files of the others deleted.
 */
final class CommitJobFn extends DoFn<KV<String, ReadyOutput>, WrittenRaster> {
  private static final long serialVersionUID = 1L;
  private final TupleTag<WrittenRaster> writtenTag;
  private final TupleTag<FailedJob> failedTag;

  @StateId("ready")
  private final StateSpec<BagState<ReadyOutput>> readySpec = StateSpecs.bag(SerializableCoder.of(ReadyOutput.class));

  @StateId("done")
  private final StateSpec<ValueState<Boolean>> doneSpec = StateSpecs.value(BooleanCoder.of());

  @TimerId("endOfInput")
  private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  /** @param failedTag where a job whose outputs could not be put in place goes, or null to fail the pipeline */
  CommitJobFn(TupleTag<WrittenRaster> writtenTag, TupleTag<FailedJob> failedTag) {
    this.writtenTag = writtenTag;
    this.failedTag = failedTag;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @ProcessElement
  public void process(@Element KV<String, ReadyOutput> e, @StateId("ready") BagState<ReadyOutput> ready,
      @StateId("done") ValueState<Boolean> done, @TimerId("endOfInput") Timer end, MultiOutputReceiver out) {
    if (Boolean.TRUE.equals(done.read())) {
      return; // the job is in place and its records were emitted
    }
    ReadyOutput r = e.getValue();
    Map<String, ReadyOutput> byLabel = byLabel(ready.read());
    if (byLabel.isEmpty()) {
      end.set(GlobalWindow.INSTANCE.maxTimestamp());
    }
    if (byLabel.putIfAbsent(r.record().name(), r) == null) {
      ready.add(r);
    }
    if (byLabel.size() < r.jobOutputs()) {
      return;
    }
    List<FinishedOutput> files = new ArrayList<>();
    byLabel.values().forEach(o -> files.add(o.file()));
    try {
      OutputCommit.commitFinished(files);
    } catch (RuntimeException failure) {
      done.write(true);
      ready.clear();
      String jobId = r.record().jobId();
      if (failedTag == null) {
        throw JobFailures.toThrow(jobId, failure);
      }
      out.get(failedTag).output(new FailedJob(jobId, JobFailures.message(jobId, failure)));
      return;
    }
    done.write(true);
    ready.clear();
    byLabel.values().forEach(o -> out.get(writtenTag).output(o.record()));
  }

  /** Every record that will come has come: a job not complete has the partial files of its finished outputs deleted. */
  @OnTimer("endOfInput")
  public void endOfInput(@StateId("ready") BagState<ReadyOutput> ready, @StateId("done") ValueState<Boolean> done) {
    if (Boolean.TRUE.equals(done.read())) {
      return;
    }
    List<FinishedOutput> files = new ArrayList<>();
    ready.read().forEach(o -> files.add(o.file()));
    OutputCommit.discardFinished(files);
    ready.clear();
  }

  private static Map<String, ReadyOutput> byLabel(Iterable<ReadyOutput> ready) {
    Map<String, ReadyOutput> out = new LinkedHashMap<>();
    ready.forEach(r -> out.putIfAbsent(r.record().name(), r));
    return out;
  }
}
