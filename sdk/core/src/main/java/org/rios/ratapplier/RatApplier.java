package org.rios.ratapplier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rios.errors.ParameterException;
import org.rios.errors.ProcessCancelledException;
import org.rios.errors.RatMismatchException;
import org.rios.errors.RiosException;
import org.rios.errors.UserFunctionException;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.Progress;

/**
 * Applies a function to raster attribute tables block by block of rows (RIOS's {@code ratapplier}), so
 * tables too big for memory can be processed: input columns are read lazily per block, output columns
 * are appended per block. Always sequential.
 *
 * <pre>{@code
 * RatAssociations rats = new RatAssociations().put("img", new RatHandle("classes.img"));
 * RatApplier.apply((info, in, out) -> {
 *   double[] v = in.get("img").getDoubles("Value");
 *   for (int i = 0; i < v.length; i++) v[i] = v[i] * v[i];
 *   out.get("img").setColumn("sqrd", v);
 * }, rats, rats, new RatApplierControls().setBlockLength(5000));
 * }</pre>
 *
 * <p>A run: opens the outputs (update mode) then the inputs (read-only); checks that all inputs have the same
 * row count ({@link RatMismatchException} otherwise); processes {@code ceil(rowCount / blockLength)}
 * blocks, where rowCount is the controls' or else the inputs'; after each block appends the outputs (see
 * {@link RowCountMethod}) and reports progress; finally cuts each written output to the rows written.
 *
 * <p>Where the table goes: a table GDAL keeps in memory (GTiff's, saved in the {@code .aux.xml}) is worked on
 * as a private copy, handed to the band once at the end and read back from the file, so a run that fails
 * leaves the file's table as it was. HFA and KEA write changes straight into the file, block by block, as in
 * RIOS: a run that fails part way leaves the rows written so far (and a grown table). Two outputs on one
 * file and layer are refused, since each would cut the table back to its own rows.
 */
public final class RatApplier {
  public static final RowCountMethod RCM_EQUALS_INPUT = RowCountMethod.RCM_EQUALS_INPUT;
  public static final RowCountMethod RCM_FIXED = RowCountMethod.RCM_FIXED;
  public static final RowCountMethod RCM_INCREMENT = RowCountMethod.RCM_INCREMENT;

  private RatApplier() {}

  /** {@link #apply(RatUserFunction, RatAssociations, RatAssociations, RatApplierControls)} with defaults. */
  public static void apply(RatUserFunction fn, RatAssociations inRats, RatAssociations outRats) {
    apply(fn, inRats, outRats, null);
  }

  /** Runs {@code fn} over every block; {@code controls} may be null (defaults). */
  public static void apply(RatUserFunction fn, RatAssociations inRats, RatAssociations outRats,
      RatApplierControls controls) {
    if (fn == null) {
      throw new ParameterException("RatApplier.apply needs a user function");
    }
    run((info, in, out, ignored) -> fn.apply(info, in, out), inRats, outRats, null, controls);
  }

  /** Runs {@code fn} over every block, passing {@code otherArgs} (the caller's own object) each time. */
  public static <A> void apply(RatUserFunctionWithArgs<A> fn, RatAssociations inRats, RatAssociations outRats,
      A otherArgs, RatApplierControls controls) {
    if (fn == null) {
      throw new ParameterException("RatApplier.apply needs a user function");
    }
    run(fn, inRats, outRats, otherArgs, controls);
  }

  private static <A> void run(RatUserFunctionWithArgs<A> fn, RatAssociations inRats, RatAssociations outRats,
      A otherArgs, RatApplierControls controls) {
    GdalRuntime.ensureLoaded();
    RatAssociations ins = inRats == null ? new RatAssociations() : inRats;
    RatAssociations outs = outRats == null ? new RatAssociations() : outRats;
    RatApplierControls c = controls == null ? new RatApplierControls() : controls;
    RatFiles files = new RatFiles(ins, outs);
    try (files) {
      int rowCount = rowCount(files.inputs(), c);
      RatBlockAssociations inBlocks = new RatBlockAssociations("input");
      for (Map.Entry<String, OpenRat> e : files.inputs().entrySet()) {
        inBlocks.add(new RatBlock(e.getKey(), e.getValue(), false, new LinkedHashMap<>()));
      }
      RatBlockAssociations outBlocks = new RatBlockAssociations("output");
      List<RatOutputWriter> writers = new ArrayList<>();
      for (Map.Entry<String, OpenRat> e : files.outputs().entrySet()) {
        RatOutputWriter w = new RatOutputWriter(e.getKey(), e.getValue(), c, rowCount);
        writers.add(w);
        outBlocks.add(w.block());
      }
      loop(fn, otherArgs, c, rowCount, inBlocks, outBlocks, writers);
      for (RatOutputWriter w : writers) {
        w.finish();
      }
      files.commit();
    }
    files.verifyCommitted();
  }

  private static <A> void loop(RatUserFunctionWithArgs<A> fn, A otherArgs, RatApplierControls c, int rowCount,
      RatBlockAssociations inBlocks, RatBlockAssociations outBlocks, List<RatOutputWriter> writers) {
    int blockLength = c.getBlockLength();
    int numBlocks = (int) ((rowCount + (long) blockLength - 1) / blockLength);
    Progress progress = c.getProgress();
    int lastPercent = 0;
    if (progress != null) {
      progress.setTotalSteps(100);
      progress.setProgress(0);
    }
    for (int ndx = 0; ndx < numBlocks; ndx++) {
      int start = ndx * blockLength;
      RatApplierState state = new RatApplierState(ndx, start, Math.min(blockLength, rowCount - start), rowCount);
      for (RatBlock b : inBlocks.all().values()) {
        b.startBlock(state);
      }
      for (RatBlock b : outBlocks.all().values()) {
        b.startBlock(state);
      }
      try {
        fn.apply(state, inBlocks, outBlocks, otherArgs);
      } catch (RiosException e) {
        throw e;
      } catch (Exception e) {
        throw new UserFunctionException("RAT user function failed on block " + ndx + " (rows " + start + ".."
            + (start + state.getBlockLen() - 1) + "): " + e, e);
      }
      for (RatOutputWriter w : writers) {
        w.writeBlock(ndx);
      }
      if (progress != null) {
        int percent = (int) (100L * (ndx + 1) / numBlocks);
        if (percent != lastPercent) {
          lastPercent = percent;
          progress.setProgress(percent);
        }
        if (progress.wasCancelled()) {
          throw new ProcessCancelledException("RAT processing cancelled by the user after block " + ndx);
        }
      }
    }
    if (progress != null) {
      if (lastPercent != 100) {
        progress.setProgress(100);
      }
      progress.finish();
    }
  }

  /**
   * Copies every column (except {@code omitColumns}, which may be null) of the band-1 table of
   * {@code infile}, with its type and usage, into band 1 of {@code outfile}, which must be an existing raster
   * (RIOS would create a RatZarr store for a missing output; Zarr tables are not supported here). Columns
   * already in the output with the same name are overwritten (converted to their type); the output table
   * ends with the input's row count. {@code progress} may be null.
   *
   * @throws org.rios.errors.FileOpenException if {@code outfile} does not exist or cannot be updated
   */
  public static void copyRat(String infile, String outfile, Progress progress,
      java.util.Collection<String> omitColumns) {
    RatCopier.copy(infile, outfile, progress, omitColumns);
  }

  /** {@link #copyRat(String, String, Progress, java.util.Collection)} of all columns, silently. */
  public static void copyRat(String infile, String outfile) {
    copyRat(infile, outfile, null, null);
  }

  /** The controls' row count, else the inputs' common row count. */
  private static int rowCount(Map<String, OpenRat> inputs, RatApplierControls c) {
    Integer common = null;
    boolean mismatch = false;
    StringBuilder each = new StringBuilder();
    for (Map.Entry<String, OpenRat> e : inputs.entrySet()) {
      int n = e.getValue().rowCount();
      each.append(each.length() == 0 ? "" : ", ").append(e.getKey()).append(" (")
          .append(e.getValue().handle).append("): ").append(n);
      if (common == null) {
        common = n;
      } else if (common != n) {
        mismatch = true;
      }
    }
    if (mismatch) {
      throw new RatMismatchException("Input RATs have different row counts: " + each);
    }
    if (c.getRowCount() != null) {
      return c.getRowCount();
    }
    if (common == null) {
      throw new ParameterException("There are no input RATs to take the row count from: set it with "
          + "RatApplierControls.setRowCount");
    }
    if (common == 0) {
      // RIOS runs no block here without a word; an input without a table is more often a mistake than not
      Progress.warn(c.getProgress(), "the input RATs have no rows (" + each + ")" + (inputs.values().stream().anyMatch(r -> r.isNew)
          ? "; a band without a raster attribute table has none" : "") + ": the user function is not called and "
          + "no output row is written");
    }
    return common;
  }
}
