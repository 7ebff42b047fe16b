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
    assertThat(bar.isEnabled(), is(System.console() != null));
    if (!bar.isEnabled()) {
      assertThat(buf.toString(StandardCharsets.UTF_8), is(""));
    }
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
