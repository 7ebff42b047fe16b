package org.rios.plan;

import java.io.Serializable;
import java.util.List;
import org.rios.gdal.BeforeClose;

/**
 * Everything the writer needs to know about one output file, resolved from the controls (per-image values
 * over global ones, defaults and environment overrides applied). A plain value, part of the working plan.
 *
 * @param driverName GDAL short driver name
 * @param creationOptions final creation options (the driver defaults when the user gave none); never null
 * @param statsIgnore the output NoData value written to every band and ignored by statistics; null = none
 * @param layerNames band descriptions, or null
 * @param overviewLevels decimation factors before the min-dimension rule is applied
 * @param overviewAggType GDAL resampling name for overviews given for this output, or null (then chosen by the
 *     band's LAYER_TYPE, as RIOS does: {@code org.rios.calcstats.PyramidBuilder#gdalAggregation})
 * @param defaultOverviewAggType {@code RIOS_DFLT_OVERVIEWAGGTYPE} as the launcher read it, else NEAREST: the
 *     aggregation of an output without its own and without a LAYER_TYPE
 * @param singlePassPyramids tri-state: null = automatic, TRUE = required, FALSE = GDAL after writing
 * @param autoColorTableType rainbow / gray / random for thematic outputs, or null
 * @param callBeforeClose user hook, or null
 */
public record OutputSettings(
    String driverName,
    List<String> creationOptions,
    Double statsIgnore,
    boolean thematic,
    List<String> layerNames,
    boolean omitPyramids,
    boolean omitBasicStats,
    boolean omitHistogram,
    List<Integer> overviewLevels,
    int overviewMinDim,
    String overviewAggType,
    String defaultOverviewAggType,
    Boolean singlePassPyramids,
    Boolean singlePassBasicStats,
    Boolean singlePassHistogram,
    boolean approxStats,
    String autoColorTableType,
    BeforeClose callBeforeClose) implements Serializable {

  /**
   * Whether the output's basic statistics are computed and written: unless omitted, and also when omitted for
   * an Imagine (HFA) output that gets a histogram, since GDAL's Imagine driver stores statistics with the
   * histogram and, given none, wrote minimum, maximum, mean and deviation of 0 that every reader takes for
   * the band's.
   */
  public boolean writesBasicStats() {
    return !omitBasicStats || ("HFA".equalsIgnoreCase(driverName) && !omitHistogram);
  }
}
