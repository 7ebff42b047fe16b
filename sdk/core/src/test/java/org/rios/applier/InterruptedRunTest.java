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
import org.rios.testutil.ChildRun;
import org.rios.testutil.OutputSafetyScenarios;
import org.rios.testutil.TestRasters;

/**
 * A run in a child JVM, stopped by a signal mid-run: a scheduler's SIGTERM, Ctrl-C's SIGINT, a closed
 * terminal's SIGHUP, or SIGKILL. The first three leave nothing behind (no output at the final path, no
 * partial output, no temp directory, no worker process) and exit non-zero with one line saying so; SIGKILL
 * leaves only a clearly partial file, which the next run of the same output removes. CW_BEAM's cases are in
 * rios-runners-config's tests, beside the runners.
 */
class InterruptedRunTest {
  @TempDir File tmp;

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"TERM, none", "INT, none", "HUP, none", "TERM, threads", "TERM, subproc", "INT, subproc"})
  void aSignalMidRunLeavesNothingAndExitsNonZero(String signal, String style) throws Exception {
    OutputSafetyScenarios.signalMidRunLeavesNothing(tmp, signal, style);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"none", "subproc"})
  void aKilledRunLeavesOnlyAPartialFileThatTheNextRunRemoves(String style) throws Exception {
    ChildRun child = new ChildRun(tmp, style);
    child.awaitMidRun();
    child.signal("KILL");
    child.awaitExit();
    child.process.descendants().forEach(ProcessHandle::destroyForcibly);
    assertThat(child.out.exists(), is(false));
    assertThat(child.leftovers(), hasItem("out.img.rios-partial.img"));
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
