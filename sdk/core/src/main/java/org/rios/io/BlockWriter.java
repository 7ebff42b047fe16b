package org.rios.io;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.ParameterException;
import org.rios.errors.ProcessCancelledException;
import org.rios.errors.RiosException;
import org.rios.errors.TypeConversionException;
import org.rios.calcstats.DriverProbeCache;
import org.rios.applier.SinglePassReport;
import org.rios.lifecycle.ShutdownCleanup;
import org.rios.plan.BlockDefn;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.timing.Timers;
import org.rios.gdal.GdalCacheBudget;
import org.rios.gdal.NativeHeapTrimmer;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalRuntime;

/**
 * The single writer: writes each computed block into every output, creating outputs on their first block
 * under a partial name and finishing them (pyramids, statistics, histograms) at {@link #finish}, which
 * renames them into place once all are complete ({@link AtomicOutput}). Every driver writes through one
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
  /** The index of the block each output file was created from (the first to reach this writer). */
  private final Map<OutputSpec, Integer> createdFrom = new HashMap<>();
  private final Map<String, SinglePassReport> reports = new LinkedHashMap<>();
  private final Map<String, Long> bytes = new LinkedHashMap<>();
  private boolean closed;
  private boolean anyOrder;

  public BlockWriter(WorkingPlan plan, File tempDir, Timers timers, Progress progress) {
    GdalRuntime.ensureLoaded();
    GdalCacheBudget.ensure(plan.gdalCacheBytes());
    this.plan = plan;
    this.tempDir = tempDir;
    this.timers = timers;
    this.progress = progress;
    for (OutputSpec spec : plan.outputs()) {
      AtomicOutput.recoverInterruptedCommit(spec.filename());
    }
  }

  /**
   * Says the blocks will come in any order (a Beam writer), not block by block in row-major order as a native
   * driver's single writer writes them: single-pass overview blocks are then gathered until complete from the
   * first block on ({@link org.rios.calcstats.OutputStatistics#expectBlocksInAnyOrder}). Call before the first
   * write.
   */
  public void expectBlocksInAnyOrder() {
    anyOrder = true;
  }

  /**
   * Writes one block to every output. {@code arrays} gives the user function's array for each output spec
   * (null if the function did not set it). Arrays include the overlap margin, which is trimmed here.
   *
   * @throws ParameterException if an output array is missing
   * @throws ArrayShapeException if an array's rows and columns are not the block's plus the margin
   */
  public void write(BlockDefn block, Function<OutputSpec, RasterArray> arrays) {
    try (GdalConfig.Scope s = plan.gdalConfig().applyToThisThread()) {
      writeInScope(block, arrays);
    } finally {
      NativeHeapTrimmer.blockDone();
    }
  }

  private void writeInScope(BlockDefn block, Function<OutputSpec, RasterArray> arrays) {
    if (closed) {
      // a write after close would silently create the output again, without the blocks before it
      throw new RiosException("Block " + block.index() + " arrived after the outputs were finished or aborted");
    }
    if (ShutdownCleanup.isShuttingDown()) {
      throw new ProcessCancelledException("Run interrupted before block " + block.index() + " was written");
    }
    int m = plan.overlap();
    for (OutputSpec spec : plan.outputs()) {
      RasterArray a = requireArray(spec, block, arrays.apply(spec), m);
      RasterArray trimmed = a.subWindow(m, m, block.nrows(), block.ncols());
      OutputFile f = files.get(spec);
      if (f == null) {
        f = OutputFile.create(spec, plan.grid(), trimmed, probes, tempDir, timers);
        files.put(spec, f);
        createdFrom.put(spec, block.index());
        if (anyOrder) {
          f.expectBlocksInAnyOrder();
        }
      } else if (trimmed.dataType() != f.dataType() && createdFrom.get(spec) != 0) {
        // as in RIOS the file takes block 0's type and later blocks are converted to it; a block that reached
        // the writer before block 0 (compute threads, Beam) cannot give it block 0's type
        throw new TypeConversionException("Output '" + spec.label() + "' (" + spec.filename() + ") was created as "
            + f.dataType() + " from block " + createdFrom.get(spec) + ", the first to reach the writer, but block "
            + block.index() + " is " + trimmed.dataType() + ": with blocks written as they are computed, return "
            + "the same type from every block (a run that writes block 0 first gives the file block 0's type)");
      }
      f.write(trimmed, block.left(), block.top(), timers);
    }
  }

  /**
   * {@code a}, the user function's array for {@code spec} in {@code block}, checked where the block was
   * computed (a driver that writes elsewhere reports a bad array as the computing job's failure).
   *
   * @param overlap the plan's overlap margin, which the array must include
   * @throws ParameterException naming the output and block if the user function did not set it
   * @throws ArrayShapeException naming them if its rows or columns are not the block's with the margin
   */
  public static RasterArray requireArray(OutputSpec spec, BlockDefn block, RasterArray a, int overlap) {
    if (a == null) {
      throw new ParameterException("The user function did not set output '" + spec.label() + "' for block "
          + block.index() + " (top=" + block.top() + ", left=" + block.left() + ")");
    }
    int m = overlap;
    if (a.rows() != block.nrows() + 2 * m || a.cols() != block.ncols() + 2 * m) {
      throw new ArrayShapeException("Output '" + spec.label() + "' array has shape " + a.shapeString()
          + " but block " + block.index() + " needs (bands, " + (block.nrows() + 2 * m) + ", "
          + (block.ncols() + 2 * m) + ")" + (m > 0 ? " including the overlap margin of " + m : ""));
    }
    return a;
  }

  /**
   * Finishes and closes every output, then puts them in place together ({@link OutputCommit}). Call once
   * after the last block. If finishing an output fails (its statistics, pyramids, before-close hook, a
   * write-back error at close) or putting them in place does, every output is deleted and any earlier file
   * of its name left as it was: an output without its statistics must not look complete, and a run that
   * failed replaces nothing.
   *
   * @return each output, in place, in the plan's order
   */
  public List<FinishedOutput> finish() {
    try (GdalConfig.Scope s = plan.gdalConfig().applyToThisThread()) {
      return finishInScope(false);
    }
  }

  /**
   * Finishes every output and puts it in place as {@link #finish} does, but keeps each earlier file of an
   * output's name aside (see {@link FinishedOutput}) for a commit step that confirms or takes back all outputs
   * of a job together ({@link OutputCommit#confirm}, {@link OutputCommit#undo}), in this JVM or another. For
   * writers that each write one of a job's several output files (Beam's).
   *
   * @return each output, in place, in the plan's order
   */
  public List<FinishedOutput> finishKeepingEarlier() {
    try (GdalConfig.Scope s = plan.gdalConfig().applyToThisThread()) {
      return finishInScope(true);
    }
  }

  /** @param keepEarlier keep the earlier files of the outputs' names aside (else they are deleted) */
  private List<FinishedOutput> finishInScope(boolean keepEarlier) {
    if (closed) {
      return List.of();
    }
    closed = true;
    List<OutputFile> unfinished = new ArrayList<>(files.values());
    List<OutputFile> notInPlace = new ArrayList<>(unfinished);
    files.clear();
    try {
      while (!unfinished.isEmpty()) {
        OutputFile f = unfinished.get(0);
        reports.put(f.spec().label(), f.singlePassReport());
        f.finish(progress, timers, plan.gdalThreads());
        unfinished.remove(0);
      }
      List<FinishedOutput> placed = OutputCommit.commit(notInPlace, timers, keepEarlier);
      notInPlace.clear();
      placed.forEach(o -> bytes.put(o.label(), o.bytes()));
      return placed;
    } catch (RuntimeException | Error e) {
      for (OutputFile f : notInPlace) {
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

  /**
   * The size in bytes of each output's main file as put in place by {@link #finish} (or
   * {@link #finishKeepingEarlier}), per output label; -1 for an output GDAL wrote in place (a {@code /vsimem/}
   * path). Known for object-store outputs too, whose
   * size the local file system cannot tell.
   */
  public Map<String, Long> writtenBytes() {
    return Map.copyOf(bytes);
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
