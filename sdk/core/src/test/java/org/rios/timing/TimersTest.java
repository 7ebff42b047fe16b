package org.rios.timing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** Timers: summaries, merging and the layout of RIOS's timing report. */
class TimersTest {
  /** Every name of RIOS's report, in its fixed order. */
  // RIOS's order, with this library's uploading and cogconversion after beforeclose, a Beam writer's wait last
  private static final List<String> ORDER = List.of("reading", "startcomputeworkers", "userfunction", "writing",
      "pyramids", "basicstats", "stats+histogram", "histogram", "beforeclose", "uploading", "cogconversion",
      "insert_readbuffer",
      "pop_readbuffer", "insert_computebuffer", "pop_computebuffer", "pop_writerbuffer");

  @TempDir
  File tmp;

  private static List<String> lines(String report) {
    return Arrays.asList(report.split("\\R", -1));
  }

  /**
   * Records intervals of the given durations under {@code name}. Durations are exact binary fractions and
   * avoid decimal ties at the printed precision (Java's %.1f rounds ties up, Python's to even).
   */
  private static void durations(Timers t, String name, double... d) {
    double start = 1000;
    for (double x : d) {
      t.add(name, start, start + x);
      start += 10;
    }
  }

  @Test
  void reportOrderConstantIsRiosOrder() {
    assertThat(Timers.REPORT_ORDER, is(ORDER));
  }

  /** RIOS's layout: "{:20s}       {:11s}" header, 32 dashes, "{:20s}    {:8.1f}" rows, no trailing newline. */
  @Test
  void levelZeroLayoutListsPresentTimersInFixedOrder() {
    Timers t = new Timers();
    durations(t, Timers.WALLTIME, 12.3125);
    // recorded in a scrambled order, plus a name RIOS does not report
    List<String> scrambled = new ArrayList<>(ORDER);
    java.util.Collections.reverse(scrambled);
    for (int i = 0; i < scrambled.size(); i++) {
      durations(t, scrambled.get(i), 0.5, ORDER.indexOf(scrambled.get(i)) + 0.3125);
    }
    durations(t, "custom", 3);

    String report = t.formatReport(0);
    List<String> l = lines(report);
    assertThat(l.get(0), is("Wall clock elapsed time: 12.3 seconds"));
    assertThat(l.get(1), is(""));
    assertThat(l.get(2), is("Timer                      Total (sec)"));
    assertThat(l.get(3), is("--------------------------------"));
    for (int i = 0; i < ORDER.size(); i++) {
      double total = 0.5 + i + 0.3125;
      assertThat(l.get(4 + i), is(String.format(java.util.Locale.ROOT, "%-20s    %8.1f", ORDER.get(i), total)));
    }
    assertThat(l.get(4), is("reading                      0.8"));
    assertThat(l.get(4 + 14), is("pop_computebuffer           14.8"));
    assertThat(l.size(), is(4 + ORDER.size()));
    assertThat("no trailing line break, as RIOS's", report.endsWith("\n"), is(false));
    assertThat(report, not(containsString("custom")));
    assertThat(t.formatReport(), is(report));
  }

  @Test
  void onlyPresentTimersAreListed() {
    Timers t = new Timers();
    durations(t, Timers.WALLTIME, 2);
    durations(t, "writing", 1, 0.5);
    durations(t, "reading", 0.3125);
    assertThat(t.formatReport(0), is("Wall clock elapsed time: 2.0 seconds\n\n"
        + "Timer                      Total (sec)\n--------------------------------\n"
        + "reading                      0.3\nwriting                      1.5"));
  }

  /** Totals round as Python's format does: the exact value, halves to even (0.25 is "0.2", 0.75 "0.8"). */
  @Test
  void totalsRoundAsPython() {
    Timers t = new Timers();
    durations(t, Timers.WALLTIME, 0.25);
    durations(t, "reading", 0.75);
    List<String> l = lines(t.formatReport(0));
    assertThat(l.get(0), is("Wall clock elapsed time: 0.2 seconds"));
    assertThat(l.get(4), is("reading                      0.8"));
  }

  @Test
  void levelOneAddsQuartileTable() {
    Timers t = new Timers();
    durations(t, Timers.WALLTIME, 20);
    durations(t, "reading", 4, 1, 3, 2);
    durations(t, "userfunction", 0.5);
    String level0 = t.formatReport(0);
    String level1 = t.formatReport(1);
    assertThat(level1.startsWith(level0), is(true));
    assertThat(level1.substring(level0.length()), is("\n\n\n"
        + "Timer                      N,Min,Lower,Median,Upper,Max\n"
        + "-------------------------------------------------------\n"
        + "reading                 4,1.0000,1.7500,2.5000,3.2500,4.0000\n"
        + "userfunction            1,0.5000,0.5000,0.5000,0.5000,0.5000"));
  }

  @Test
  void missingWalltimeIsAnError() {
    Timers t = new Timers();
    durations(t, "reading", 1);
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> t.formatReport(0));
    assertThat(e.getMessage(), containsString("walltime"));
    assertThrows(org.rios.errors.ParameterException.class, () -> new Timers().formatReport(1));
  }

  @Test
  void intervalsMustHaveFiniteOrderedTimes() {
    Timers t = new Timers();
    for (double[] bad : new double[][] {{Double.NaN, 1}, {0, Double.POSITIVE_INFINITY}, {5, 1}}) {
      org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
          () -> t.add("reading", bad[0], bad[1]));
      assertThat(e.getMessage(), containsString("'reading'"));
    }
    t.add("reading", 1, 1);
    assertThat(t.getDurationsForName("reading").size(), org.hamcrest.Matchers.is(1));
  }

  @Test
  void summaryUsesLinearInterpolationQuartiles() {
    Timers t = new Timers();
    durations(t, "five", 5, 1, 4, 2, 3);
    durations(t, "two", 3, 1);
    durations(t, "one", 7);
    Map<String, TimerSummary> s = t.summary();
    assertThat(s.get("five"), is(new TimerSummary(15, 1, 5, 2, 3, 4, 5)));
    assertThat(s.get("two"), is(new TimerSummary(4, 1, 3, 1.5, 2, 2.5, 2)));
    assertThat(s.get("one"), is(new TimerSummary(7, 7, 7, 7, 7, 7, 1)));

    durations(t, "six", 1, 2, 3, 4, 5, 6);
    TimerSummary six = t.summary().get("six");
    assertThat(six.lower(), closeTo(2.25, 1e-12));
    assertThat(six.median(), closeTo(3.5, 1e-12));
    assertThat(six.upper(), closeTo(4.75, 1e-12));
  }

  @Test
  void durationsAndIntervals() {
    Timers t = new Timers();
    assertThat(t.getDurationsForName("reading"), is(nullValue()));
    assertThat(t.getIntervalsForName("reading").isEmpty(), is(true));
    t.add("reading", 10, 12.5);
    assertThat(t.getDurationsForName("reading"), is(List.of(2.5)));
    assertThat(t.getIntervalsForName("reading").get(0), is(new double[] {10, 12.5}));
    try (Timers.Interval i = t.interval("userfunction")) {
      assertThat(t.getDurationsForName("userfunction"), is(nullValue())); // recorded on close
    }
    assertThat(t.getDurationsForName("userfunction").get(0), greaterThanOrEqualTo(0.0));
    assertThat(t.names(), is(List.of("reading", "userfunction")));
  }

  @Test
  void mergeAddsEveryIntervalOfTheOther() {
    Timers a = new Timers();
    Timers b = new Timers();
    durations(a, "reading", 1);
    durations(b, "reading", 2, 3);
    durations(b, "userfunction", 5);
    a.merge(b);
    assertThat(a.getDurationsForName("reading"), is(List.of(1.0, 2.0, 3.0)));
    assertThat(a.getDurationsForName("userfunction"), is(List.of(5.0)));
    assertThat(b.getDurationsForName("reading"), is(List.of(2.0, 3.0)));
    a.merge(a);
    a.merge(null);
    assertThat(a.getDurationsForName("reading"), is(List.of(1.0, 2.0, 3.0)));
    assertThat(a.summary().get("reading").tot(), is(6.0));
  }

  @Test
  void reportOfARealRunHasTheStageTimers() {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String out = new File(tmp, "copy.tif").getPath();
    ApplierControls controls = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName("GTiff").setOverviewMinDim(64); // 500 / 4 = 125 > 64: one overview level
    ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("in")),
        new FilenameAssociations().put("in", in), new FilenameAssociations().put("out", out), controls);
    Timers t = rtn.timings();
    for (String name : List.of(Timers.WALLTIME, "reading", "userfunction", "writing", "basicstats", "histogram",
        "pyramids")) {
      assertThat(t.names(), hasItem(name));
    }
    assertThat(t.getDurationsForName("reading").size(), is(4));
    assertThat(t.getDurationsForName("userfunction").size(), is(4));
    // one interval per block, as RIOS times it, and the final flush (it used to be two per block)
    assertThat(t.getDurationsForName("writing").size(), is(4 + 1));
    assertThat(t.getDurationsForName(Timers.WALLTIME).size(), is(1));

    List<String> l = lines(t.formatReport(0));
    assertThat(l.get(0).matches("Wall clock elapsed time: \\d+\\.\\d seconds"), is(true));
    List<String> names = new ArrayList<>();
    for (String line : l.subList(4, l.size())) {
      names.add(line.split("\\s+")[0]);
    }
    assertThat(names.containsAll(List.of("reading", "userfunction", "writing", "pyramids", "basicstats",
        "histogram")), is(true));
    List<String> sortedByRiosOrder = new ArrayList<>(names);
    sortedByRiosOrder.sort((x, y) -> Integer.compare(ORDER.indexOf(x), ORDER.indexOf(y)));
    assertThat(names, is(sortedByRiosOrder));
    assertThat(names.contains(Timers.WALLTIME), is(false));
  }
}
