package org.rios.gdal;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.ParameterException;
import org.rios.errors.RiosException;
import org.rios.gdal.stats.DriverProbeCache;
import org.rios.gdal.stats.SinglePassReport;
import org.rios.plan.BlockDefn;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.timing.Timers;

/**
 * The single writer: writes each computed block into every output, creating outputs on their first block
 * and finishing them (pyramids, statistics, histograms) at {@link #close}. Every driver writes through one
 * BlockWriter on one thread, so outputs are identical whatever ran the user function.
 *
 * <pre>{@code
 * try (BlockWriter writer = new BlockWriter(plan, tempDir, timers, progress)) {
 *   for (...) writer.write(block, spec -> outputs.find(spec.name(), spec.seq()));
 *   writer.close();
 * }
 * }</pre>
 */
public final class BlockWriter implements AutoCloseable {
  private final WorkingPlan plan;
  private final File tempDir;
  private final Timers timers;
  private final Progress progress;
  private final DriverProbeCache probes = new DriverProbeCache();
  private final Map<OutputSpec, OutputFile> files = new LinkedHashMap<>();
  private final Map<String, SinglePassReport> reports = new LinkedHashMap<>();
  private boolean closed;

  public BlockWriter(WorkingPlan plan, File tempDir, Timers timers, Progress progress) {
    GdalRuntime.ensureLoaded();
    this.plan = plan;
    this.tempDir = tempDir;
    this.timers = timers;
    this.progress = progress;
  }

  /**
   * Writes one block to every output. {@code arrays} gives the user function's array for each output spec
   * (null if the function did not set it). Arrays include the overlap margin, which is trimmed here.
   *
   * @throws ParameterException if an output array is missing
   * @throws ArrayShapeException if an array's rows and columns are not the block's plus the margin
   */
  public void write(BlockDefn block, Function<OutputSpec, RasterArray> arrays) {
    if (closed) {
      // a write after close would silently create the output again, without the blocks before it
      throw new RiosException("Block " + block.index() + " arrived after the outputs were finished or aborted");
    }
    int m = plan.overlap();
    for (OutputSpec spec : plan.outputs()) {
      RasterArray a = arrays.apply(spec);
      if (a == null) {
        throw new ParameterException("The user function did not set output '" + spec.label() + "' for block "
            + block.index() + " (top=" + block.top() + ", left=" + block.left() + ")");
      }
      if (a.rows() != block.nrows() + 2 * m || a.cols() != block.ncols() + 2 * m) {
        throw new ArrayShapeException("Output '" + spec.label() + "' array has shape " + a.shapeString()
            + " but block " + block.index() + " needs (bands, " + (block.nrows() + 2 * m) + ", "
            + (block.ncols() + 2 * m) + ")" + (m > 0 ? " including the overlap margin of " + m : ""));
      }
      RasterArray trimmed = a.subWindow(m, m, block.nrows(), block.ncols());
      OutputFile f = files.get(spec);
      if (f == null) {
        f = OutputFile.create(spec, plan.grid(), trimmed, probes, tempDir, timers);
        files.put(spec, f);
      }
      f.write(trimmed, block.left(), block.top(), timers);
    }
  }

  /**
   * Finishes and closes every output. Call once after the last block. If finishing an output fails (its
   * statistics, pyramids or before-close hook), that output and the ones not finished yet are deleted: an
   * output without its statistics must not look complete.
   */
  public void finish() {
    if (closed) {
      return;
    }
    closed = true;
    List<OutputFile> left = new ArrayList<>(files.values());
    files.clear();
    try {
      while (!left.isEmpty()) {
        OutputFile f = left.get(0);
        reports.put(f.spec().label(), f.singlePassReport());
        f.finish(progress, timers);
        left.remove(0);
      }
    } catch (RuntimeException | Error e) {
      for (OutputFile f : left) {
        try {
          f.abort();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Which statistics actions ran single-pass, per output label ("name" or "name[seq]"). */
  public Map<String, SinglePassReport> singlePassReports() {
    Map<String, SinglePassReport> out = new LinkedHashMap<>(reports);
    files.values().forEach(f -> out.putIfAbsent(f.spec().label(), f.singlePassReport()));
    return out;
  }

  /** If {@link #finish} was not reached (a failure), closes and deletes the partial outputs. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (OutputFile f : files.values()) {
        try {
          f.abort();
        } catch (RuntimeException e) {
          // keep removing the others; the original failure is what the user needs to see
        }
      }
      files.clear();
    }
  }
}
