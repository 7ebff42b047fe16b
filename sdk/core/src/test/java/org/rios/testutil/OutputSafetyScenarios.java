package org.rios.testutil;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockInfo;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.array.RasterArray;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.RiosException;
import org.rios.progress.SilentProgress;

/**
 * The data-safety scenarios every concurrency style must pass (atomic outputs, signals mid-run), shared by
 * rios-core's tests (native styles) and rios-runners-config's (CW_BEAM on real runners).
 */
public final class OutputSafetyScenarios {
  private OutputSafetyScenarios() {}

  private static ApplierControls controls(File tmp, ConcurrencyStyle style) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100)
        .setConcurrencyStyle(style);
  }

  private static List<String> names(File tmp) throws IOException {
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out")).sorted()
          .collect(Collectors.toList());
    }
  }

  /** Records, from inside the user function (whatever process runs it), what the output directory holds. */
  static final class Observer implements UserFunction {
    private static final long serialVersionUID = 1L;
    final String dir;
    final String finalName;

    Observer(String dir, String finalName) {
      this.dir = dir;
      this.finalName = finalName;
    }

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      if (info.isLastBlock() && new File(dir, finalName).exists()) {
        throw new IllegalStateException("final output exists before the run has finished");
      }
      outputs.put("out", inputs.get("img"));
    }
  }

  /** A copy in {@code tmp} with {@code style}: the final path appears only at the end, complete. */
  public static void finalPathAppearsOnlyWhenComplete(File tmp, ConcurrencyStyle style) throws IOException {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.img").getPath();
    Applier.apply(new Observer(tmp.getPath(), "out.img"), new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out), controls(tmp, style).setCalcStats(true));
    assertThat(names(tmp).stream().filter(n -> n.contains("rios-partial")).collect(Collectors.toList()), empty());
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(in)), is(true));
    assertThat(TestRasters.bandMetadata(out, 1, "STATISTICS_MAXIMUM"), equalTo("100"));
  }

  /** A copy in {@code tmp} with {@code style} that fails at its last block over an earlier output. */
  public static void failedRunLeavesTheEarlierOutput(File tmp, ConcurrencyStyle style) throws IOException {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.img").getPath();
    String earlier = TestRasters.rampFile(new File(out), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
    RasterArray before = TestRasters.read(earlier);
    UserFunction failsLate = (info, inputs, outputs) -> {
      if (info.isLastBlock()) {
        throw new IllegalStateException("boom");
      }
      outputs.put("out", inputs.get("img"));
    };
    RiosException e = assertThrows(RiosException.class, () -> Applier.apply(failsLate,
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        controls(tmp, style)));
    assertThat(e.toString() + (e.getCause() == null ? "" : e.getCause()), containsString("boom"));
    assertThat(names(tmp), equalTo(List.of("out.img")));
    assertThat(TestRasters.read(out).contentEquals(before), is(true));
  }

  /**
   * Runs {@link SlowCopyMain} with {@code style} in a child JVM, sends {@code signal} mid-run, and checks the
   * child exits non-zero with one "run interrupted" line, leaving no output, partial file, temp directory or
   * worker process.
   */
  public static void signalMidRunLeavesNothing(File tmp, String signal, String style) throws Exception {
    ChildRun child = new ChildRun(tmp, style);
    child.awaitMidRun();
    List<ProcessHandle> workers = child.process.descendants().collect(Collectors.toList());
    if (style.equals("subproc")) {
      assertThat("CW_SUBPROC workers are running", workers.size(), equalTo(2));
    }
    child.signal(signal);
    int code = child.awaitExit();
    assertThat(code, not(equalTo(0)));
    String err = child.errors();
    assertThat(err, err.lines().filter(l -> l.contains("run interrupted")).count(), equalTo(1L));
    assertThat(child.leftovers(), empty());
    for (ProcessHandle w : workers) {
      w.onExit().get(30, TimeUnit.SECONDS);
      assertThat("worker " + w.pid() + " stopped", w.isAlive(), is(false));
    }
  }
}
