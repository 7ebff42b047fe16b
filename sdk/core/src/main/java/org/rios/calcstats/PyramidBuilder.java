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
 * <p>The aggregation of an output or a call that names none is chosen as RIOS's {@code addPyramid} chooses it,
 * by band 1's {@code LAYER_TYPE} ({@link #gdalAggregation}).
 *
 * <pre>{@code
 * String agg = PyramidBuilder.gdalAggregation(null, "NEAREST", band.GetMetadataItem("LAYER_TYPE"));
 * PyramidBuilder.buildOverviews(ds, List.of(4, 8), agg, progress);
 * }</pre>
 */
final class PyramidBuilder {
  /** Progress label shown while GDAL builds overviews. */
  public static final String LABEL = "Computing Pyramid Layers...";

  private PyramidBuilder() {}

  /**
   * The aggregation GDAL builds overviews with: {@code given} if not null; else, as RIOS's {@code addPyramid},
   * by band 1's LAYER_TYPE ({@code layerType}): AVERAGE for "athematic" (every non-thematic band of an Imagine
   * file), NEAREST for any other value ("thematic"); for a band without one, {@code dflt}
   * ({@code RIOS_DFLT_OVERVIEWAGGTYPE}, else NEAREST).
   */
  public static String gdalAggregation(String given, String dflt, String layerType) {
    if (given != null) {
      return given;
    }
    if (layerType != null) {
      return "athematic".equals(layerType) ? "AVERAGE" : "NEAREST";
    }
    return dflt;
  }

  /**
   * The aggregation that decides whether an output's overviews can be single-pass (only NEAREST can):
   * {@code given} if not null; else NEAREST for a band with a LAYER_TYPE, as in RIOS, whose single-pass
   * overviews of an output naming no aggregation are NEAREST; else {@code dflt}. For a band without a
   * LAYER_TYPE RIOS ignores {@code RIOS_DFLT_OVERVIEWAGGTYPE} here (its single-pass overviews are NEAREST
   * whatever it says); here it counts, so setting it to AVERAGE gives averaged overviews, from GDAL.
   */
  public static String singlePassAggregation(String given, String dflt, String layerType) {
    if (given != null) {
      return given;
    }
    return layerType != null ? "NEAREST" : dflt;
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
