package org.rios.beam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.rios.applier.BlockAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.array.RasterArray;
import org.rios.engine.BlockStages;
import org.rios.engine.internal.OwnArrays;
import org.rios.gdal.GdalRuntime;
import org.rios.io.BlockWriter;
import org.rios.plan.BlockDefn;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * Reads and computes one chunk of consecutive blocks of one job, with the same {@link BlockStages} as every
 * driver, and sends each output's arrays for the chunk to the writer of that output file (keyed by run, job
 * and output); or, with {@link RiosPipelineOptions#getWritersInProcess} (every worker in one JVM), writes them
 * itself into this JVM's writer of the file ({@link OutputWriters}, the same writer the writer step would
 * use), waiting while that writer has its fill of blocks, and sends the writer step only word of the blocks
 * written. Each chunk carries its job's plan; each instance keeps a {@link WorkerReader} (numReadWorkers
 * threads) for each of the last
 * {@value #MAX_OPEN_JOBS} jobs it read (GDAL handles opened once per job, not per block) and one otherArgs copy
 * per job ({@link WorkerArgs}).
 *
 * <p>When a job fails here (a read error, the user function throwing): without failed-job routing the
 * pipeline fails with a message naming the job; with it, the job goes to the failed output and each of its
 * writers is told to delete what it wrote, while the other jobs go on.
 */
final class ComputeJobBlocksFn<A> extends DoFn<JobChunk, KV<String, OutputChunk>> {
  private static final long serialVersionUID = 1L;
  /** Readers (open GDAL datasets) kept per instance, least recently used closed first. */
  static final int MAX_OPEN_JOBS = 8;
  private final String runId;
  private final UserFunctionWithArgs<A> fn;
  private final WorkerArgs<A> args;
  private final TupleTag<FailedJob> failedTag;
  private final int readWorkers;
  private final boolean writersInProcess;
  private final boolean launcherConfirms;
  private transient Map<String, WorkerReader> readers;
  /**
   * Per job seen: its plan (taken from the job's first chunk), its stages and its output writers' targets,
   * all immutable.
   */
  private transient Map<String, JobParts> jobs;
  private transient Set<String> failed;
  /** The output arrays handed on to writers, which write after the function returns ({@link OwnArrays}). */
  private transient OwnArrays ownArrays;

  /**
   * @param launcherConfirms the launcher confirms the run's outputs (see {@link OutputTarget#launcherConfirms})
   * @param failedTag where failed jobs go, or null to fail the pipeline
   */
  ComputeJobBlocksFn(String runId, UserFunctionWithArgs<A> fn, A otherArgs, int readWorkers,
      boolean writersInProcess, boolean launcherConfirms, TupleTag<KV<String, KV<Long, A>>> argsTag,
      TupleTag<FailedJob> failedTag) {
    this.runId = runId;
    this.readWorkers = readWorkers;
    this.writersInProcess = writersInProcess;
    this.launcherConfirms = launcherConfirms;
    this.fn = fn;
    this.args = new WorkerArgs<>(otherArgs, argsTag);
    this.failedTag = failedTag;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
    args.setup();
    readers = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      // Blocks of many jobs reach every instance: keep the GDAL handles of the jobs used last only.
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, WorkerReader> eldest) {
        if (size() > MAX_OPEN_JOBS) {
          eldest.getValue().close();
          return true;
        }
        return false;
      }
    };
    jobs = new HashMap<>();
    failed = new HashSet<>();
    ownArrays = new OwnArrays();
    if (writersInProcess) {
      OutputWriters.inProcessWorkerUp(runId);
    }
  }

  @StartBundle
  public void startBundle() {
    args.startBundle();
  }

  /** One chunk of one job. */
  @ProcessElement
  public void process(ProcessContext c) {
    if (!writersInProcess) {
      processChunk(c);
      return;
    }
    OutputWriters.computing(runId, true);   // busy, not idle, to the check for orphaned writers
    try {
      processChunk(c);
    } finally {
      OutputWriters.computing(runId, false);
    }
  }

  private void processChunk(ProcessContext c) {
    JobChunk chunk = c.element();
    String jobId = chunk.jobId();
    if (failed.contains(jobId)) {
      return;
    }
    JobParts job = jobs.computeIfAbsent(chunk.attempt() + "/" + jobId, j -> JobParts.of(runId, chunk.attempt(),
        chunk.planned(), chunk.jobBlocks(), launcherConfirms));
    WorkingPlan plan = job.planned().plan();
    int count = chunk.count();
    long optionsId = c.getPipelineOptions().getOptionsId();
    Timers timers = new Timers();
    List<List<RasterArray>> arrays = new ArrayList<>(plan.outputs().size());
    plan.outputs().forEach(o -> arrays.add(new ArrayList<>(count)));
    try {
      WorkerReader reader = readers.computeIfAbsent(jobId,
          j -> new WorkerReader(plan, job.planned().job().infiles(), readWorkers));
      for (BlockDefn block : chunk.blocks()) {
        LocalBlockProgress.checkCancelled(optionsId, block.index());
        BlockAssociations inputs = reader.read(block, timers);
        BlockAssociations outputs = job.stages().compute(fn, block, inputs, args.forBlock(jobId), timers);
        for (int o = 0; o < plan.outputs().size(); o++) {
          OutputSpec spec = plan.outputs().get(o);
          RasterArray a = BlockWriter.requireArray(spec, block, job.stages().outputArray(outputs, spec),
              plan.overlap());
          ownArrays.check(a, spec.label(), jobId, block.index());
          arrays.get(o).add(a);
        }
        LocalBlockProgress.blockDone(optionsId, jobId, block.index());
      }
      args.snapshot(jobId);
    } catch (RuntimeException | Error e) {
      jobFailed(c, job, e);
      return;
    }
    StageMetrics.publish(timers);
    for (int o = 0; o < arrays.size(); o++) {
      OutputTarget target = job.targets().get(o);
      if (!writersInProcess) {
        c.output(KV.of(target.key(), new OutputChunk(target, chunk.blocks(), arrays.get(o))));
      } else if (writeHere(c, job, target, chunk.blocks(), arrays.get(o))) {
        c.output(KV.of(target.key(), OutputChunk.writtenHere(target, chunk.blocks())));
      } else {
        return;
      }
    }
  }

  /**
   * Writes one output's blocks of a chunk into this JVM's writer of the file, waiting for the file to be
   * complete when they are its last (nothing if the file is finished already). Returns false if the writer
   * failed (the job has failed with the writer's own exception), or was aborted (the job or the run failed:
   * the blocks are dropped, and the job's later chunks here too).
   */
  private boolean writeHere(ProcessContext c, JobParts job, OutputTarget target, List<BlockDefn> blocks,
      List<RasterArray> arrays) {
    try {
      OutputWriter writer = OutputWriters.openUnlessAborted(target);
      if (writer == null && !OutputWriters.wasAborted(target.key()) && OutputWriters.finished(target.key()) != null) {
        // finished already: this chunk again, in a re-run bundle; nothing is written twice, and its word goes
        // on again (the first run's was dropped with its bundle), for which the writer step has the record
        return true;
      }
      if (writer == null) {
        failed.add(target.jobId());
        return false;
      }
      ReadyOutput done = writer.writeCounted(blocks, arrays);
      if (done == null && writer.aborted()) {
        // aborted meanwhile: the blocks were dropped, and the job's later ones here are too (a file finished
        // before the abort still sends word, so its commit step takes it back)
        failed.add(target.jobId());
        return false;
      }
      return true;
    } catch (RuntimeException e) {
      jobFailed(c, job, OutputWriters.ownFailure(target.key(), e));
      return false;
    }
  }

  /**
   * The job failed here: routed as a failed job, with word to its writers to delete what they wrote, or
   * failing the pipeline. Writing in process, this JVM's writers of the job are aborted first (their partial
   * files deleted before the failure goes on), since other compute workers may have opened them.
   */
  private void jobFailed(ProcessContext c, JobParts job, Throwable e) {
    String jobId = job.planned().job().id();
    // a failure's message names the block or the output, not the files: which of a collection's many files
    // were being processed
    String where = JobFailures.where(job.planned().job());
    if (writersInProcess) {
      OutputWriters.abort(job.targets().stream().map(OutputTarget::key).toList());
    }
    if (failedTag == null || e instanceof Error) {
      // an Error (out of memory, ...) is not a job's own failure to route: the run fails, naming the job
      RuntimeException failure = JobFailures.toThrow(jobId, e, where);
      if (writersInProcess && !job.targets().isEmpty()) {
        // the job's outputs already put in place here are taken back, as its commit step would have: a job
        // replaces all its earlier outputs or none (the writer steps do the same for the blocks sent to them)
        OutputWriters.takeBackJob(ReadyOutput.jobKey(job.targets().get(0))).forEach(failure::addSuppressed);
      }
      throw failure;
    }
    failed.add(jobId);
    args.drop(jobId);
    WorkerReader r = readers.remove(jobId);
    if (r != null) {
      r.close();
    }
    c.output(failedTag, new FailedJob(jobId, JobFailures.message(jobId, e) + where));
    for (OutputTarget target : job.targets()) {
      c.output(KV.of(target.key(), OutputChunk.jobFailed(target)));
    }
  }

  /** What every block of one job shares: its plan, its stages, and one writer target per output file. */
  private record JobParts(PlannedJob planned, BlockStages stages, List<OutputTarget> targets) {
    /** @param jobBlocks the number of blocks in the job (the carried plan has no block list) */
    static JobParts of(String runId, String attempt, PlannedJob planned, int jobBlocks, boolean launcherConfirms) {
      WorkingPlan plan = planned.plan();
      List<OutputTarget> targets = new ArrayList<>();
      for (OutputSpec spec : plan.outputs()) {
        targets.add(new OutputTarget(runId, attempt, planned.job().id(), plan.forOutput(spec), jobBlocks,
            plan.outputs().size(), launcherConfirms));
      }
      return new JobParts(planned, new BlockStages(plan, planned.job().infiles(), planned.job().outfiles()),
          List.copyOf(targets));
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    args.finishBundle(c);
  }

  /**
   * Closes the readers; writing in process, the run's last compute worker in this JVM aborts the run's
   * outputs still open here (the run failed: see {@link OutputWriters#inProcessWorkerDown}).
   */
  @Teardown
  public void teardown() {
    if (readers != null) {
      readers.values().forEach(WorkerReader::close);
      readers.clear();
      if (writersInProcess) {
        OutputWriters.inProcessWorkerDown(runId);
      }
    }
  }
}
