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
}
