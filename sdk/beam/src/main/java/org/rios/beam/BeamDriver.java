package org.rios.beam;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PCollection;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.SinglePassReport;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.engine.internal.ProgressTracker;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.engine.Driver;
import org.rios.engine.Job;
import org.rios.errors.RiosException;
import org.rios.lifecycle.ShutdownCleanup;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.timing.Timers;

/**
 * The CW_BEAM driver behind {@code Applier.apply}: builds {@link RiosBeam#process} (the single-job case of
 * {@link RiosIO}) for the plan, runs it on the runner chosen by the controls' Beam arguments (DirectRunner by
 * default; {@code --runner=FlinkRunner --flinkMaster=[local]} for embedded Flink, {@code
 * --flinkMaster=host:port} for a cluster), waits, and fills in what {@code ApplierReturn} needs: timers from
 * the Beam metrics, otherArgs copies and the written outputs' single-pass reports collected to files in the
 * run's temp directory (which a cluster's workers must be able to see). Outputs are all or none, as with every
 * other style: the writers write under partial names (deleted when a writer is torn down) and keep the earlier
 * file of each output's name aside once they have put the new one in place; this driver deletes those earlier
 * files only once the pipeline has succeeded and its results are read back, and otherwise takes the new outputs
 * back, so a run that fails, even after its outputs were put in place, leaves the earlier files as they were.
 *
 * <pre>{@code
 * controls.setConcurrencyStyle(ConcurrencyStyle.builder().computeWorkerKind(ComputeWorkerKind.CW_BEAM)
 *     .numComputeWorkers(4).numReadWorkers(2).build())
 *     .setBeamPipelineOptions("--runner=FlinkRunner", "--flinkMaster=[local]");
 * Applier.apply(fn, infiles, outfiles, otherArgs, controls);
 * }</pre>
 */
public final class BeamDriver implements Driver {
  @Override
  public Set<ComputeWorkerKind> kinds() {
    return Set.of(ComputeWorkerKind.CW_BEAM);
  }

  @Override
  public <A> Result<A> run(Job<A> job) {
    return run(job.plan(), job.infiles(), job.outfiles(), job.fn(), job.otherArgs(), job.controls(), job.tempDir(),
        job.progress(), job.timers());
  }

  private static <A> Result<A> run(WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
      UserFunctionWithArgs<A> fn, A otherArgs, ApplierControls controls, File tempDir, Progress progress,
      Timers timers) {
    // refused before the pipeline is built, as CW_SUBPROC refuses them (the runner would say it at run time)
    RiosBeam.checkSendable("", fn, otherArgs);
    List<String> args = pipelineArgs(controls);
    RiosPipelineOptions opts = RiosOptions.fromArgs(args);
    Path writtenFile = tempDir.toPath().resolve("beam-written.bin");
    Path argsFile = tempDir.toPath().resolve("beam-otherargs.bin");
    Pipeline pipeline = Pipeline.create(opts);
    String jobId = named(controls) ? controls.getJobName() : "rios";
    RiosWriteResult processed = pipeline.apply("Rios",
        new ProcessPlan<>("rios", plan, infiles, outfiles, fn, otherArgs, false).withJobId(jobId)
            .confirmedByLauncher()); // checked above: RiosBeam.process would serialize them again
    processed.writtenRasters().apply("CollectWritten", CollectToFile.to(writtenFile));
    PCollection<A> copiesOut = null; // without otherArgs there are no copies to collect
    if (otherArgs != null) {
      copiesOut = processed.<A>otherArgs().apply("Copies", Values.create());
      copiesOut.apply("CollectOtherArgs", CollectToFile.to(argsFile));
    }

    Map<String, SinglePassReport> singlePass = new LinkedHashMap<>();
    List<A> copies;
    // the progress display is finished last, however the run ends
    try (ProgressTracker tracker = new ProgressTracker(progress, plan.numBlocks());
        LauncherCommit commit = new LauncherCommit(processed.runId(), jobId, plan.outputs())) {
      try {
        PipelineResult result = runFollowing(pipeline, opts.getOptionsId(), tracker, plan.numBlocks(),
            controls.getBeamPipelineArgs());
        StageMetrics.collect(result, timers);
        List<WrittenRaster> written = readBack(writtenFile, ByEncodingCoder.forType(WrittenRaster.class));
        if (written.size() != plan.outputs().size()) {
          throw new RiosException("The Beam pipeline finished but wrote " + written.size() + " of the plan's "
              + plan.outputs().size() + " outputs: " + written);
        }
        written.forEach(w -> singlePass.put(w.name(), w.singlePass()));
        copies = otherArgs == null ? new ArrayList<>(Collections.singletonList(null))
            : readBack(argsFile, copiesOut.getCoder());
      } catch (RuntimeException | Error e) {
        // The runner may report the failure before it has torn every writer down (the DirectRunner does): wait
        // for this JVM's writers of the run to delete their partial files, as every other driver does, and
        // take back the outputs already in place, whose earlier files are still aside.
        commit.takeBack().forEach(e::addSuppressed);
        throw e;
      }
      commit.confirm();
      tracker.allDone(); // on a cluster the blocks were counted where this JVM does not see them
    }
    return new Result<>(singlePass, copies);
  }

  /**
   * The controls' Beam arguments, plus the ConcurrencyStyle as RiosPipelineOptions unless the arguments set
   * them: numComputeWorkers (at least 1) and numReadWorkers (0 means the DoFn's own thread, i.e. 1).
   */
  static List<String> pipelineArgs(ApplierControls controls) {
    List<String> args = new ArrayList<>(controls.getBeamPipelineArgs());
    ConcurrencyStyle style = controls.getConcurrencyStyle();
    addUnlessGiven(args, "numComputeWorkers", Math.max(1, style.numComputeWorkers()));
    addUnlessGiven(args, "numReadWorkers", Math.max(1, style.numReadWorkers()));
    if (named(controls)) {
      addUnlessGiven(args, "jobName", controls.getJobName());
    }
    return args;
  }

  /** Whether the controls name the job: an empty or blank name is none, as for the other drivers' jobs. */
  private static boolean named(ApplierControls controls) {
    return controls.getJobName() != null && !controls.getJobName().isBlank();
  }

  private static void addUnlessGiven(List<String> args, String name, Object value) {
    if (!RiosOptions.given(args, name)) {
      args.add("--" + name + "=" + value);
    }
  }

  /** Runs the pipeline, following its progress block by block where its workers are in this JVM. */
  private static PipelineResult runFollowing(Pipeline pipeline, long optionsId, ProgressTracker tracker,
      int blocks, List<String> given) {
    try (AutoCloseable following = LocalBlockProgress.follow(optionsId, tracker, blocks)) {
      return runAndWait(pipeline, given);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // only from closing the follower
      throw new RiosException("Could not stop following the Beam pipeline's progress: " + e, e);
    }
  }

  /** @param given the Beam arguments of the controls, named when the pipeline fails for no RIOS reason */
  private static PipelineResult runAndWait(Pipeline pipeline, List<String> given) {
    PipelineResult result;
    PipelineResult.State state;
    try {
      result = pipeline.run();
      // A launcher stopped by a signal cancels its job, so a cluster does not go on writing for nobody.
      PipelineResult running = result;
      try (ShutdownCleanup.Registration r = ShutdownCleanup.register("Beam pipeline", () -> cancel(running))) {
        state = result.waitUntilFinish();
      }
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
        if (t instanceof VirtualMachineError vm) {
          // out of memory, the JVM's internal errors: as they are, as every other driver lets them through
          throw vm;
        }
      }
      throw rootCause(e, pipeline.getOptions().getRunner().getSimpleName() + " with setBeamPipelineOptions "
          + given);
    }
    if (state != PipelineResult.State.DONE) {
      throw new RiosException("The Beam pipeline ended in state " + state + " instead of DONE");
    }
    return result;
  }

  private static void cancel(PipelineResult result) {
    try {
      result.cancel();
    } catch (IOException | UnsupportedOperationException e) {
      System.err.println("rios: could not cancel the Beam pipeline: " + e);
    }
  }

  /**
   * The outermost RIOS exception inside a runner's wrapping (Beam's PipelineExecutionException, Flink's
   * JobExecutionException ...) and RiosIO's job wrapper, so callers see the same exception, naming the input
   * and file or the block, as with any driver; a failure of the runner's own (a Flink master that does not answer) is named
   * with {@code where}, the runner and its options.
   */
  static RuntimeException rootCause(Throwable e) {
    return rootCause(e, null);
  }

  static RuntimeException rootCause(Throwable e, String where) {
    Throwable last = e;
    RiosException outermost = null;
    RiosException innermost = null;
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof RiosException r) {
        if (outermost == null && !JobFailures.namesTheJob(r)) {
          outermost = r; // the core's own exception, as the other drivers throw it ("Input 'img' (...): ...")
        }
        innermost = r;
      }
      last = t;
    }
    if (outermost != null) {
      return outermost;
    }
    if (innermost != null) {
      return innermost;
    }
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof java.io.NotSerializableException) {
        // the runner serializes each step's function: say what CW_SUBPROC says of the same mistake
        return new org.rios.errors.ParameterException("The user function or otherArgs cannot be sent to the Beam "
            + "pipeline's workers: " + t.getMessage() + " is not Serializable (captured variables must be "
            + "Serializable too; each worker gets its own copy)", e);
      }
    }
    return new RiosException("The Beam pipeline" + (where == null ? "" : " (" + where + ")") + " failed: " + last, e);
  }

  private static <T> List<T> readBack(Path file, org.apache.beam.sdk.coders.Coder<T> coder) {
    try {
      return CollectToFile.read(file, coder);
    } catch (IOException e) {
      throw new RiosException("Could not read the Beam run's results from " + file + ": " + e, e);
    }
  }
}
