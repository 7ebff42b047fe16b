package org.rios.calcstats;

import java.util.List;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.ProgressCallback;
import org.gdal.gdal.gdal;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ProcessCancelledException;
import org.rios.progress.Progress;

/**
 * Overviews built by GDAL after all blocks are written (the path used when pyramids are not single-pass).
 *
 * <pre>{@code
 * PyramidBuilder.buildOverviews(ds, List.of(4, 8), PyramidBuilder.effectiveAggregation(null), progress);
 * }</pre>
 */
final class PyramidBuilder {
  /** Progress label shown while GDAL builds overviews. */
  public static final String LABEL = "Computing Pyramid Layers...";

  /**
   * Aggregation used when an output does not name one: {@code RIOS_DFLT_OVERVIEWAGGTYPE}, read once when this
   * class loads (like RIOS reads it at import), else NEAREST.
   */
  public static final String DEFAULT_AGGREGATION = defaultAggregation();

  private PyramidBuilder() {}

  private static String defaultAggregation() {
    String v = System.getenv("RIOS_DFLT_OVERVIEWAGGTYPE");
    return v == null || v.isBlank() ? "NEAREST" : v.trim();
  }

  /** The per-image aggregation if given, else {@link #DEFAULT_AGGREGATION}. */
  public static String effectiveAggregation(String perImage) {
    return perImage != null ? perImage : DEFAULT_AGGREGATION;
  }

  /**
   * Flushes {@code ds} and builds the given overview levels with GDAL's {@code BuildOverviews}, reporting
   * progress (label {@value #LABEL}) to {@code progress} if not null. A cancel request from the progress
   * object stops GDAL and raises {@link ProcessCancelledException}.
   */
  public static void buildOverviews(Dataset ds, List<Integer> levels, String aggType, Progress progress) {
    if (progress != null) {
      progress.setLabelText(LABEL);
      progress.setProgress(0);
    }
    ds.FlushCache();
    int[] lv = levels.stream().mapToInt(Integer::intValue).toArray();
    ProgressCallback cb = progress == null ? null : new ProgressCallback() {
      @Override
      public int run(double complete, String message) {
        progress.setProgress((int) Math.round(Math.max(0, Math.min(1, complete)) * 100));
        return progress.wasCancelled() ? 0 : 1;
      }
    };
    gdal.ErrorReset();
    int rc;
    try {
      rc = cb == null ? ds.BuildOverviews(aggType, lv) : ds.BuildOverviews(aggType, lv, cb);
    } catch (RuntimeException e) {
      if (progress != null && progress.wasCancelled()) {
        throw new ProcessCancelledException("Building pyramid layers was cancelled", e);
      }
      throw new OutputWriteException("GDAL could not build overviews " + levels + " (" + aggType + "): "
          + e.getMessage(), e);
    }
    if (progress != null && progress.wasCancelled()) {
      throw new ProcessCancelledException("Building pyramid layers was cancelled");
    }
    if (rc != 0) {
      throw new OutputWriteException("GDAL could not build overviews " + levels + " (" + aggType + "): "
          + gdal.GetLastErrorMsg());
    }
    if (progress != null) {
      progress.setProgress(100);
    }
  }
}
