package org.rios.timing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Summary-only timers (from a runner's metrics) appear in summaries and reports, and combine. */
class TimersSummaryTest {
  @Test
  void summaryOnlyTimerIsReportedButHasNoIntervals() {
    Timers t = new Timers();
    t.add(Timers.WALLTIME, 0, 10);
    t.addSummary("userfunction", new TimerSummary(4.0, 0.1, 0.3, Double.NaN, Double.NaN, Double.NaN, 20));
    assertThat(t.names(), is(List.of(Timers.WALLTIME, "userfunction")));
    assertThat(t.summary().get("userfunction").tot(), is(4.0));
    assertThat(t.summary().get("userfunction").n(), is(20));
    assertThat(t.getDurationsForName("userfunction"), is(nullValue()));
    assertThat(t.spans().size(), is(1));
    assertThat(t.formatReport(1), containsString("userfunction"));
  }

  @Test
  void summariesCombineWithIntervalsAndMerge() {
    Timers t = new Timers();
    t.add("reading", 0, 1);
    t.addSummary("reading", new TimerSummary(2.0, 0.5, 1.5, Double.NaN, Double.NaN, Double.NaN, 2));
    TimerSummary s = t.summary().get("reading");
    assertThat(s.tot(), is(3.0));
    assertThat(s.n(), is(3));
    assertThat(s.min(), is(0.5));
    assertThat(s.max(), is(1.5));
    Timers other = new Timers();
    other.merge(t);
    assertThat(other.summary().get("reading").tot(), is(3.0));
  }
}
