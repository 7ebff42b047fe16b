package org.rios.beam;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link RiosIO#process} produces: one {@link WrittenRaster} per output file once it is complete, the jobs
 * that failed (with {@link RiosIO.Process#withFailedJobs()}), and each compute worker's otherArgs copy per
 * job.
 *
 * <pre>{@code
 * RiosWriteResult r = jobs.apply(RiosIO.process(fn));
 * r.writtenRasters().apply(MapElements.into(strings()).via(WrittenRaster::path)).apply(TextIO.write()...);
 * }</pre>
 */
public final class RiosWriteResult implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<WrittenRaster> writtenTag;
  private final PCollection<WrittenRaster> written;
  private final TupleTag<FailedJob> failedTag;
  private final PCollection<FailedJob> failed;
  private final TupleTag<?> argsTag;
  private final PCollection<?> otherArgs;
  private final String runId;

  RiosWriteResult(String runId, Pipeline pipeline, TupleTag<WrittenRaster> writtenTag, PCollection<WrittenRaster> written,
      TupleTag<FailedJob> failedTag, PCollection<FailedJob> failed, TupleTag<?> argsTag,
      PCollection<?> otherArgs) {
    this.pipeline = pipeline;
    this.writtenTag = writtenTag;
    this.written = written;
    this.failedTag = failedTag;
    this.failed = failed;
    this.argsTag = argsTag;
    this.otherArgs = otherArgs;
    this.runId = runId;
  }

  /** The id every writer of this expansion shares (see {@link OutputWriters#stopRun}). */
  String runId() {
    return runId;
  }

  /** One element per output file, emitted once the file is complete at its final path. */
  public PCollection<WrittenRaster> writtenRasters() {
    return written;
  }

  /** The jobs that failed; empty unless the transform was configured {@code withFailedJobs()}. */
  public PCollection<FailedJob> failedJobs() {
    return failed;
  }

  /**
   * (job id, a compute worker's otherArgs copy) for every worker that computed blocks of the job, to combine
   * per job (e.g. sum the accumulators); with {@code withOtherArgsCombiner}, one combined copy per job. Empty
   * when the function takes no otherArgs.
   */
  @SuppressWarnings("unchecked")
  public <A> PCollection<KV<String, A>> otherArgs() {
    return (PCollection<KV<String, A>>) otherArgs;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(writtenTag, written, failedTag, failed, argsTag, otherArgs);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input,
      PTransform<?, ?> transform) {}
}
