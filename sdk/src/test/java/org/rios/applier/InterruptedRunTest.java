package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rios.array.RasterArray;
import org.rios.progress.SilentProgress;
import org.rios.testutil.SlowCopyMain;
import org.rios.testutil.TestRasters;

/**
 * A run in a child JVM, stopped by a signal mid-run: a scheduler's SIGTERM, Ctrl-C's SIGINT, a closed
 * terminal's SIGHUP, or SIGKILL. The first three leave nothing behind (no output at the final path, no
 * partial output, no temp directory, no worker process) and exit non-zero with one line saying so; SIGKILL
 * leaves only a clearly partial file, which the next run of the same output removes.
 */
class InterruptedRunTest {
  @TempDir File tmp;

  /** A started child run, stopped once its output exists in partial form and a few blocks are done. */
  private final class Child {
    final Process process;
    final File out = new File(tmp, "out.img");
    final File partial = new File(tmp, "out.rios-partial.img");
    final File marker = new File(tmp, "marker");
    final File stderr = new File(tmp, "child.err");
    final File runTmp = new File(tmp, "runtmp");

    Child(String style) throws IOException {
      String in = TestRasters.rampFile(new File(tmp, "in.img"));
      Files.createDirectories(runTmp.toPath());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          SlowCopyMain.class.getName(), style, in, out.getPath(), marker.getPath(), runTmp.getPath())
          .redirectError(stderr).redirectOutput(new File(tmp, "child.out")).start();
    }

    /** Waits (bounded) until the run is under way: blocks computed and the partial output created. */
    void awaitMidRun() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(marker.exists() && partial.exists())) {
        if (!process.isAlive()) {
          throw new AssertionError("child ended early with " + process.exitValue() + ": " + errors());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("child never got mid-run: " + errors());
        }
        Thread.sleep(20);
      }
      assertThat("the final path stays empty while the output is written", out.exists(), is(false));
    }

    void signal(String name) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor(), is(0));
    }

    int awaitExit() throws Exception {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child did not exit after the signal: " + errors());
      }
      return process.exitValue();
    }

    String errors() throws IOException {
      return Files.readString(stderr.toPath());
    }

    List<String> leftovers() throws IOException {
      List<String> names = new ArrayList<>();
      try (Stream<Path> s = Files.list(tmp.toPath())) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out")).forEach(names::add);
      }
      try (Stream<Path> s = Files.list(runTmp.toPath())) {
        s.map(p -> "runtmp/" + p.getFileName()).forEach(names::add);
      }
      return names;
    }
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"TERM, none", "INT, none", "HUP, none", "TERM, threads", "TERM, subproc", "INT, subproc",
      "TERM, beam"})
  void aSignalMidRunLeavesNothingAndExitsNonZero(String signal, String style) throws Exception {
    Child child = new Child(style);
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

  @ParameterizedTest(name = "{0}")
  @CsvSource({"none", "subproc"})
  void aKilledRunLeavesOnlyAPartialFileThatTheNextRunRemoves(String style) throws Exception {
    Child child = new Child(style);
    child.awaitMidRun();
    child.signal("KILL");
    child.awaitExit();
    child.process.descendants().forEach(ProcessHandle::destroyForcibly);
    assertThat(child.out.exists(), is(false));
    assertThat(child.leftovers(), hasItem("out.rios-partial.img"));
    assertThat("the killed run's temp directory is left", child.leftovers().stream()
        .anyMatch(n -> n.startsWith("runtmp/rios_")), is(true));

    String in = new File(tmp, "in.img").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", child.out.getPath()),
        new ApplierControls().setProgress(new SilentProgress()).setTempdir(child.runTmp.getPath()));
    assertThat("no partial file, and the killed run's temp directory is gone too", child.leftovers().stream()
        .filter(n -> n.contains("rios-partial") || n.startsWith("runtmp/")).collect(Collectors.toList()), empty());
    RasterArray got = TestRasters.read(child.out.getPath());
    assertThat(got.contentEquals(TestRasters.read(in)), is(true));
  }

  @Test
  void aNormalRunRegistersNothingForShutdown() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", new File(tmp, "o.img").getPath()),
        new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()));
    assertThat(org.rios.lifecycle.ShutdownCleanup.liveCount(), equalTo(0));
  }
}
