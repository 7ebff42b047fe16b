package org.rios.plan;

import java.io.Serializable;
import org.rios.concurrency.ThreadBudget;
import org.rios.gdal.GdalCacheBudget;
import org.rios.gdal.GdalConfig;
import java.util.List;
import org.rios.grid.PixelGrid;

/**
 * Everything decided before the first block is read: the working grid, the block list, and for each input
 * and output what to open and how. Immutable and serializable, so that any reader (a thread, a subprocess,
 * a batch job, a Beam worker) needs only the plan and a block index; no driver re-derives grids or rules.
 *
 * @param grid the working grid
 * @param windowXsize block width
 * @param windowYsize block height
 * @param overlap margin in pixels on each side of every block
 * @param blocks row-major block list
 * @param inputs one spec per input file, in FilenameAssociations order (lists expanded)
 * @param outputs one spec per output file, in FilenameAssociations order (lists expanded)
 * @param tempDir absolute path of the controls' temp directory, where readers that are given no
 *     rasterization cache put rasterized vectors; null (or a directory that does not exist where the plan is
 *     used) means the JVM's temp directory
 * @param threads the run's {@link ThreadBudget}: the threads GDAL may use to decode an input's tiles and
 *     encode an output's, and why
 * @param gdalConfig GDAL configuration options of the run (object-store endpoint, credentials, ...), set in
 *     every JVM that opens the plan's files ({@code BlockReader}, {@code BlockWriter})
 * @param gdalCacheBytes GDAL's block cache this run needs ({@link GdalCacheBudget}), set in every JVM that
 *     opens the plan's files; 0 leaves GDAL's as it is
 */
public record WorkingPlan(PixelGrid grid, int windowXsize, int windowYsize, int overlap, List<BlockDefn> blocks,
    List<InputSpec> inputs, List<OutputSpec> outputs, String tempDir, ThreadBudget threads, GdalConfig gdalConfig,
    long gdalCacheBytes) implements Serializable {

  public WorkingPlan {
    blocks = List.copyOf(blocks);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    threads = threads == null ? ThreadBudget.single() : threads;
    gdalConfig = gdalConfig == null ? GdalConfig.empty() : gdalConfig;
  }

  /** A plan with no GDAL configuration options of its own, leaving GDAL's cache as it is. */
  public WorkingPlan(PixelGrid grid, int windowXsize, int windowYsize, int overlap, List<BlockDefn> blocks,
      List<InputSpec> inputs, List<OutputSpec> outputs, String tempDir, ThreadBudget threads) {
    this(grid, windowXsize, windowYsize, overlap, blocks, inputs, outputs, tempDir, threads, GdalConfig.empty(), 0);
  }

  /** Threads GDAL may use to decode an input's tiles and encode an output's (1: GDAL's default). */
  public int gdalThreads() {
    return threads.gdalThreads();
  }

  /**
   * The timing report's line on GDAL's threads: the budget and why, and each output whose own
   * {@code NUM_THREADS} creation option sets its encoder threads instead (the budget then applies to decoding
   * the inputs' tiles only, for that output); null when GDAL has one thread and no output sets more.
   */
  public String gdalThreadsNote() {
    StringBuilder own = new StringBuilder();
    for (OutputSpec o : outputs) {
      java.util.OptionalInt n = OutputDrivers.numThreads(o.settings().creationOptions(), threads.cores());
      if (n.isPresent() && n.getAsInt() != gdalThreads()) {
        own.append("; output '").append(o.label()).append("' encodes with its creation option NUM_THREADS=")
            .append(OutputDrivers.optionValue(o.settings().creationOptions(), "NUM_THREADS"));
      }
    }
    if (gdalThreads() <= 1 && own.length() == 0) {
      return null;
    }
    return "GDAL threads: " + threads.reason() + own;
  }

  /** A plan with one GDAL thread. */
  public WorkingPlan(PixelGrid grid, int windowXsize, int windowYsize, int overlap, List<BlockDefn> blocks,
      List<InputSpec> inputs, List<OutputSpec> outputs, String tempDir) {
    this(grid, windowXsize, windowYsize, overlap, blocks, inputs, outputs, tempDir, ThreadBudget.single());
  }

  /** A plan without a temp directory, with one GDAL thread. */
  public WorkingPlan(PixelGrid grid, int windowXsize, int windowYsize, int overlap, List<BlockDefn> blocks,
      List<InputSpec> inputs, List<OutputSpec> outputs) {
    this(grid, windowXsize, windowYsize, overlap, blocks, inputs, outputs, null, ThreadBudget.single());
  }

  /**
   * This plan without its block list (grid, window, inputs, outputs and settings kept), for carrying with
   * each piece of work that names its own blocks: the block list grows with the raster, and a copy of it in
   * every chunk of a large job would grow with the square.
   */
  public WorkingPlan withoutBlocks() {
    return new WorkingPlan(grid, windowXsize, windowYsize, overlap, List.of(), inputs, outputs, tempDir, threads,
        gdalConfig, gdalCacheBytes);
  }

  /**
   * What a writer of one output needs: this plan's grid, window and overlap with only {@code output}, and no
   * inputs or blocks (a Beam writer per output file carries it with every block).
   */
  public WorkingPlan forOutput(OutputSpec output) {
    return new WorkingPlan(grid, windowXsize, windowYsize, overlap, List.of(), List.of(), List.of(output), tempDir,
        threads, gdalConfig, gdalCacheBytes);
  }

  /**
   * This plan with GDAL's threads from {@code threads}, for a process that only reads it (a batch compute
   * worker): the outputs' creation options, planned with the launcher's budget, are kept as they are.
   */
  public WorkingPlan withDecodingThreads(ThreadBudget threads) {
    return new WorkingPlan(grid, windowXsize, windowYsize, overlap, blocks, inputs, outputs, tempDir, threads,
        gdalConfig, gdalCacheBytes);
  }

  /**
   * This plan with {@code dir} as its temp directory: the run's own directory for the worker processes of a
   * run, so that what they rasterize goes where the run removes it when it ends, also after a worker was killed.
   */
  public WorkingPlan withTempDir(String dir) {
    return new WorkingPlan(grid, windowXsize, windowYsize, overlap, blocks, inputs, outputs, dir, threads,
        gdalConfig, gdalCacheBytes);
  }

  /** Number of blocks across. */
  public int xTotalBlocks() {
    return (int) ((grid.ncols() + (long) windowXsize - 1) / windowXsize); // a window near 2^31 must not wrap
  }

  /** Number of blocks down. */
  public int yTotalBlocks() {
    return (int) ((grid.nrows() + (long) windowYsize - 1) / windowYsize);
  }

  public int numBlocks() {
    return blocks.size();
  }
}
