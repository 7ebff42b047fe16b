package org.rios.progress;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.testutil.TestRasters;

/** The applier reports each new integer percentage once; the terminal bar is silent without a terminal. */
class ProgressTest {
  @TempDir File tmp;

  @Test
  void logProgressGetsEveryNewPercentageOnce() {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ApplierControls c = new ApplierControls().setTempdir(tmp.getPath()).setWindowSize(100, 100)
        .setProgress(new LogProgress(new PrintStream(buf, true, StandardCharsets.UTF_8)));
    Applier.apply((info, inputs, outputs) -> { }, new FilenameAssociations().put("in", in),
        new FilenameAssociations(), c);
    List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    // 25 blocks: 0% before the first, then 4% per block.
    assertThat(lines.size(), is(26));
    assertThat(lines.subList(0, 3), contains("0%", "4%", "8%"));
    assertThat(lines.get(25), is("100%"));
  }

  @Test
  void terminalBarIsSilentWhenOutputIsNotATerminal() {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    TerminalProgressBar bar = new TerminalProgressBar();
    try {
      System.setErr(capture);
      System.setOut(capture);
      Applier.apply((info, inputs, outputs) -> { }, new FilenameAssociations().put("in", in),
          new FilenameAssociations(), new ApplierControls().setTempdir(tmp.getPath()).setProgress(bar));
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
    assertThat(bar.isEnabled(), is(TerminalProgressBar.stderrIsTerminal()));
    if (!bar.isEnabled()) {
      assertThat(buf.toString(StandardCharsets.UTF_8), is(""));
    }
  }

  @Test
  void theBarIsDrawnOnlyWhereStandardErrorIsATerminal() {
    assertThat(TerminalProgressBar.isTerminalDevice("/dev/pts/3"), is(true));
    assertThat(TerminalProgressBar.isTerminalDevice("/dev/tty1"), is(true));
    assertThat(TerminalProgressBar.isTerminalDevice("pipe:[48213]"), is(false));
    assertThat(TerminalProgressBar.isTerminalDevice("/tmp/run.log"), is(false));
    assertThat(TerminalProgressBar.isTerminalDevice("/dev/null"), is(false));
    // under the test runner standard error is a pipe to it, whatever the console says
    if (new File("/proc/self/fd/2").exists()) {
      assertThat(TerminalProgressBar.stderrIsTerminal(), is(false));
    }
  }

  /** A run that fails ends the bar's line: it used to go on redrawing its last state every 200 ms. */
  @Test
  void aFailedRunFinishesTheBar() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    TerminalProgressBar bar = new TerminalProgressBar(true, new PrintStream(buf, true, StandardCharsets.UTF_8));
    for (org.rios.concurrency.ConcurrencyStyle style : List.of(org.rios.concurrency.ConcurrencyStyle.none(),
        org.rios.concurrency.ConcurrencyStyle.builder().numReadWorkers(1)
            .computeWorkerKind(org.rios.concurrency.ComputeWorkerKind.CW_THREADS).numComputeWorkers(2).build())) {
      buf.reset();
      java.util.concurrent.atomic.AtomicInteger blocks = new java.util.concurrent.atomic.AtomicInteger();
      org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Applier.apply(
          (info, inputs, outputs) -> {
            if (blocks.incrementAndGet() == 8) {
              throw new IllegalStateException("fails at block 8");
            }
            outputs.put("out", inputs.get("in"));
          }, new FilenameAssociations().put("in", in), new FilenameAssociations().put("out",
              new File(tmp, "out.img").getPath()),
          new ApplierControls().setTempdir(tmp.getPath()).setWindowSize(100, 100).setProgress(bar)
              .setConcurrencyStyle(style)));
      String atFailure = buf.toString(StandardCharsets.UTF_8);
      Thread.sleep(700);
      assertThat(style.toString(), buf.toString(StandardCharsets.UTF_8), is(atFailure));
      assertThat(style.toString(), atFailure.endsWith(System.lineSeparator()) || atFailure.endsWith("\n"), is(true));
    }
  }

  /**
   * Pyramids built after the blocks (AVERAGE, not single-pass) are a phase of their own: the blocks' bar is
   * ended at 100 %, and the pyramids' bar is a new line with its label (it used to take the blocks' bar back to
   * 0 % with the label as an extra message).
   */
  @Test
  void pyramidsAfterTheBlocksHaveTheirOwnBar() {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    TerminalProgressBar bar = new TerminalProgressBar(true, new PrintStream(buf, true, StandardCharsets.UTF_8));
    // twice with the same bar: the second run's blocks are "rios" again, not the last phase's label
    for (int run = 0; run < 2; run++) {
      buf.reset();
      Applier.apply((info, inputs, outputs) -> {
        outputs.put("out", inputs.get("in"));
        outputs.put("out2", inputs.get("in"));
      }, new FilenameAssociations().put("in", in), new FilenameAssociations()
          .put("out", new File(tmp, "pyr.img").getPath()).put("out2", new File(tmp, "pyr2.img").getPath()),
          new ApplierControls().setTempdir(tmp.getPath()).setWindowSize(100, 100).setProgress(bar)
              .setOutputDriverName("HFA").setOverviewAggregationType("AVERAGE").setOverviewMinDim(16));
      // each render starts with a carriage return; a bar's line ends with a newline
      List<String> lines = java.util.Arrays.stream(buf.toString(StandardCharsets.UTF_8).split("\n"))
          .filter(l -> !l.isBlank()).collect(Collectors.toList());
      assertThat(String.join("|", lines), lines.size(), is(3));
      String blocks = lastRender(lines.get(0));
      assertThat(blocks, blocks.startsWith("rios 100%"), is(true));
      for (String line : lines.subList(1, 3)) {
        String pyramids = lastRender(line);
        assertThat("each output's pyramids on a bar of their own: " + pyramids,
            pyramids.startsWith("Computing Pyramid Layers... 100%"), is(true));
      }
    }
  }

  private static String lastRender(String line) {
    return line.substring(line.lastIndexOf('\r') + 1);
  }

  @Test
  void terminalBarDrawsWhenEnabled() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    TerminalProgressBar bar = new TerminalProgressBar(true, new PrintStream(buf, true, StandardCharsets.UTF_8));
    bar.setTotalSteps(100);
    bar.setProgress(50);
    bar.setProgress(100);
    bar.finish();
    assertThat(buf.toString(StandardCharsets.UTF_8).contains("100%"), is(true));
  }
}
