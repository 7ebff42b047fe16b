package org.rios.beam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
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
import org.rios.errors.RiosException;
import org.rios.gdal.GdalRuntime;
import org.rios.io.FinishedOutput;
import org.rios.io.OutputCommit;

/**
 * The commit step: a stateful DoFn keyed by (run, job) that hears from each output file of the job once its
 * writer has finished it and put it in place, keeping the earlier file of its name aside. When every output of
 * the job has come, it confirms them ({@link OutputCommit#confirm}: the earlier files are deleted) and emits
 * their {@link WrittenRaster}s. A job whose outputs do not all come (one failed in its writer: its disk full,
 * its before-close hook throwing, an earlier file that cannot be replaced; that failure is reported by the
 * writer step) has the others taken back at the end of the input ({@link OutputCommit#undo}: each new file
 * deleted, the earlier one moved back), so the job replaces none of its earlier outputs, as with
 * {@code Applier.apply}, and fails naming the outputs taken back (so a job whose missing output no writer
 * reported still fails aloud). A job's only output is final at its writer (except in a run its launcher confirms, see
 * below) and passes here only for its record.
 *
 * <p>In a run its launcher confirms ({@code Applier.apply} with CW_BEAM), the records are emitted when every
 * output of the job has come, but the earlier files stay aside: {@link BeamDriver} confirms the outputs once the
 * whole pipeline has succeeded and its results are read back, or takes them back, so a run that fails after its
 * outputs were put in place (its results cannot be collected, say) leaves the earlier files as they were.
 *
 * <p>Memory: one small record per output until its job is complete. A re-run bundle (its state rolled back)
 * collects the same records again and confirms again, which finds nothing left to delete.
 */
final class CommitJobFn extends DoFn<KV<String, ReadyOutput>, WrittenRaster> {
  private static final long serialVersionUID = 1L;
  private final TupleTag<WrittenRaster> writtenTag;
  private final TupleTag<FailedJob> failedTag;
  private final boolean launcherConfirms;

  @StateId("ready")
  private final StateSpec<BagState<ReadyOutput>> readySpec = StateSpecs.bag(ByEncodingCoder.forType(ReadyOutput.class));

  /** The job's fate once decided: true confirmed, false taken back. */
  @StateId("confirmed")
  private final StateSpec<ValueState<Boolean>> confirmedSpec = StateSpecs.value(BooleanCoder.of());

  @TimerId("endOfInput")
  private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  /**
   * @param failedTag where a job whose outputs could not be taken back goes, or null to fail the pipeline
   * @param launcherConfirms the launcher confirms complete jobs (see {@link OutputTarget#launcherConfirms})
   */
  CommitJobFn(TupleTag<WrittenRaster> writtenTag, TupleTag<FailedJob> failedTag, boolean launcherConfirms) {
    this.writtenTag = writtenTag;
    this.failedTag = failedTag;
    this.launcherConfirms = launcherConfirms;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @ProcessElement
  public void process(@Element KV<String, ReadyOutput> e, @StateId("ready") BagState<ReadyOutput> ready,
      @StateId("confirmed") ValueState<Boolean> confirmed, @TimerId("endOfInput") Timer end,
      MultiOutputReceiver out) {
    ReadyOutput r = e.getValue();
    Boolean fate = confirmed.read();
    if (fate != null) {
      // an output of a job already settled (its writer re-run): it goes the way of the others
      settleLate(fate, r, out);
      return;
    }
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
    ready.clear();
    // with launcherConfirms the job is complete here, and the launcher confirms it once the pipeline has succeeded
    if (!launcherConfirms) {
      if (!OutputWriters.settle(e.getKey(), true) && !Boolean.TRUE.equals(OutputWriters.confirmed(e.getKey()))) {
        confirmed.write(false); // this JVM's launcher gave up on the run and took the job's outputs back
        return;
      }
      List<FinishedOutput> files = new ArrayList<>();
      byLabel.values().forEach(o -> files.add(o.file()));
      OutputCommit.confirm(files);
    }
    confirmed.write(true);
    byLabel.values().forEach(o -> out.get(writtenTag).output(o.record()));
  }

  private void settleLate(boolean confirmedBefore, ReadyOutput r, MultiOutputReceiver out) {
    if (confirmedBefore) {
      if (!launcherConfirms) {
        OutputCommit.confirm(List.of(r.file()));
      }
      out.get(writtenTag).output(r.record());
    } else {
      undo(r.record().jobId(), List.of(r.file()), out);
    }
  }

  /**
   * Every record that will come has come: the outputs of a job not complete are taken back, and the job fails
   * with a message naming what was taken back (routed as a failure that gives way to the one its writer
   * reported, which names the cause; without routing, the pipeline fails, unless a writer's failure already
   * has). If one cannot be taken back (a file that cannot be deleted or moved back), the job fails with that
   * error.
   */
  @OnTimer("endOfInput")
  public void endOfInput(@Key String jobKey, @StateId("ready") BagState<ReadyOutput> ready,
      @StateId("confirmed") ValueState<Boolean> confirmed, MultiOutputReceiver out) {
    if (confirmed.read() != null) {
      return;
    }
    Map<String, ReadyOutput> arrived = byLabel(ready.read());
    confirmed.write(false);
    ready.clear();
    if (arrived.isEmpty() || !OutputWriters.settle(jobKey, false)) {
      return; // nothing came, or this JVM's launcher gave up on the run and takes the outputs back itself
    }
    List<FinishedOutput> files = new ArrayList<>();
    arrived.values().forEach(o -> files.add(o.file()));
    ReadyOutput any = arrived.values().iterator().next();
    String jobId = any.record().jobId();
    undo(jobId, files, out);
    boolean one = arrived.size() == 1;
    String message = "Job '" + jobId + "': only " + arrived.size() + " of its " + any.jobOutputs() + " outputs "
        + (one ? "was" : "were") + " finished, so " + (one ? "it was" : "they were") + " taken back ("
        + names(arrived) + ")";
    if (failedTag == null) {
      throw new RiosException(message);
    }
    out.get(failedTag).output(new FailedJob(jobId, message, true));
  }

  private static String names(Map<String, ReadyOutput> arrived) {
    StringBuilder sb = new StringBuilder();
    arrived.values().forEach(o -> sb.append(sb.length() == 0 ? "" : ", ").append(o.record().name()).append(" = ")
        .append(o.record().path()));
    return sb.toString();
  }

  private void undo(String jobId, List<FinishedOutput> files, MultiOutputReceiver out) {
    try {
      // the job's failure is routed or thrown where it happened; an upload that stays can only be logged here
      OutputCommit.undo(files).forEach(name -> System.err.println("WARNING: "
          + OutputCommit.leftInPlace(name, jobId).getMessage()));
    } catch (RuntimeException failure) {
      if (failedTag == null) {
        throw JobFailures.toThrow(jobId, failure);
      }
      out.get(failedTag).output(new FailedJob(jobId, JobFailures.message(jobId, failure)));
    }
  }

  private static Map<String, ReadyOutput> byLabel(Iterable<ReadyOutput> ready) {
    Map<String, ReadyOutput> out = new LinkedHashMap<>();
    ready.forEach(r -> out.putIfAbsent(r.record().name(), r));
    return out;
  }
}
