package org.rios.calcstats;

import java.io.File;
import java.math.BigDecimal;
import java.util.List;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.OutputWriteException;
import org.rios.errors.SinglePassActionsException;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.OutputSettings;
import org.rios.progress.Progress;
import org.rios.timing.Timers;
import org.rios.applier.SinglePassReport;

/**
 * Pyramids, basic statistics and histogram of one output file. One per output file, owned by the single
 * writer thread; not thread-safe.
 *
 * <p>Blocks may be passed in any order (compute threads deliver in completion order, a Beam pipeline in any
 * order) and the file comes out the same: statistics are kept per block position and combined in row-major
 * order at {@link #finish} ({@link BlockMoments}), histogram counts and min/max are exact, and each
 * single-pass overview pixel is written by exactly one block ({@link SinglePassPyramids}).
 *
 * <p>Each action runs either single-pass (while blocks are written) or through GDAL after the last block:
 * <ul>
 * <li>Pyramids are single-pass when the request is TRUE or automatic, they are not omitted, the aggregation
 *     is NEAREST and the driver passes the direct-overview probe ({@link DriverProbeCache}). TRUE with another
 *     aggregation is an error; TRUE with a driver that fails the probe quietly falls back to GDAL, as in RIOS.
 * <li>Basic statistics are single-pass when requested TRUE or automatic, written
 *     ({@link org.rios.plan.OutputSettings#writesBasicStats}) and not approximate.
 * <li>The histogram is single-pass when requested TRUE or automatic, the pixel type is an integer type, and
 *     it is neither omitted nor approximate. TRUE for a float type is an error. If an integer band has more
 *     than {@value ExactHistogram#MAX_DISTINCT} distinct values the exact counts are given up, to keep memory
 *     bounded, and the band is counted again from the finished file in the same bins
 *     ({@link IntegerHistogramReadBack}): the same histogram, from a second read of the band (the report then
 *     says the histogram was not single-pass). A float band's histogram is read back from the
 *     finished file, in rows of tiles decoded on the output's encoder threads when it has some
 *     ({@link HistogramReadBack}), else by GDAL's {@code GetHistogram}: the same counts either way (but for
 *     a bin of more than 2<sup>31</sup> pixels, which GDAL's Java binding clamps). A float band with
 *     infinite values, or whose range GDAL cannot bin ({@link HistogramParams#gdalBinnable}: a constant
 *     value beyond 2<sup>53</sup>, values wider apart than the largest double), gets its statistics and no
 *     histogram, where GDAL's {@code GetHistogram} would fail the output.
 * </ul>
 *
 * <p>The aggregation is the per-image setting; else, as in RIOS, by band 1's LAYER_TYPE: single-pass overviews
 * are NEAREST, and GDAL's are AVERAGE for an "athematic" band (a non-thematic Imagine band) and NEAREST for a
 * thematic one; a band without a LAYER_TYPE gets {@code RIOS_DFLT_OVERVIEWAGGTYPE}, else NEAREST
 * ({@link PyramidBuilder#singlePassAggregation}, {@link PyramidBuilder#gdalAggregation}). (RIOS ignores the
 * environment variable for the single-pass decision; here it counts, so setting it to e.g. AVERAGE really
 * gives averaged overviews of such a band.)
 *
 * <p>Null pixels are those equal to the output's statsIgnore value (band 1's NoData, used for every band).
 * NaN pixels of float bands are always left out of single-pass statistics, as GDAL's statistics leave them
 * out, so both paths agree (RIOS's single-pass code would let them turn the mean into NaN).
 *
 * <p>When basic statistics are omitted but a GDAL histogram is wanted, RIOS fails for lack of a min/max.
 * Here the min/max come from GDAL's {@code ComputeRasterMinMax}, which writes no statistics keys, so the
 * histogram (and median/mode) are written and the basic statistics stay absent; except for an Imagine (HFA)
 * output, whose driver stores statistics with the histogram (0 for each, given none), so they are computed
 * and written ({@link org.rios.plan.OutputSettings#writesBasicStats}).
 *
 * <pre>{@code
 * OutputStatistics st = new OutputStatistics(ds, fn, settings, DataType.INT16, probes, tempDir, timers);
 * for (...) { writeBlock(ds, block, x, y); st.blockWritten(ds, block, x, y); }
 * st.finish(ds, progress);
 * }</pre>
 */
public final class OutputStatistics {
  private final String filename;
  private final OutputSettings settings;
  private final DataType dataType;
  private final Timers timers;
  private final int nbands;
  private final boolean thematic;
  /** The aggregation of GDAL's overviews, if built after writing. */
  private final String gdalAggType;
  private final List<Integer> levels;
  private final SinglePassPyramids pyramids;
  private final boolean spStats;
  private final boolean spHist;
  private final BandAccumulator[] accumulators;
  /** Float histograms read in tile rows on the output's encoder threads ({@link HistogramReadBack}). */
  private boolean readBack;
  private boolean finished;

  /**
   * Decides which actions run single-pass and prepares them; for single-pass pyramids this creates the
   * overview structure on the (still empty) {@code ds}.
   *
   * @throws SinglePassActionsException for single-pass pyramids forced TRUE with a non-NEAREST aggregation,
   *     or a single-pass histogram forced TRUE for a float type
   */
  public OutputStatistics(Dataset ds, String filename, OutputSettings settings, DataType dataType,
      DriverProbeCache probes, File tempDir, Timers timers) {
    GdalRuntime.ensureLoaded();
    this.filename = filename;
    this.settings = settings;
    this.dataType = dataType;
    this.timers = timers;
    this.nbands = ds.GetRasterCount();
    this.thematic = settings.thematic();
    String layerType = ds.GetRasterBand(1).GetMetadataItem("LAYER_TYPE");
    String spAggType = PyramidBuilder.singlePassAggregation(settings.overviewAggType(),
        settings.defaultOverviewAggType(), layerType);
    this.gdalAggType = PyramidBuilder.gdalAggregation(settings.overviewAggType(), settings.defaultOverviewAggType(),
        layerType);
    this.levels = OverviewLevels.select(settings.overviewLevels(), ds.GetRasterYSize(), ds.GetRasterXSize(),
        settings.overviewMinDim());

    Boolean reqPyr = settings.singlePassPyramids();
    // as RIOS's membership test, in capitals only: "nearest" is GDAL's, after writing (its own sampling)
    boolean nearest = "NEAREST".equals(spAggType);
    if (Boolean.TRUE.equals(reqPyr) && !nearest) {
      throw new SinglePassActionsException("Single-pass pyramids explicitly requested for " + filename
          + ", but not supported for aggregation type '" + spAggType + "' (only NEAREST)");
    }
    boolean spPyr = !Boolean.FALSE.equals(reqPyr) && !settings.omitPyramids() && nearest
        && (probes != null ? probes : new DriverProbeCache())
            .supportsDirectOverviews(settings.driverName(), settings.creationOptions(), tempDir);

    Boolean reqHist = settings.singlePassHistogram();
    if (Boolean.TRUE.equals(reqHist) && !dataType.isInteger()) {
      throw new SinglePassActionsException("Single-pass histogram explicitly requested for " + filename
          + ", but this is not supported for data type " + dataType + " (integer types only)");
    }
    this.spStats = !Boolean.FALSE.equals(settings.singlePassBasicStats()) && settings.writesBasicStats()
        && !settings.approxStats();
    this.spHist = !Boolean.FALSE.equals(reqHist) && dataType.isInteger() && !settings.omitHistogram()
        && !settings.approxStats();

    if (spStats || spHist) {
      accumulators = new BandAccumulator[nbands];
      for (int b = 0; b < nbands; b++) {
        accumulators[b] = new BandAccumulator(dataType, settings.statsIgnore(), spStats, spHist);
      }
    } else {
      accumulators = null;
    }
    if (spPyr) {
      SinglePassPyramids[] made = new SinglePassPyramids[1];
      timed("pyramids", () -> made[0] = new SinglePassPyramids(ds, levels));
      pyramids = made[0];
    } else {
      pyramids = null;
    }
  }

  /** Runs {@code work} under the timer {@code name} (untimed if there are no timers). */
  private void timed(String name, Runnable work) {
    if (timers == null) {
      work.run();
      return;
    }
    Timers.Interval t = timers.interval(name);
    try {
      work.run();
    } finally {
      t.close();
    }
  }

  /**
   * Call after each block was written at (xoff, yoff), once per block position, in any order; {@code block}
   * has the overlap already trimmed and the output's pixel type.
   */
  public void blockWritten(Dataset ds, RasterArray block, int xoff, int yoff) {
    if (pyramids != null) {
      timed("pyramids", () -> pyramids.blockWritten(ds, block, xoff, yoff));
    }
    if (spStats) {
      timed("basicstats", () -> {
        for (int b = 0; b < block.bands(); b++) {
          accumulators[b].addStats(block, b, xoff, yoff);
        }
      });
    }
    if (spHist) {
      timed("histogram", () -> {
        for (int b = 0; b < block.bands(); b++) {
          accumulators[b].addHistogram(block, b);
        }
      });
    }
  }

  /**
   * Call once after all blocks: GDAL overviews if pyramids were not single-pass (and not omitted), then basic
   * statistics, then the histogram with median and mode. {@code progress} may be null.
   */
  public void finish(Dataset ds, Progress progress) {
    if (finished) {
      return;
    }
    finished = true;
    if (pyramids != null) {
      timed("pyramids", pyramids::finish);
    }
    ds.FlushCache();
    if (pyramids == null && !settings.omitPyramids() && !levels.isEmpty()) {
      try {
        timed("pyramids", () -> PyramidBuilder.buildOverviews(ds, levels, gdalAggType, progress));
      } catch (OutputWriteException e) {
        throw new OutputWriteException("Output " + filename + ": " + e.getMessage() + " (a driver without "
            + "overviews needs omitPyramids)", e);
      }
    }

    BandStatistics[] stats = new BandStatistics[nbands];
    if (spStats || settings.writesBasicStats()) {
      timed("basicstats", () -> {
        for (int b = 0; b < nbands; b++) {
          Band band = ds.GetRasterBand(b + 1);
          stats[b] = spStats ? accumulators[b].finalStats() : GdalStatistics.computeStatistics(band,
              settings.approxStats());
          if (stats[b] != null) {
            StatisticsWriter.writeBasicStats(band, stats[b], settings.approxStats());
          }
        }
      });
    }

    if (!settings.omitHistogram()) {
      timed("histogram", () -> {
        readBack = !settings.approxStats() && HistogramReadBack.applies(ds, dataType, settings.creationOptions());
        for (int b = 0; b < nbands; b++) {
          try {
            writeHistogram(ds, b, stats[b]);
          } catch (org.rios.errors.ThematicException e) {
            throw new org.rios.errors.ThematicException("Output " + filename + ", band " + (b + 1) + ": "
                + e.getMessage(), e);
          }
        }
      });
    }
  }

  /** Whether {@link #finish} read the float histograms back itself ({@link HistogramReadBack}); for tests. */
  boolean histogramsReadBack() {
    return readBack;
  }

  private void writeHistogram(Dataset ds, int b, BandStatistics stats) {
    Band band = ds.GetRasterBand(b + 1);
    boolean bandThematic = thematic || "thematic".equals(band.GetMetadataItem("LAYER_TYPE"));
    if (spHist) {
      BandAccumulator acc = accumulators[b];
      if (!acc.histogramOverflowed()) {
        long[][] entries = acc.histogramEntries();
        HistogramBinning.Binned binned = HistogramBinning.binExact(entries[0], entries[1], acc.keys(), dataType,
            bandThematic);
        if (binned != null) {
          StatisticsWriter.writeHistogram(ds, band, binned.counts(), binned.params(), dataType, bandThematic);
        }
      } else {
        // too many distinct values to keep: count the written band again, in the same bins
        BigDecimal[] limits = acc.histogramLimits();
        HistogramParams p = HistogramParams.of(dataType, bandThematic, limits[0], limits[1]);
        long[] counts = IntegerHistogramReadBack.counts(ds, b + 1, acc.keys(), p);
        StatisticsWriter.writeHistogram(ds, band, counts, p, dataType, bandThematic);
      }
      return;
    }
    BigDecimal min;
    BigDecimal max;
    if (stats != null) {
      min = stats.exactMin();
      max = stats.exactMax();
    } else if (spStats || settings.writesBasicStats()) {
      return; // statistics were computed and found no valid pixel
    } else {
      double[] mm = GdalStatistics.computeMinMax(band, settings.approxStats());
      if (mm == null || !Double.isFinite(mm[0]) || !Double.isFinite(mm[1])) {
        return;
      }
      min = new BigDecimal(mm[0]);
      max = new BigDecimal(mm[1]);
    }
    if (min == null || max == null) {
      return; // non-finite limits (infinite float values): no meaningful bins
    }
    HistogramParams p = HistogramParams.of(dataType, bandThematic, min, max);
    long[] counts = HistogramReadBack.countsToWrite(ds, b + 1, dataType, p, settings.approxStats(), readBack);
    if (counts != null) {
      StatisticsWriter.writeHistogram(ds, band, counts, p, dataType, bandThematic);
    }
  }

  /**
   * The blocks will come in any order rather than in row-major order: single-pass overview blocks are gathered
   * until complete from the first block on (see {@code OverviewTiles}). Without this call they are from the
   * first block out of row-major order on.
   */
  public void expectBlocksInAnyOrder() {
    if (pyramids != null) {
      pyramids.expectBlocksInAnyOrder();
    }
  }

  /** Gives back what the single-pass actions hold, for an output abandoned before {@link #finish}. */
  public void discard() {
    if (pyramids != null) {
      pyramids.discard();
    }
  }

  /** Which actions were (or will be) done single-pass. */
  public SinglePassReport report() {
    boolean hist = spHist;
    if (hist && accumulators != null) {
      for (BandAccumulator a : accumulators) {
        hist &= !a.histogramOverflowed();
      }
    }
    return new SinglePassReport(pyramids != null, spStats, hist);
  }

  /** The overview levels this output gets (after the minimum-dimension rule). */
  public List<Integer> overviewLevels() {
    return levels;
  }

  /** The overview aggregation in effect for this output: NEAREST for single-pass overviews, else GDAL's. */
  public String aggregationType() {
    return pyramids != null ? "NEAREST" : gdalAggType;
  }

  @Override
  public String toString() {
    return "OutputStatistics[" + filename + " " + report() + "]";
  }
}
