package org.rios.timing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Named collections of time intervals, recorded by the stages of the flow themselves (reading, user function,
 * writing, ...), so that every driver reports the same names. Thread-safe; intervals of the same name from
 * several threads are all kept, so totals may exceed the wall-clock time.
 *
 * <pre>{@code
 * try (Timers.Interval t = timers.interval("reading")) {
 *   block = reader.read(...);
 * }
 * System.out.println(rtn.timings().formatReport());
 * }</pre>
 */
public final class Timers implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Timer names, in the order RIOS's report prints them, with this library's "uploading" (object-store outputs) and
   * "cogconversion" (COG outputs) after "beforeclose", and "pop_writerbuffer" (a Beam writer waiting for blocks)
   * last. */
  public static final List<String> REPORT_ORDER = List.of("reading", "startcomputeworkers", "userfunction",
      "writing", "pyramids", "basicstats", "stats+histogram", "histogram", "beforeclose", "uploading",
      "cogconversion", "insert_readbuffer",
      "pop_readbuffer", "insert_computebuffer", "pop_computebuffer", "pop_writerbuffer");

  public static final String WALLTIME = "walltime";

  // name -> flat list of (start, end) pairs in seconds since the epoch
  private final Map<String, List<double[]>> intervals = new LinkedHashMap<>();
  // name -> the thread (or "worker N/thread") that recorded each interval, parallel to intervals
  private final Map<String, List<String>> threads = new LinkedHashMap<>();
  // name -> totals known only as a summary (no individual intervals), e.g. from a runner's metrics
  private final Map<String, TimerSummary> summaries = new LinkedHashMap<>();
  // lines the report prints under the wall-clock time: decisions the run made (e.g. ConcurrencyStyle.auto())
  private final List<String> notes = new ArrayList<>();

  // Epoch-based clock with nanoTime resolution, so intervals from several JVMs share one time axis.
  private static final double EPOCH_OFFSET = System.currentTimeMillis() / 1e3 - System.nanoTime() / 1e9;

  /** An open interval; closing it records (start, now) under its name. */
  public final class Interval implements AutoCloseable {
    private final String name;
    private final double start;

    private Interval(String name) {
      this.name = name;
      this.start = now();
    }

    @Override
    public void close() {
      add(name, start, now());
    }
  }

  private static double now() {
    return EPOCH_OFFSET + System.nanoTime() / 1e9;
  }

  /** Starts timing an interval under {@code name}; use in try-with-resources. */
  public Interval interval(String name) {
    return new Interval(name);
  }

  /** Records one interval (times in seconds on any common clock). */
  public void add(String name, double start, double end) {
    add(name, start, end, Thread.currentThread().getName());
  }

  /** Records one interval on behalf of the named thread. */
  public synchronized void add(String name, double start, double end, String thread) {
    if (!Double.isFinite(start) || !Double.isFinite(end) || end < start) {
      throw new org.rios.errors.ParameterException("Timer '" + name + "': an interval needs finite times with "
          + "end >= start, got " + start + " to " + end);
    }
    intervals.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {start, end});
    threads.computeIfAbsent(name, k -> new ArrayList<>()).add(thread);
  }

  /**
   * Records a timer known only by its summary, e.g. a Beam Distribution metric (sum, count, min, max): it
   * appears in {@link #summary()} and the report, not in {@link #spans()} or {@link #getDurationsForName}.
   * Quartiles unknown to the source should be NaN. A second summary for the same name is combined with it.
   */
  public synchronized void addSummary(String name, TimerSummary s) {
    summaries.merge(name, s, Timers::combine);
  }

  /** Totals, counts and extremes add up; quartiles of two populations are not known from theirs. */
  static TimerSummary combine(TimerSummary a, TimerSummary b) {
    return new TimerSummary(a.tot() + b.tot(), Math.min(a.min(), b.min()), Math.max(a.max(), b.max()), Double.NaN,
        Double.NaN, Double.NaN, a.n() + b.n());
  }

  /** Adds every interval of {@code other} to this collection. */
  public void merge(Timers other) {
    merge(other, "");
  }

  /** A line for the report, under the wall-clock time: a decision the run made and why. */
  public synchronized void addNote(String note) {
    notes.add(note);
  }

  /** The report's notes, in the order they were added. */
  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * Adds every interval of {@code other}, prefixing its thread labels (e.g. "worker 1/") so that timelines
   * tell processes apart.
   */
  public void merge(Timers other, String threadPrefix) {
    if (other == null || other == this) {
      return;
    }
    Map<String, List<double[]>> copy = new LinkedHashMap<>();
    Map<String, List<String>> who = new LinkedHashMap<>();
    Map<String, TimerSummary> sums;
    synchronized (other) {
      other.intervals.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
      other.threads.forEach((k, v) -> who.put(k, new ArrayList<>(v)));
      sums = new LinkedHashMap<>(other.summaries);
    }
    synchronized (this) {
      sums.forEach(this::addSummary);
      copy.forEach((k, v) -> intervals.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      who.forEach((k, v) -> {
        List<String> dst = threads.computeIfAbsent(k, x -> new ArrayList<>());
        v.forEach(t -> dst.add(threadPrefix + t));
      });
    }
  }

  /** One recorded interval with the thread that recorded it, for timelines. */
  public record Span(String name, String thread, double start, double end) {}

  /** Every interval of every timer, with its thread. */
  public synchronized List<Span> spans() {
    List<Span> out = new ArrayList<>();
    intervals.forEach((name, list) -> {
      List<String> who = threads.get(name);
      for (int i = 0; i < list.size(); i++) {
        out.add(new Span(name, who != null && i < who.size() ? who.get(i) : "?", list.get(i)[0], list.get(i)[1]));
      }
    });
    return out;
  }

  /** Durations (seconds) recorded under {@code name}, or null if none. */
  public synchronized List<Double> getDurationsForName(String name) {
    List<double[]> list = intervals.get(name);
    if (list == null) {
      return null;
    }
    List<Double> out = new ArrayList<>(list.size());
    for (double[] p : list) {
      out.add(p[1] - p[0]);
    }
    return out;
  }

  /** The (start, end) pairs recorded under {@code name}, for timelines; empty if none. */
  public synchronized List<double[]> getIntervalsForName(String name) {
    List<double[]> list = intervals.get(name);
    List<double[]> out = new ArrayList<>();
    if (list != null) {
      for (double[] p : list) {
        out.add(p.clone());
      }
    }
    return out;
  }

  /** Timer names present, in recording order (summary-only names after those with intervals). */
  public synchronized List<String> names() {
    List<String> out = new ArrayList<>(intervals.keySet());
    summaries.keySet().stream().filter(k -> !intervals.containsKey(k)).forEach(out::add);
    return out;
  }

  /** Per timer name: total, min, max, quartiles and count of its durations. */
  public Map<String, TimerSummary> summary() {
    Map<String, TimerSummary> out = new LinkedHashMap<>();
    Map<String, TimerSummary> sums;
    synchronized (this) {
      sums = new LinkedHashMap<>(summaries);
    }
    for (String name : names()) {
      List<Double> d = getDurationsForName(name);
      TimerSummary fromIntervals = null;
      if (d != null && !d.isEmpty()) {
        double[] v = d.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        double tot = 0;
        for (double x : v) {
          tot += x;
        }
        fromIntervals = new TimerSummary(tot, v[0], v[v.length - 1], percentile(v, 25), percentile(v, 50),
            percentile(v, 75), v.length);
      }
      TimerSummary only = sums.get(name);
      out.put(name, fromIntervals == null ? only : only == null ? fromIntervals : combine(fromIntervals, only));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Linear-interpolation percentile of sorted values (numpy's default method). */
  static double percentile(double[] sorted, double pct) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double pos = pct / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** The level-0 report: wall-clock time and the total of each timer. */
  public String formatReport() {
    return formatReport(0);
  }

  /**
   * RIOS's timing report, in RIOS's layout: first line the wall-clock elapsed time (from the {@code walltime}
   * timer, which must be present), then, after a blank line, a table of timer totals in a fixed order under a
   * header and a rule of dashes; level 1 and above append, after two blank lines, a table of
   * {@code N,Min,Lower,Median,Upper,Max} per timer, comma-separated. Lines end with '\n', the last one without.
   * Beyond RIOS, lines after the first say what the run chose and why (its notes: {@code auto()}'s choice,
   * GDAL's threads), when it made a choice.
   *
   * @throws org.rios.errors.ParameterException if no walltime was recorded (these are not a run's timers)
   */
  public String formatReport(int level) {
    Map<String, TimerSummary> s = summary();
    TimerSummary wall = s.get(WALLTIME);
    if (wall == null) {
      throw new org.rios.errors.ParameterException("No '" + WALLTIME + "' timer recorded: cannot format a report "
          + "(a run's timers, ApplierReturn.timings(), have one)");
    }
    List<String> lines = new ArrayList<>();
    lines.add("Wall clock elapsed time: " + fixed(wall.tot(), 1) + " seconds");
    lines.addAll(notes());   // beyond RIOS: what the run chose and why (auto(), GDAL threads)
    lines.add("");
    lines.add(String.format(Locale.ROOT, "%-20s       %-11s", "Timer", "Total (sec)"));
    lines.add("-".repeat(32));
    for (String name : REPORT_ORDER) {
      TimerSummary t = s.get(name);
      if (t != null) {
        lines.add(String.format(Locale.ROOT, "%-20s    %8s", name, fixed(t.tot(), 1)));
      }
    }
    if (level > 0) {
      String head = String.format(Locale.ROOT, "%-20s       %s", "Timer", "N,Min,Lower,Median,Upper,Max");
      lines.addAll(List.of("", "", head, "-".repeat(head.length())));
      for (String name : REPORT_ORDER) {
        TimerSummary t = s.get(name);
        if (t != null) {
          lines.add(String.format(Locale.ROOT, "%-20s    %d,%s,%s,%s,%s,%s", name, t.n(), fixed(t.min(), 4),
              fixed(t.lower(), 4), fixed(t.median(), 4), fixed(t.upper(), 4), fixed(t.max(), 4)));
        }
      }
    }
    return String.join("\n", lines);
  }

  /** {@code v} with {@code decimals} decimals as Python's format gives them (the exact value, halves to even). */
  private static String fixed(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
    return new java.math.BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  @Override
  public synchronized String toString() {
    return "Timers" + names();
  }
}
