package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;
import org.rios.timing.Timeline;
import org.rios.timing.Timers;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A timeline of a real threaded run shows each thread's intervals and is a well-formed SVG. */
class TimelineTest {
  @TempDir File tmp;

  @Test
  void timelineOfAThreadedRunHasOneRowPerThreadWithItsStages() throws Exception {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    ConcurrencyStyle style = ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
    ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", new File(tmp, "o.img")
            .getPath()), new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
            .setWindowSize(100, 100).setConcurrencyStyle(style));
    Set<String> threadsReading = new HashSet<>();
    Set<String> threadsComputing = new HashSet<>();
    for (Timers.Span s : rtn.timings().spans()) {
      if (s.name().equals("reading")) {
        threadsReading.add(s.thread());
      } else if (s.name().equals("userfunction")) {
        threadsComputing.add(s.thread());
      }
    }
    assertThat(threadsReading, is(Set.of("rios-read-0")));
    assertThat("starting the compute threads is timed, as for every kind of worker",
        rtn.timings().getDurationsForName("startcomputeworkers").size(), is(1));
    assertThat(threadsComputing, hasItems("rios-compute-0", "rios-compute-1"));

    File html = new File(tmp, "timeline.html");
    Timeline.writeHtml(rtn.timings(), html.toPath(), "copy");
    String page = Files.readString(html.toPath(), StandardCharsets.UTF_8);
    assertThat(page, containsString("rios-compute-1"));
    assertThat(page, containsString("Wall clock elapsed time"));
    String svg = Timeline.svg(rtn.timings(), "copy");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    NodeList rects = doc.getElementsByTagName("rect");
    // 25 blocks: at least one bar per read, compute and write interval, plus the row backgrounds.
    assertThat(rects.getLength(), greaterThan(75));
  }

  /**
   * The legend has a colour for each timer drawn and only those (an output's COG conversion used to be drawn
   * grey, with no entry), and the report's every timer has a colour of its own.
   */
  @Test
  void theLegendListsTheColoursOfTheTimersDrawn() {
    Timers t = new Timers();
    t.add(Timers.WALLTIME, 100, 110, "main");
    t.add("reading", 100, 101, "main");
    t.add("cogconversion", 108, 109, "main");
    t.add("my own step", 109, 110, "main");
    String page = Timeline.html(t, "cog");
    String legend = page.substring(page.indexOf("</svg>"));
    assertThat(legend, containsString("</span> reading "));
    assertThat(legend, containsString("</span> cogconversion "));
    assertThat(legend, containsString("</span> other "));
    assertThat(legend.contains("userfunction"), is(false));
    String svg = Timeline.svg(t, "cog");
    assertThat(svg.contains("fill=\"#888888\"><title>cogconversion"), is(false));
    assertThat(svg, containsString("fill=\"#888888\"><title>my own step"));
    for (String name : Timers.REPORT_ORDER) {
      Timers one = new Timers();
      one.add(name, 0, 1, "main");
      assertThat(name, Timeline.svg(one, "x").contains("fill=\"#888888\"><title>" + name), is(false));
    }
  }

  /**
   * A CW_BEAM run's stages come from the runner's metrics as totals, with no intervals: the timeline spans the
   * wall clock (it used to show an empty 1-second axis) and says which timers are totals only.
   */
  @Test
  void timersKnownOnlyAsTotalsAreNamedOverTheWallClock() {
    Timers t = new Timers();
    t.add(Timers.WALLTIME, 1000, 1021.2, "main");
    t.addSummary("reading", new org.rios.timing.TimerSummary(3, 0.01, 0.2, Double.NaN, Double.NaN, Double.NaN, 64));
    t.addSummary("writing", new org.rios.timing.TimerSummary(5, 0.01, 0.3, Double.NaN, Double.NaN, Double.NaN, 64));
    String svg = Timeline.svg(t, "beam");
    assertThat(svg, containsString("beam (21.20 s)"));
    assertThat(svg, containsString("Known only as totals (from the runner's metrics; in the report): reading, "
        + "writing"));
    assertThat(Timeline.html(t, "beam"), containsString("Wall clock elapsed time"));
    // timers of no run (no wall clock): a page without the report, not an exception
    Timers loose = new Timers();
    loose.add("reading", 5, 6, "main");
    assertThat(Timeline.html(loose, "loose"), containsString("reading"));
  }
}
