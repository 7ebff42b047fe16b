package org.rios.beam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.rios.timing.TimerSummary;
import org.rios.timing.Timers;

/**
 * The bridge between RIOS {@link Timers} and Beam metrics. The stages record their intervals in a local
 * Timers exactly as in the other drivers (same names: reading, userfunction, writing, pyramids,
 * basicstats, histogram, ...); each DoFn then publishes every duration as an update of a Beam
 * {@code Distribution} of that name, in nanoseconds, in the {@value #NAMESPACE} namespace. After the run
 * the driver turns the distributions back into summary-only timers, so the timing report has the same rows.
 *
 * <pre>{@code
 * Timers local = new Timers();
 * BlockAssociations out = stages.compute(fn, block, in, args, local);
 * StageMetrics.publish(local);
 * ...
 * StageMetrics.collect(pipelineResult, rtnTimers);
 * }</pre>
 */
final class StageMetrics {
  /** Metric namespace of the stage timers. */
  public static final String NAMESPACE = "rios";

  private static final Counter BLOCKS_WRITTEN = Metrics.counter(NAMESPACE, "blocksWritten");
  private static final Counter OUTPUTS_WRITTEN = Metrics.counter(NAMESPACE, "outputsWritten");
  private static final Counter BYTES_WRITTEN = Metrics.counter(NAMESPACE, "bytesWritten");

  private StageMetrics() {}

  /** Counts {@code n} blocks handed to a writer (counter rios/blocksWritten of the step doing it). */
  static void blocksWritten(int n) {
    BLOCKS_WRITTEN.inc(n);
  }

  /**
   * Counts a finished output (rios/outputsWritten, rios/bytesWritten) and publishes its writer's stage timers
   * (writing, pyramids, basicstats, histogram, ...).
   */
  static void outputFinished(WrittenRaster done, Timers writerTimers) {
    publish(writerTimers);
    OUTPUTS_WRITTEN.inc();
    BYTES_WRITTEN.inc(Math.max(0, done.sizeBytes()));
  }

  /** Publishes every interval of {@code timers} to the Beam distribution of its name. */
  public static void publish(Timers timers) {
    for (String name : timers.names()) {
      List<Double> durations = timers.getDurationsForName(name);
      if (durations == null) {
        continue;
      }
      org.apache.beam.sdk.metrics.Distribution d = Metrics.distribution(NAMESPACE, name);
      for (double seconds : durations) {
        d.update(Math.max(0L, Math.round(seconds * 1e9)));
      }
    }
  }

  /**
   * Adds one summary-only timer per distribution in the {@value #NAMESPACE} namespace to {@code timers},
   * summed over the steps that reported it. Committed values when the runner has them (they exclude retried
   * bundles), else attempted ones (FlinkRunner reports only those). Quartiles are NaN: a distribution keeps
   * only sum, count, min and max.
   */
  public static void collect(PipelineResult result, Timers timers) {
    MetricQueryResults q = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(NAMESPACE)).build());
    Map<String, DistributionResult> byName = new LinkedHashMap<>();
    for (MetricResult<DistributionResult> r : q.getDistributions()) {
      DistributionResult v = committedOrAttempted(r);
      if (v != null && v.getCount() > 0) {
        byName.merge(r.getName().getName(), v, StageMetrics::add);
      }
    }
    byName.forEach((name, d) -> timers.addSummary(name, new TimerSummary(d.getSum() / 1e9, d.getMin() / 1e9,
        d.getMax() / 1e9, Double.NaN, Double.NaN, Double.NaN, (int) d.getCount())));
  }

  private static DistributionResult committedOrAttempted(MetricResult<DistributionResult> r) {
    try {
      DistributionResult c = r.getCommittedOrNull();
      if (c != null) {
        return c;
      }
    } catch (UnsupportedOperationException e) {
      // runners without committed metrics say so by throwing; attempted values are what they have
    }
    return r.getAttempted();
  }

  private static DistributionResult add(DistributionResult a, DistributionResult b) {
    return DistributionResult.create(a.getSum() + b.getSum(), a.getCount() + b.getCount(),
        Math.min(a.getMin(), b.getMin()), Math.max(a.getMax(), b.getMax()));
  }
}
