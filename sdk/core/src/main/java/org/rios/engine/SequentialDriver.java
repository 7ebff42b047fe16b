package org.rios.engine;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.ProcessCancelledException;
import org.rios.io.BlockReader;
import org.rios.io.BlockWriter;
import org.rios.applier.SinglePassReport;
import org.rios.io.RasterizationCache;
import org.rios.plan.BlockDefn;
import org.rios.progress.Progress;
import org.rios.timing.Timers;
import org.rios.applier.BlockAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.engine.internal.ProgressTracker;

/**
 * CW_NONE without read workers: one loop in the calling thread, read → compute → write for each block in
 * turn, with one reader (GDAL handles opened once per file) and the single writer. Vector inputs are
 * rasterized into the run's temp directory on first read and deleted when the loop ends, however it ends.
 */
public final class SequentialDriver implements Driver {
  @Override
  public Set<ComputeWorkerKind> kinds() {
    return Set.of(ComputeWorkerKind.CW_NONE);
  }

  /** CW_NONE without read workers; with read workers the native driver runs CW_NONE. */
  @Override
  public boolean accepts(ConcurrencyStyle style) {
    return style.isSequential();
  }

  @Override
  public <A> Result<A> run(Job<A> job) {
    List<A> args = new ArrayList<>();
    args.add(job.otherArgs());
    return new Result<>(run(job.stages(), job.fn(), job.otherArgs(), job.tempDir(), job.vectors(), job.progress(),
        job.timers()), args);
  }

  private static <A> Map<String, SinglePassReport> run(BlockStages stages, UserFunctionWithArgs<A> fn,
      A otherArgs, File tempDir, RasterizationCache vectors, Progress progress, Timers timers) {
    int n = stages.plan().numBlocks();
    // Closed in reverse order, the progress display last, however the run ends; the rasterized vectors are
    // the run's, deleted after this reader's handles on them are closed.
    try (ProgressTracker tracker = new ProgressTracker(progress, n);
        BlockReader reader = new BlockReader(stages.plan(), vectors);
        BlockWriter writer = new BlockWriter(stages.plan(), tempDir, timers, progress)) {
      for (BlockDefn block : stages.plan().blocks()) {
        if (progress != null && progress.wasCancelled()) {
          throw new ProcessCancelledException("Processing cancelled by the user at block " + block.index());
        }
        BlockAssociations inputs = stages.read(reader, block, timers);
        BlockAssociations outputs = stages.compute(fn, block, inputs, otherArgs, timers);
        stages.write(writer, block, outputs);
        tracker.blockDone();
      }
      writer.finish();
      return writer.singlePassReports();
    }
  }
}
