package org.rios.applier;

import java.io.File;
import java.util.Map;
import org.rios.errors.ProcessCancelledException;
import org.rios.gdal.BlockReader;
import org.rios.gdal.BlockWriter;
import org.rios.gdal.stats.SinglePassReport;
import org.rios.gdal.vector.RasterizationCache;
import org.rios.plan.BlockDefn;
import org.rios.progress.Progress;
import org.rios.timing.Timers;

/**
 * CW_NONE without read workers: one loop in the calling thread, read → compute → write for each block in
 * turn, with one reader (GDAL handles opened once per file) and the single writer. Vector inputs are
 * rasterized into the run's temp directory on first read and deleted when the loop ends, however it ends.
 */
final class SequentialDriver {
  private SequentialDriver() {}

  static <A> Map<String, SinglePassReport> run(BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs,
      File tempDir, Progress progress, Timers timers) {
    int n = stages.plan().numBlocks();
    ProgressTracker tracker = new ProgressTracker(progress, n);
    // Closed in reverse order: the reader's handles on rasterized vectors go before the files themselves.
    try (RasterizationCache vectors = new RasterizationCache(tempDir);
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
      tracker.finish();
      return writer.singlePassReports();
    }
  }
}
