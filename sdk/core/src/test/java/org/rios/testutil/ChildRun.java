package org.rios.testutil;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A run of {@link SlowCopyMain} in a child JVM, to be stopped by a signal mid-run: waits until the run is under
 * way (its partial output exists), sends signals, and lists what is left in its directories.
 */
/** A started child run, stopped once its output exists in partial form and a few blocks are done. */
public final class ChildRun {
  private final File tmp;
  public final Process process;
  public final File out;
  public final File partial;
  public final File marker;
  public final File stderr;
  public final File runTmp;

  public ChildRun(File tmp, String style) throws IOException {
    this.tmp = tmp;
    out = new File(tmp, "out.img");
    partial = new File(tmp, "out.img.rios-partial.img");
    marker = new File(tmp, "marker");
    stderr = new File(tmp, "child.err");
    runTmp = new File(tmp, "runtmp");
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    Files.createDirectories(runTmp.toPath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SlowCopyMain.class.getName(), style, in, out.getPath(), marker.getPath(), runTmp.getPath())
        .redirectError(stderr).redirectOutput(new File(tmp, "child.out")).start();
  }

  /** Waits (bounded) until the run is under way: blocks computed and the partial output created. */
  public void awaitMidRun() throws Exception {
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

  public void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(), is(0));
  }

  public int awaitExit() throws Exception {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child did not exit after the signal: " + errors());
    }
    return process.exitValue();
  }

  public String errors() throws IOException {
    return Files.readString(stderr.toPath());
  }

  public List<String> leftovers() throws IOException {
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
