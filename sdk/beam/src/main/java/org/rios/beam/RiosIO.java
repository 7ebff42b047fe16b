package org.rios.beam;

import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.transforms.Flatten;
import org.rios.applier.UserFunction;
import org.rios.applier.UserFunctionWithArgs;

/**
 * RIOS over collections of raster jobs, in the style of Beam's IO connectors. {@link #process} takes a
 * {@code PCollection<RasterJob>} (hundreds of scenes, tiles or dates) and, on the workers: plans each job,
 * spreads the blocks of all jobs over the workers (one huge job and many small ones both parallelize), reads
 * and computes each block with the same stages as {@code Applier.apply}, and writes each output file with one
 * writer per (job, output) as the blocks arrive, so writing spreads too. An output appears at its final path
 * only once complete (statistics, histograms, overviews included), and only then is its
 * {@link WrittenRaster} emitted.
 *
 * <pre>{@code
 * PCollection<RasterJob> jobs = p.apply(Create.of(jobList));
 * RiosWriteResult result = jobs.apply(RiosIO.process(ndvi).withFailedJobs());
 * result.writtenRasters().apply(...);     // index the outputs, check quality, Wait.on(...)
 * result.failedJobs().apply(...);         // report the jobs that could not be done
 * }</pre>
 */
public final class RiosIO {
  /** Planned jobs, the main output of the planning step. */
  static final TupleTag<KV<String, PlannedJob>> PLANNED = new TupleTag<>("planned") {};

  private RiosIO() {}

  /** The user function {@code fn} on every block of every job. */
  public static Process<Void> process(UserFunction fn) {
    RiosBeam.checkArgument(fn != null, "RiosIO.process: the user function must not be null");
    return new Process<>((info, inputs, outputs, ignored) -> fn.apply(info, inputs, outputs), null, false);
  }

  /**
   * {@code fn} with otherArgs: each compute worker gets its own copy per job, and
   * {@link RiosWriteResult#otherArgs()} has every worker's copy, keyed by job id.
   */
  public static <A extends java.io.Serializable> Process<A> process(UserFunctionWithArgs<A> fn, A otherArgs) {
    RiosBeam.checkArgument(fn != null, "RiosIO.process: the user function must not be null");
    return new Process<>(fn, otherArgs, false);
  }

  /**
   * The transform {@link #process} returns; immutable, configured with {@code withX()}.
   *
   * @param <A> the otherArgs type
   */
  public static final class Process<A> extends PTransform<PCollection<RasterJob>, RiosWriteResult> {
    private static final long serialVersionUID = 1L;
    private final UserFunctionWithArgs<A> fn;
    private final A otherArgs;
    private final boolean routeFailures;

    private Process(UserFunctionWithArgs<A> fn, A otherArgs, boolean routeFailures) {
      this.fn = fn;
      this.otherArgs = otherArgs;
      this.routeFailures = routeFailures;
    }

    /**
     * Routes a job that fails (missing or unreadable input, user-function error) to
     * {@link RiosWriteResult#failedJobs()} while the other jobs complete. Without it, such a job fails the
     * pipeline with a message naming the job and the file; either way no final path holds a partial file.
     */
    public Process<A> withFailedJobs() {
      return new Process<>(fn, otherArgs, true);
    }

    @Override
    public RiosWriteResult expand(PCollection<RasterJob> jobs) {
      // One id per expansion: every worker's writers of this pipeline share it, another run never does.
      String runId = UUID.randomUUID().toString();
      TupleTag<FailedJob> planFailedTag = new TupleTag<>("planFailed") {};
      TupleTag<FailedJob> computeFailedTag = new TupleTag<>("computeFailed") {};
      TupleTag<KV<String, OutputBlock>> blocksTag = new TupleTag<>("outputBlocks") {};
      TupleTag<KV<String, KV<Long, A>>> argsTag = LatestCopies.snapshotTag();

      PCollectionTuple planned = jobs.apply("PlanJobs", ParDo.of(new PlanJobsFn(routeFailures ? planFailedTag : null))
          .withOutputTags(PLANNED, TupleTagList.of(planFailedTag)));
      PCollection<KV<String, PlannedJob>> plans = planned.get(PLANNED)
          .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(PlannedJob.class)));
      PCollectionView<Map<String, PlannedJob>> plansView = plans.apply("PlansByJob", View.asMap());

      PCollection<KV<String, Integer>> blocks = plans
          .apply("SplitBlocks", ParDo.of(new JobBlocksFn()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()))
          .apply("SpreadBlocks", Reshuffle.viaRandomKey());

      PCollectionTuple computed = blocks.apply("ReadCompute",
          ParDo.of(new ComputeJobBlocksFn<>(runId, plansView, fn, otherArgs, argsTag,
                  routeFailures ? computeFailedTag : null))
              .withSideInputs(plansView)
              .withOutputTags(blocksTag, TupleTagList.of(computeFailedTag).and(argsTag)));
      TupleTag<WrittenRaster> writtenTag = new TupleTag<>("written") {};
      TupleTag<FailedJob> incompleteTag = new TupleTag<>("incomplete") {};
      PCollectionTuple writes = computed.get(blocksTag)
          .setCoder(KvCoder.of(StringUtf8Coder.of(), OutputBlockCoder.of()))
          .apply("WriteOutputs", ParDo.of(new WriteOutputFn(writtenTag, routeFailures ? incompleteTag : null))
              .withOutputTags(writtenTag, TupleTagList.of(incompleteTag)));
      PCollection<WrittenRaster> written = writes.get(writtenTag).setCoder(SerializableCoder.of(WrittenRaster.class));

      PCollection<FailedJob> failed = PCollectionList
          .of(planned.get(planFailedTag).setCoder(SerializableCoder.of(FailedJob.class)))
          .and(computed.get(computeFailedTag).setCoder(SerializableCoder.of(FailedJob.class)))
          .and(writes.get(incompleteTag).setCoder(SerializableCoder.of(FailedJob.class)))
          .apply("AllFailures", Flatten.pCollections())
          .apply("ByJob", ParDo.of(new KeyByJob()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(FailedJob.class)))
          .apply("FirstPerJob", Combine.perKey(new FirstFailure()))
          .apply("FailedJobs", Values.create());
      PCollection<KV<String, A>> args = LatestCopies.perJob(computed, argsTag);
      return new RiosWriteResult(jobs.getPipeline(), new TupleTag<>("writtenRasters"), written,
          new TupleTag<>("failedJobs"), failed, new TupleTag<>("otherArgs"), args);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("userFunction", fn.getClass().getName()).withLabel("User function"))
          .add(DisplayData.item("otherArgs", otherArgs == null ? "none" : otherArgs.getClass().getName())
              .withLabel("otherArgs type"))
          .add(DisplayData.item("failedJobs", routeFailures ? "routed to failedJobs()" : "fail the pipeline")
              .withLabel("Failed jobs"));
    }
  }

  /** Every block of every planned job, as (job id, block index). */
  static final class JobBlocksFn extends DoFn<KV<String, PlannedJob>, KV<String, Integer>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<String, PlannedJob> job, OutputReceiver<KV<String, Integer>> out) {
      for (int i = 0; i < job.getValue().plan().numBlocks(); i++) {
        out.output(KV.of(job.getKey(), i));
      }
    }
  }

  /** (job id, failure). */
  static final class KeyByJob extends DoFn<FailedJob, KV<String, FailedJob>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element FailedJob f, OutputReceiver<KV<String, FailedJob>> out) {
      out.output(KV.of(f.jobId(), f));
    }
  }

  /** One failure per job: the first to be combined (any of them names the job and its culprit). */
  static final class FirstFailure extends Combine.BinaryCombineFn<FailedJob> {
    private static final long serialVersionUID = 1L;

    @Override
    public FailedJob apply(FailedJob left, FailedJob right) {
      return left.message().compareTo(right.message()) <= 0 ? left : right;
    }
  }
}
