package org.rios.applier;

/**
 * Which of an output's three closing actions were (or will be) done while its blocks were being written,
 * rather than by GDAL after the last block. Reported per output so callers and tests can check that a
 * forced single-pass request was honoured.
 *
 * <pre>{@code
 * SinglePassReport r = outputStatistics.report();
 * if (!r.histogram()) { ... histogram came from GDAL's GetHistogram ... }
 * }</pre>
 *
 * @param pyramids overview pixels were written block by block
 * @param basicStats min, max, mean and standard deviation were accumulated block by block
 * @param histogram the histogram was counted exactly block by block
 */
public record SinglePassReport(boolean pyramids, boolean basicStats, boolean histogram)
    implements java.io.Serializable {}
