package org.rios.concurrency;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.ProgressTracker;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.errors.ParameterException;
import org.rios.errors.ProcessCancelledException;
import org.rios.errors.RiosException;
import org.rios.gdal.BlockReader;
import org.rios.gdal.BlockWriter;
import org.rios.gdal.stats.SinglePassReport;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.timing.Timers;

/**
 * The native concurrent driver: read-worker threads fill the read buffer; compute happens either in the
 * calling thread (CW_NONE with read workers) or in compute-worker threads (CW_THREADS) that fill the
 * compute buffer; the calling thread is always the single writer. Same stages, same BlockReader and
 * BlockWriter as the sequential loop, so outputs are identical.
 */
public final class NativeDriver {
  /** What a run produced besides its outputs. */
  public record Result<A>(Map<String, SinglePassReport> singlePass, List<A> otherArgsList) {}

  private NativeDriver() {}

  public static <A> Result<A> run(BlockStages stages, FilenameAssociations infiles, UserFunctionWithArgs<A> fn, A otherArgs,
      ConcurrencyStyle style, Supplier<BlockReader> readers, File tempDir, Progress progress, Timers timers) {
    WorkingPlan plan = stages.plan();
    ComputeWorkerKind kind = style.computeWorkerKind();
    if (kind != ComputeWorkerKind.CW_NONE && kind != ComputeWorkerKind.CW_THREADS) {
      throw new org.rios.errors.UnavailableException("computeWorkerKind " + kind + " is not available in this "
          + "version (CW_NONE and CW_THREADS are)");
    }
    if (style.numReadWorkers() < 1) {
      throw new ParameterException("The native driver needs numReadWorkers >= 1");
    }
    WorkerFailures failures = new WorkerFailures();
    BlockBuffer readBuffer = new BlockBuffer(infiles, 2 * style.numReadWorkers(),
        style.readBufferInsertTimeout(), style.readBufferPopTimeout(), "readBufferInsertTimeout",
        "readBufferPopTimeout");
    readBuffer.setStopCondition(failures::failed);
    int n = plan.numBlocks();
    ProgressTracker tracker = new ProgressTracker(progress, n);
    List<A> argsList = new ArrayList<>();
    try (BlockWriter writer = new BlockWriter(plan, tempDir, timers, progress);
        ReadWorkers readWorkers = new ReadWorkers(plan, plan.blocks(), readBuffer, style.numReadWorkers(), readers,
            failures, timers)) {
      if (kind == ComputeWorkerKind.CW_NONE) {
        for (int i = 0; i < n; i++) {
          checkCancelled(progress, i);
          BlockBuffer.Entry in;
          try (Timers.Interval t = timers.interval("pop_readbuffer")) {
            in = pop(readBuffer, failures);
          }
          BlockAssociations out = stages.compute(fn, in.block(), in.data(), otherArgs, timers);
          writeOrFail(stages, writer, in, out, failures);
          tracker.blockDone();
        }
        argsList.add(otherArgs);
      } else {
        BlockBuffer computeBuffer = new BlockBuffer(null, 2 * style.numComputeWorkers(),
            style.computeBufferInsertTimeout(), style.computeBufferPopTimeout(), "computeBufferInsertTimeout",
            "computeBufferPopTimeout");
        computeBuffer.setStopCondition(failures::failed);
        try (ComputeThreads<A> workers = new ComputeThreads<>(style.numComputeWorkers(), n, stages, fn, otherArgs,
            readBuffer, computeBuffer, failures, timers)) {
          for (int i = 0; i < n; i++) {
            checkCancelled(progress, i);
            BlockBuffer.Entry done;
            try (Timers.Interval t = timers.interval("pop_computebuffer")) {
              done = pop(computeBuffer, failures);
            }
            writeOrFail(stages, writer, done, done.data(), failures);
            tracker.blockDone();
          }
          workers.close();
          argsList.addAll(workers.otherArgsCopies());
        }
      }
      failures.throwIfFailed();
      writer.finish();
      tracker.finish();
      return new Result<>(writer.singlePassReports(), argsList);
    }
  }

  private static BlockBuffer.Entry pop(BlockBuffer buffer, WorkerFailures failures) {
    try {
      BlockBuffer.Entry e = buffer.popNextBlock(failures::failed);
      if (e == null) {
        failures.throwIfFailed();
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new RiosException("Interrupted while waiting for a block", ex);
    } catch (RiosException ex) {
      // A timeout here is usually the symptom of a worker that already failed: report the root cause.
      throw failures.firstOr(ex);
    }
  }

  private static void writeOrFail(BlockStages stages, BlockWriter writer, BlockBuffer.Entry block,
      BlockAssociations outputs, WorkerFailures failures) {
    try {
      stages.write(writer, block.block(), outputs);
    } catch (RuntimeException e) {
      failures.record("main", 0, e);
      failures.throwIfFailed();
    }
  }

  private static void checkCancelled(Progress progress, int i) {
    if (progress != null && progress.wasCancelled()) {
      throw new ProcessCancelledException("Processing cancelled by the user after " + i + " blocks");
    }
  }
}
