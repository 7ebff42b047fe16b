package org.rios.beam;

import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
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

/**
 * The writer of each output file: a stateful DoFn keyed by (run, job, output), so the runner sends every
 * block of one file to one worker while different files spread over the workers. Blocks are written as they
 * arrive (single-pass statistics do not depend on the order), so memory is a few blocks per writer. The
 * finished file (statistics, histograms, overviews, closed) is put in place, keeping the earlier file of its
 * name aside when the job has several outputs, and its {@link WrittenRaster} goes to the commit step keyed by
 * job ({@link CommitJobFn}), which confirms or takes back all of the job's outputs together.
 *
 * <p>Beam counters in the "rios" namespace: blocksWritten, outputsWritten, bytesWritten (of the finished files),
 * visible in {@code PipelineResult.metrics()} and the Flink web UI.
 *
 * <p>State: the target, the blocks received, whether the output was completed (later blocks are dropped; one
 * that comes again after a rolled-back bundle gets the finished output's record again), and whether its job
 * failed (after the job's failure notice the writer deletes its partial file and drops the job's later
 * blocks). At the end of the input (an
 * event-time timer at the end of the global window) an output still incomplete (blocks missing: dropped by a
 * step of the pipeline's author, say) is deleted and reported: as a failed job, or by failing the pipeline.
 */
final class WriteOutputFn extends DoFn<KV<String, OutputChunk>, KV<String, ReadyOutput>> {
  private static final long serialVersionUID = 1L;
  private final TupleTag<KV<String, ReadyOutput>> readyTag;
  private final TupleTag<FailedJob> failedTag;

  @StateId("jobFailed")
  private final StateSpec<ValueState<Boolean>> jobFailedSpec = StateSpecs.value(BooleanCoder.of());

  @StateId("completed")
  private final StateSpec<ValueState<Boolean>> completedSpec = StateSpecs.value(BooleanCoder.of());

  @StateId("received")
  private final StateSpec<ValueState<Integer>> receivedSpec = StateSpecs.value(VarIntCoder.of());

  /** Which output this key writes, for the end-of-input report. */
  @StateId("target")
  private final StateSpec<ValueState<TargetName>> targetSpec = StateSpecs.value(TargetName.CODER);

  @TimerId("endOfInput")
  private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  /** Keys this instance wrote to: aborted at teardown if still incomplete (the run failed). */
  private transient Set<String> touched;

  /** @param failedTag where incomplete outputs are reported, or null to fail the pipeline */
  WriteOutputFn(TupleTag<KV<String, ReadyOutput>> readyTag, TupleTag<FailedJob> failedTag) {
    this.readyTag = readyTag;
    this.failedTag = failedTag;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
    touched = new HashSet<>();
  }

  @ProcessElement
  public void process(@Element KV<String, OutputChunk> e, @StateId("jobFailed") ValueState<Boolean> jobFailed,
      @StateId("received") ValueState<Integer> received, @StateId("target") ValueState<TargetName> target,
      @StateId("completed") ValueState<Boolean> completed, @TimerId("endOfInput") Timer end,
      MultiOutputReceiver out) {
    if (Boolean.TRUE.equals(completed.read())) {
      return;
    }
    if (Boolean.TRUE.equals(jobFailed.read())) {
      forwardIfFinished(e.getKey(), completed, out);
      return;
    }
    OutputChunk chunk = e.getValue();
    ReadyOutput earlier = chunk.isJobFailure() ? null : OutputWriters.finished(e.getKey());
    if (earlier != null) {
      // finished before, in a bundle whose state was rolled back: the file is finished, say so again
      completedWith(earlier, e.getKey(), completed, out);
      return;
    }
    if (chunk.isJobFailure()) {
      jobFailed.write(true);
      OutputWriters.abort(e.getKey());
      forwardIfFinished(e.getKey(), completed, out);
      return;
    }
    if (target.read() == null) {
      target.write(TargetName.of(chunk.target()));
      end.set(GlobalWindow.INSTANCE.maxTimestamp());
    }
    String key = e.getKey();
    if (chunk.isWritten()) {
      touched.add(key);
      tookInProcess(key, chunk, received, jobFailed, out);
      return;
    }
    Integer before = received.read();
    if (before != null && before > 0 && !OutputWriters.isOpen(key)) {
      Throwable failedBefore = OutputWriters.failure(key);
      if (failedBefore == null && OutputWriters.wasAborted(key)) {
        return; // this attempt is being torn down after a failure of its own: late blocks are dropped
      }
      // else the writer failed here before, or the state was restored (a Flink checkpoint) without the file it
      // describes, whose blocks will not come again
      writeFailed(key, chunk.target(), failedBefore != null ? failedBefore : new RiosException("The writer of output '"
          + chunk.target().spec().label() + "' (" + chunk.target().spec().filename() + ") was restored with "
          + before + " blocks written but its partial file is gone (restored from a checkpoint on another "
          + "worker?): RiosIO outputs are recovered by re-running their blocks, so run without checkpointing"),
          jobFailed, out);
      return;
    }
    touched.add(key);
    OutputWriter writer;
    ReadyOutput done;
    try {
      writer = OutputWriters.open(chunk.target());
      done = writer.writeCounted(chunk.blocks(), chunk.arrays());
    } catch (RuntimeException failure) {
      writeFailed(key, chunk.target(), OutputWriters.ownFailure(key, failure), jobFailed, out);
      return;
    }
    received.write(writer.blocksWritten());
    if (done != null) {
      completedWith(done, key, completed, out);
    }
  }

  /**
   * The job failed, but this output's writer finished its file before it heard (in process, the word of its
   * last blocks may come after the failure's): the commit step is told, so it takes the file back with the
   * job's others (or, for a job's only output, which is final at its writer, records it).
   */
  private void forwardIfFinished(String key, ValueState<Boolean> completed, MultiOutputReceiver out) {
    ReadyOutput done = OutputWriters.finished(key);
    if (done != null) {
      completedWith(done, key, completed, out);
    }
  }

  /** Output {@code key} is complete: its record goes to the commit step, and teardown no longer aborts it. */
  private void completedWith(ReadyOutput done, String key, ValueState<Boolean> completed, MultiOutputReceiver out) {
    completed.write(true);
    touched.remove(key);
    ready(done, out);
  }

  private void ready(ReadyOutput done, MultiOutputReceiver out) {
    out.get(readyTag).output(KV.of(done.jobKey(), done));
  }

  /**
   * Word that a compute worker wrote blocks itself into this JVM's writer of the file: counted for the
   * end-of-input report. The record of the finished file comes with the word of its last blocks (see the
   * check of finished outputs above): the worker that completes the file waits for it before sending word.
   */
  private void tookInProcess(String key, OutputChunk chunk, ValueState<Integer> received,
      ValueState<Boolean> jobFailed, MultiOutputReceiver out) {
    if (!OutputWriters.JVM.equals(chunk.writtenIn())) {
      OutputWriters.abort(key);
      throw new RiosException("Job '" + chunk.target().jobId() + "': output '" + chunk.target().spec().label()
          + "' (" + chunk.target().spec().filename() + ") was written by a compute worker in another JVM than "
          + "its writer step: --writersInProcess=true needs every worker of the pipeline in one JVM (the "
          + "DirectRunner, Flink [local]); leave it unset (false) for a cluster");
    }
    int n = OutputWriters.blocksWritten(key);
    if (n >= 0) {
      received.write(n);
      return;
    }
    Throwable failure = OutputWriters.failure(key);
    if (failure != null) {
      writeFailed(key, chunk.target(), failure, jobFailed, out);
    }
    // else aborted here, or finished: the record came with the chunk that completed it
  }

  /**
   * The output could not be written (it could not be created, GDAL failed on a block, ...): its partial file
   * is deleted and the job fails with the writer's own exception, naming the job: routed as a failed job, or
   * failing the pipeline. The job's other outputs are written by other writers and stay as they end.
   */
  private void writeFailed(String key, OutputTarget target, Throwable cause, ValueState<Boolean> jobFailed,
      MultiOutputReceiver out) {
    OutputWriters.abort(key);
    touched.remove(key);
    String where = JobFailures.output(target.spec().label(), target.spec().filename(), cause);
    if (failedTag == null) {
      throw failsThePipeline(ReadyOutput.jobKey(target), JobFailures.toThrow(target.jobId(), cause, where));
    }
    jobFailed.write(true);
    out.get(failedTag).output(new FailedJob(target.jobId(), JobFailures.message(target.jobId(), cause) + where));
  }

  /**
   * {@code failure} of job {@code jobKey}, which fails the pipeline: the job's outputs this JVM put in place are
   * taken back first, as its commit step would have ({@link OutputWriters#takeBackJob}); what could not be is
   * attached to it.
   */
  private static RuntimeException failsThePipeline(String jobKey, RuntimeException failure) {
    OutputWriters.takeBackJob(jobKey).forEach(failure::addSuppressed);
    return failure;
  }

  /** Every block that will come has come: an output still incomplete is deleted and reported. */
  @OnTimer("endOfInput")
  public void endOfInput(@Key String key, @StateId("jobFailed") ValueState<Boolean> jobFailed,
      @StateId("received") ValueState<Integer> received, @StateId("target") ValueState<TargetName> target,
      @StateId("completed") ValueState<Boolean> completed, MultiOutputReceiver out) {
    TargetName t = target.read();
    if (t == null || Boolean.TRUE.equals(jobFailed.read()) || Boolean.TRUE.equals(completed.read())) {
      return;
    }
    OutputWriters.abort(key);
    touched.remove(key);
    Integer n = received.read();
    Throwable writerFailure = OutputWriters.failure(key);
    String where = writerFailure == null ? "" : JobFailures.output(t.label(), t.filename(), writerFailure);
    String message = writerFailure != null ? JobFailures.message(t.jobId(), writerFailure) + where
        : "Job '" + t.jobId() + "': output '" + t.label() + "' (" + t.filename()
        + ") received " + (n == null ? 0 : n) + " of the plan's " + t.numBlocks()
        + " blocks: every block must reach the writer; the partial output was deleted";
    if (failedTag == null) {
      String jobKey = key.substring(0, key.length() - t.label().length() - 1);   // key: run~attempt/job/label
      throw failsThePipeline(jobKey, writerFailure != null ? JobFailures.toThrow(t.jobId(), writerFailure, where)
          : new RiosException(message));
    }
    out.get(failedTag).output(new FailedJob(t.jobId(), message));
  }

  /** A writer torn down with outputs still incomplete belongs to a failed run: delete the partial files. */
  @Teardown
  public void teardown() {
    if (touched != null) {
      OutputWriters.abort(touched);
      touched.clear();
    }
  }
}
