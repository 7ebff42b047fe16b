package org.rios.beam;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.rios.applier.UserFunction;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.errors.ParameterException;
import org.rios.io.OutputCommit;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * RIOS over collections of raster jobs, in the style of Beam's IO connectors. {@link #process} takes a
 * {@code PCollection<RasterJob>} (hundreds of scenes, tiles or dates) and, on the workers: plans each job,
 * spreads the blocks of all jobs over the workers (one huge job and many small ones both parallelize), reads
 * and computes each block with the same stages as {@code Applier.apply}, and writes each output file with one
 * writer per (job, output) as the blocks arrive, so writing spreads too. Each output appears at its final
 * path only once complete (statistics, histograms, overviews included); the earlier files of a job's several
 * outputs are kept aside until all of them are in place, then deleted, or moved back if one failed, so a job
 * replaces all of its earlier outputs or none. A job's {@link WrittenRaster}s are emitted once all its
 * outputs are in place.
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
    RiosBeam.checkSendable("RiosIO.process: ", fn, null);
    return new Process<>(new org.rios.applier.WithoutOtherArgs(fn), null, false, null);
  }

  /**
   * {@code fn} with otherArgs: each compute worker gets its own copy per job, and
   * {@link RiosWriteResult#otherArgs()} has every worker's copy, keyed by job id.
   */
  public static <A extends java.io.Serializable> Process<A> process(UserFunctionWithArgs<A> fn, A otherArgs) {
    RiosBeam.checkArgument(fn != null, "RiosIO.process: the user function must not be null");
    RiosBeam.checkSendable("RiosIO.process: ", fn, otherArgs);
    return new Process<>(fn, otherArgs, false, null);
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
    private final Combine.CombineFn<A, ?, A> combiner;

    private Process(UserFunctionWithArgs<A> fn, A otherArgs, boolean routeFailures,
        Combine.CombineFn<A, ?, A> combiner) {
      this.fn = fn;
      this.otherArgs = otherArgs;
      this.routeFailures = routeFailures;
      this.combiner = combiner;
    }

    /**
     * Routes a job that fails (missing or unreadable input, user-function error) to
     * {@link RiosWriteResult#failedJobs()} while the other jobs complete. Without it, such a job fails the
     * pipeline with a message naming the job and the file; either way no final path holds a partial file.
     */
    public Process<A> withFailedJobs() {
      return new Process<>(fn, otherArgs, true, combiner);
    }

    /**
     * Combines the compute workers' otherArgs copies of each job with {@code combiner}, so
     * {@link RiosWriteResult#otherArgs()} holds one (job id, combined copy) per job instead of one per worker.
     *
     * <pre>{@code
     * RiosIO.process(sumAndCount, new OtherInputs().put("sum", 0.0))
     *     .withOtherArgsCombiner(new SumOtherInputs());   // a Combine.CombineFn<OtherInputs, ?, OtherInputs>
     * }</pre>
     */
    public Process<A> withOtherArgsCombiner(Combine.CombineFn<A, ?, A> combiner) {
      RiosBeam.checkArgument(combiner != null, "RiosIO.process: the otherArgs combiner must not be null");
      RiosBeam.checkArgument(otherArgs != null, "RiosIO.process: withOtherArgsCombiner needs otherArgs");
      return new Process<>(fn, otherArgs, routeFailures, combiner);
    }

    @Override
    public RiosWriteResult expand(PCollection<RasterJob> input) {
      if (input.isBounded() == PCollection.IsBounded.UNBOUNDED) {
        // its writers and per-job results wait for the end of the input, which an unbounded one never reaches
        throw new ParameterException("RiosIO.process needs a bounded collection of jobs, but " + input.getName()
            + " is unbounded; read the job list with a bounded source (FileIO.match() without continuously())");
      }
      // the writers' and commit steps' end-of-input timers are set in the global window: jobs that arrive in
      // other windows (timestamped and windowed by the author) are processed there as they are
      PCollection<RasterJob> jobs = input.apply("GlobalWindow", Window.<RasterJob>into(new GlobalWindows()));
      // Jobs are planned beside the checks, and split into blocks only once the checks have passed: two jobs
      // writing one file must never write at once (their writers, on two workers, would share its partial
      // file; with restarts, a file of mixed blocks was put in place). Fails the pipeline before any block.
      PCollection<Integer> checked =
          jobs.apply("CollectionChecks", Combine.globally(new CollectionChecks()).withoutDefaults());
      TupleTag<FailedJob> planFailedTag = new TupleTag<>("planFailed") {};
      PlanJobsFn plan = new PlanJobsFn(routeFailures ? planFailedTag : null);
      InvokerWarmUp.start(input.getPipeline().getOptions(), List.of(plan));
      // planning opens the inputs: a job that reads an earlier RiosIO step's output is planned once it is written
      StepsChecks.Ordered<RasterJob> ordered = StepsChecks.afterEarlierSteps(jobs, StepsChecks.RASTER_JOBS);
      PCollectionTuple planned = ordered.jobs()
          .apply("PlanJobs", ParDo.of(plan)
          .withOutputTags(PLANNED, TupleTagList.of(planFailedTag)));
      PCollection<KV<String, PlannedJob>> plans = planned.get(PLANNED).setCoder(PLANNED_CODER)
          .apply("AfterCollectionChecks", Wait.on(checked)).setCoder(PLANNED_CODER);
      return processPlanned(plans, ordered, planned.get(planFailedTag), fn, otherArgs, routeFailures, combiner,
          false);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("userFunction", UserFunctionNames.describe(fn)).withLabel("User function"))
          .add(DisplayData.item("otherArgs", otherArgs == null ? "none" : otherArgs.getClass().getName())
              .withLabel("otherArgs type"))
          .add(DisplayData.item("failedJobs", routeFailures ? "routed to failedJobs()" : "fail the pipeline")
              .withLabel("Failed jobs"))
          .add(DisplayData.item("otherArgsCombiner", combiner == null ? "none: one copy per worker"
              : combiner.getClass().getName()).withLabel("otherArgs per job"));
    }
  }

  /** The coder of failed jobs. */
  private static final ByEncodingCoder<FailedJob> FAILED_CODER = ByEncodingCoder.forType(FailedJob.class);

  /** The coder of planned jobs: (job id, job and plan). */
  static final KvCoder<String, PlannedJob> PLANNED_CODER =
      KvCoder.of(StringUtf8Coder.of(), ByEncodingCoder.forType(PlannedJob.class));

  /**
   * Everything after planning, shared by {@link Process} and the single-job {@link ProcessPlan}: chunks of
   * blocks spread over the workers, read and computed there ({@code ReadCompute}), written by one stateful
   * writer per (job, output) ({@code WriteOutputs}), each job's outputs put in place together
   * ({@code CommitJobs}), failures gathered one per job when routed (else every failure fails the pipeline).
   *
   * @param step the step's place among the pipeline's RiosIO steps ({@link StepsChecks}), with {@code plans}
   *     already ordered after the earlier steps; null to order {@code plans} here (jobs planned before the pipeline)
   * @param planFailures jobs that could not be planned (already FailedJobs); may be null unless
   *     {@code routeFailures}
   * @param combiner combines each job's otherArgs copies into one, or null to keep one per worker
   * @param launcherConfirms the program that runs the pipeline confirms or takes back the outputs once it has
   *     ended (see {@link OutputTarget#launcherConfirms})
   */
  static <A> RiosWriteResult processPlanned(PCollection<KV<String, PlannedJob>> plans,
      StepsChecks.Ordered<?> step, PCollection<FailedJob> planFailures, UserFunctionWithArgs<A> fn, A otherArgs,
      boolean routeFailures, Combine.CombineFn<A, ?, A> combiner, boolean launcherConfirms) {
    Pipeline pipeline = plans.getPipeline();
    RiosPipelineOptions opts = pipeline.getOptions().as(RiosPipelineOptions.class);
    // One id per expansion: every worker's writers of this pipeline share it, another run never does.
    String runId = UUID.randomUUID().toString();
    TupleTag<FailedJob> computeFailedTag = new TupleTag<>("computeFailed") {};
    TupleTag<KV<String, OutputChunk>> chunksTag = new TupleTag<>("outputChunks") {};
    TupleTag<KV<String, KV<Long, A>>> argsTag = LatestCopies.snapshotTag();

    int workers = Math.max(1, opts.getNumComputeWorkers());
    JobChunksFn split = new JobChunksFn(workers, launcherConfirms);
    ComputeJobBlocksFn<A> compute = new ComputeJobBlocksFn<>(runId, fn, otherArgs,
        Math.max(1, opts.getNumReadWorkers()), opts.getWritersInProcess(), launcherConfirms, argsTag,
        routeFailures ? computeFailedTag : null);
    TupleTag<KV<String, ReadyOutput>> readyTag = new TupleTag<>("ready") {};
    TupleTag<FailedJob> incompleteTag = new TupleTag<>("incomplete") {};
    WriteOutputFn write = new WriteOutputFn(readyTag, routeFailures ? incompleteTag : null);
    TupleTag<WrittenRaster> writtenTag = new TupleTag<>("written") {};
    TupleTag<FailedJob> commitFailedTag = new TupleTag<>("commitFailed") {};
    CommitJobFn commit = new CommitJobFn(writtenTag, routeFailures ? commitFailedTag : null, launcherConfirms);
    List<DoFn<?, ?>> steps = new ArrayList<>(List.of(split, compute, write, commit));
    if (!routeFailures || otherArgs == null) {
      steps.add(new NoElements<>()); // the empty failedJobs() or otherArgs(), below
    }
    InvokerWarmUp.start(opts, steps);

    if (step == null) {
      StepsChecks.Ordered<KV<String, PlannedJob>> ordered = StepsChecks.afterEarlierSteps(plans,
          StepsChecks.PLANNED_JOBS);
      plans = ordered.jobs();
      step = ordered;
    }
    PCollection<JobChunk> chunks = plans
        .apply("SplitBlocks", ParDo.of(split))
        .setCoder(KvCoder.of(VarIntCoder.of(), ByEncodingCoder.forType(JobChunk.class)))
        .apply("SpreadChunks", Reshuffle.of())
        .apply("Chunks", Values.create());

    PCollectionTuple computed = chunks.apply("ReadCompute",
        ParDo.of(compute).withOutputTags(chunksTag, TupleTagList.of(computeFailedTag).and(argsTag)));
    PCollectionTuple writes = computed.get(chunksTag)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), OutputChunkCoder.of()))
        .apply("WriteOutputs", ParDo.of(write).withOutputTags(readyTag, TupleTagList.of(incompleteTag)));
    PCollectionTuple commits = writes.get(readyTag)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ByEncodingCoder.forType(ReadyOutput.class)))
        .apply("CommitJobs", ParDo.of(commit).withOutputTags(writtenTag, TupleTagList.of(commitFailedTag)));
    PCollection<WrittenRaster> written = commits.get(writtenTag).setCoder(ByEncodingCoder.forType(WrittenRaster.class));
    step.wrote(written);

    // every failure output has a coder, also where nothing consumes it
    PCollectionList<FailedJob> failures = PCollectionList.of(List.of(computed.get(computeFailedTag),
        writes.get(incompleteTag), commits.get(commitFailedTag)));
    if (planFailures != null) {
      failures = failures.and(planFailures);
    }
    failures.getAll().forEach(f -> f.setCoder(FAILED_CODER));
    // Without withFailedJobs() every step throws its failure, which fails the pipeline: no step routes one, and
    // gathering none would only cost the runner a shuffle stage. The empty collections are made in the step
    // that emits the written rasters (a runner that chains steps runs no task of their own for them).
    PCollection<FailedJob> failed = !routeFailures
        ? written.apply("NoFailedJobs", ParDo.of(new NoElements<WrittenRaster, FailedJob>()))
            .setCoder(FAILED_CODER)
        : failures
            .apply("AllFailures", Flatten.pCollections())
            .apply("ByJob", ParDo.of(new KeyByJob()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), FAILED_CODER))
            .apply("FirstPerJob", Combine.perKey(new FirstFailure()))
            .apply("FailedJobs", Values.create());
    PCollection<KV<String, A>> args;
    if (otherArgs == null) {
      // a function without otherArgs: no worker has a copy to gather (WorkerArgs emits none)
      computed.get(argsTag).setCoder(LatestCopies.snapshotCoder());
      args = written.apply("NoOtherArgs", ParDo.of(new NoElements<WrittenRaster, KV<String, A>>()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), OtherArgsCoder.<A>of()));
    } else {
      args = LatestCopies.perJob(computed, argsTag);
      if (routeFailures) {
        args = withoutFailedJobs(args, failed);
      }
      if (combiner != null) {
        args = args.apply("OtherArgsByJob", org.apache.beam.sdk.transforms.GroupByKey.create())
            .apply("CombineOtherArgs", ParDo.of(new CombineJobArgs<>(combiner)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), OtherArgsCoder.<A>of()));
      }
    }
    return new RiosWriteResult(runId, pipeline, new TupleTag<>("writtenRasters"), written,
        new TupleTag<>("failedJobs"), failed, new TupleTag<>("otherArgs"), args);
  }

  /**
   * The otherArgs copies of the jobs that did not fail: a job routed to failedJobs() may have computed part of
   * its blocks, and its copies hold that part only, which added up as if it were the whole job. They wait
   * for the job's failures to be known (the end of the input, for a bounded collection of jobs).
   */
  static <A> PCollection<KV<String, A>> withoutFailedJobs(PCollection<KV<String, A>> args,
      PCollection<FailedJob> failed) {
    TupleTag<A> copiesTag = new TupleTag<>("copies") {};
    TupleTag<FailedJob> failuresTag = new TupleTag<>("failures") {};
    PCollection<KV<String, FailedJob>> failedById = failed.apply("FailedById", ParDo.of(new KeyByJob()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), FAILED_CODER));
    return KeyedPCollectionTuple.of(copiesTag, args).and(failuresTag, failedById)
        .apply("OtherArgsWithFailures", CoGroupByKey.create())
        .apply("OtherArgsOfGoodJobs", ParDo.of(new GoodJobsArgs<>(copiesTag, failuresTag)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), OtherArgsCoder.<A>of()));
  }

  /** A job's otherArgs copies, unless the job failed. */
  static final class GoodJobsArgs<A> extends DoFn<KV<String, CoGbkResult>, KV<String, A>> {
    private static final long serialVersionUID = 1L;
    private final TupleTag<A> copiesTag;
    private final TupleTag<FailedJob> failuresTag;

    GoodJobsArgs(TupleTag<A> copiesTag, TupleTag<FailedJob> failuresTag) {
      this.copiesTag = copiesTag;
      this.failuresTag = failuresTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> job, OutputReceiver<KV<String, A>> out) {
      if (job.getValue().getAll(failuresTag).iterator().hasNext()) {
        return;
      }
      for (A copy : job.getValue().getAll(copiesTag)) {
        out.output(KV.of(job.getKey(), copy));
      }
    }
  }

  /**
   * Every block of every planned job, in chunks of consecutive blocks, each with its job's plan (without the
   * block list), keyed for
   * the shuffle that spreads them over the workers. A job gets at least four chunks per compute worker when
   * it has the blocks (so one huge job spreads over the workers), and a chunk holds at most
   * {@value #MAX_CHUNK_PIXELS} pixels of window (so a writer holds a few megabytes per output, not a file);
   * fewer, larger elements keep the runner's per-element cost small next to the pixels.
   *
   * <p>Keys: {@value #KEYS_PER_WORKER} per compute worker, dealt round-robin from a place that depends on
   * the job, so each job's chunks spread evenly over the keys and so over the workers. A runner that groups
   * by key (the DirectRunner) hands each key's chunks to a worker as one bundle, and pays its per-bundle
   * cost (it rebuilds the step's DoFn from its serialized form for every bundle) once per key rather than
   * once per chunk: one key per chunk took 2 s more of 18 s for 8 NDVI jobs of 4096² (benchmark-jobs.sh).
   * Flink's streaming mode rebalances without looking at the key.
   */
  static final class JobChunksFn extends DoFn<KV<String, PlannedJob>, KV<Integer, JobChunk>> {
    private static final long serialVersionUID = 1L;
    static final long MAX_CHUNK_PIXELS = 1L << 20;
    static final int KEYS_PER_WORKER = 4;
    private final int workers;
    private final boolean launcherConfirms;

    /**
     * @param launcherConfirms a launcher confirms the run's outputs once the pipeline has succeeded, and takes back
     *     by name, if it fails, what any execution left (so this step need not)
     */
    JobChunksFn(int workers, boolean launcherConfirms) {
      this.workers = workers;
      this.launcherConfirms = launcherConfirms;
    }

    @Setup
    public void setup() {
      if (!launcherConfirms) {
        org.rios.gdal.GdalRuntime.ensureLoaded(); // recoverEarlierAttempt lists the outputs' files with GDAL
      }
    }

    @ProcessElement
    public void process(@Element KV<String, PlannedJob> job, OutputReceiver<KV<Integer, JobChunk>> out) {
      // a new attempt each time the job is split: another execution of the same pipeline in this JVM does not
      // find the writers (finished, failed or aborted) of an earlier one; the shuffle after this step keeps
      // one execution's chunks on one attempt
      // also for a run its launcher confirms: on a cluster with restarts it is executed again, and the new
      // execution must not find the first one's finished writers (it would re-emit their records and drop its
      // own blocks, its otherArgs then from another execution than its outputs)
      String attempt = UUID.randomUUID().toString();
      if (!launcherConfirms) {
        recoverEarlierAttempt(job.getValue());
      }
      chunks(job.getValue(), attempt, workers).forEach(out::output);
    }

    /**
     * Takes back what an earlier execution of this job left half done: an output put in place with its earlier
     * file still aside because the job's commit step never ran (the pipeline failed, or a restarted attempt
     * follows). A writer does this itself when it opens, but this attempt may fail the job before it opens one
     * (an input block that cannot be read), which would leave a FailedJob beside a replaced output. Best effort:
     * what cannot be moved back here fails the output's writer, which tries again, with its own message.
     */
    static void recoverEarlierAttempt(PlannedJob job) {
      List<String> names = new ArrayList<>();
      job.plan().outputs().forEach(o -> names.add(o.filename()));
      try (org.rios.gdal.GdalConfig.Scope s = job.plan().gdalConfig().applyToThisThread()) {
        OutputCommit.undoKeptAside(names);
      } catch (RuntimeException e) {
        // the writer's own recovery reports it
      }
    }

    /** The keyed chunks of {@code job} for {@code workers} compute workers, in block order. */
    static List<KV<Integer, JobChunk>> chunks(PlannedJob job, String attempt, int workers) {
      WorkingPlan plan = job.plan();
      PlannedJob carried = new PlannedJob(job.job(), plan.withoutBlocks());
      int size = blocksPerChunk(plan, workers);
      int keys = KEYS_PER_WORKER * workers;
      int key = Math.floorMod(job.job().id().hashCode(), keys);
      List<KV<Integer, JobChunk>> chunks = new ArrayList<>();
      for (int first = 0; first < plan.numBlocks(); first += size) {
        List<BlockDefn> blocks = plan.blocks().subList(first, Math.min(first + size, plan.numBlocks()));
        chunks.add(KV.of(key, new JobChunk(carried, attempt, plan.numBlocks(), blocks)));
        key = (key + 1) % keys;
      }
      return chunks;
    }

    /** Blocks per chunk of {@code plan} for {@code workers} compute workers (at least 1). */
    static int blocksPerChunk(WorkingPlan plan, int workers) {
      long spread = (plan.numBlocks() + 4L * workers - 1) / (4L * workers);
      long window = Math.max(1L, (long) plan.windowXsize() * plan.windowYsize());
      return (int) Math.max(1, Math.min(spread, MAX_CHUNK_PIXELS / window));
    }
  }

  /** Emits nothing, whatever comes in: an empty collection of type {@code O}, made where its input is. */
  static final class NoElements<I, O> extends DoFn<I, O> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process() {
      // nothing: see the callers
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

  /**
   * One failure per job, the same whatever the order they come in: one that names its cause before one that
   * only follows from it (the commit step taking back the outputs that did arrive), then the first by message.
   */
  static final class FirstFailure extends Combine.BinaryCombineFn<FailedJob> {
    private static final long serialVersionUID = 1L;

    @Override
    public FailedJob apply(FailedJob left, FailedJob right) {
      if (left.isConsequence() != right.isConsequence()) {
        return left.isConsequence() ? right : left;
      }
      return left.message().compareTo(right.message()) <= 0 ? left : right;
    }
  }
}
