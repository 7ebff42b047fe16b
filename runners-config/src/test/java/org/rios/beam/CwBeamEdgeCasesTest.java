package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.ParameterException;
import org.rios.errors.ProcessCancelledException;
import org.rios.progress.Progress;

/**
 * CW_BEAM as every other driver: a cancel from the run's Progress stops it (it ran to its end and wrote its
 * output), an OutOfMemoryError of the function comes through as itself (it came back as RiosIO's private job
 * wrapper), a runner parallelism below 1 and a null pipeline argument are refused naming them, and Beam's
 * default Flink master ([auto], an embedded MiniCluster outside Flink's launcher) stays on 127.0.0.1.
 */
class CwBeamEdgeCasesTest {
  @TempDir File tmp;

  /** Cancels once the bar reaches 20 %. */
  static final class CancelAt20 implements Progress {
    volatile boolean cancelled;

    @Override public void setTotalSteps(int steps) {}
    @Override public void reset() {}
    @Override public void setLabelText(String text) {}

    @Override
    public void setProgress(int p) {
      if (p >= 20) {
        cancelled = true;
      }
    }

    @Override
    public boolean wasCancelled() {
      return cancelled;
    }
  }

  private void slowCopy(ApplierControls c, String out) {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    Applier.apply((info, i, o) -> {
      Thread.sleep(40);
      o.put("out", i.get("img"));
    }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", out), c);
  }

  @Test
  void aCancelFromTheProgressStopsTheRunAndLeavesNoOutput() throws Exception {
    for (List<String> runner : List.of(List.of("--runner=DirectRunner"), org.rios.runners.RunnerProfiles.flinkLocal())) {
      String out = new File(tmp, "cancelled.img").getPath();
      ProcessCancelledException e = assertThrows(ProcessCancelledException.class, () -> slowCopy(
          BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null)).setProgress(new CancelAt20())
              .setBeamPipelineOptions(runner.toArray(new String[0])), out));
      assertThat(e.getMessage(), containsString("cancelled by the user"));
      assertThat(runner + " left its output", new File(out).exists(), is(false));
    }
  }

  @Test
  void anOutOfMemoryErrorOfTheFunctionComesThroughAsItself() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> Applier.apply((info, i, o) -> {
      if (info.getBlockCount().x() == 1 && info.getBlockCount().y() == 1) {
        throw new OutOfMemoryError("a test's");
      }
      o.put("out", i.get("img"));
    }, new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", new File(tmp, "oom.img").getPath()),
        BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null))));
    assertThat(e.getMessage(), is("a test's"));
  }

  @Test
  void aRunnerParallelismBelowOneAndANullArgumentAreRefused() {
    ParameterException direct = assertThrows(ParameterException.class,
        () -> RiosOptions.fromArgs("--runner=DirectRunner", "--targetParallelism=0"));
    assertThat(direct.getMessage(), containsString("--targetParallelism must be at least 1, got 0"));
    ParameterException flink = assertThrows(ParameterException.class,
        () -> RiosOptions.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=-2"));
    assertThat(flink.getMessage(), containsString("--parallelism must be at least 1, got -2"));
    assertThrows(ParameterException.class,
        () -> new ApplierControls().setBeamPipelineOptions("--runner=DirectRunner", null));
  }

  @Test
  void beamsDefaultFlinkMasterIsKeptOnLoopbackToo() throws Exception {
    for (String[] args : new String[][] {{"--runner=FlinkRunner"}, {"--runner=FlinkRunner", "--flinkMaster=[auto]"}}) {
      String dir = RiosOptions.fromArgs(args).as(FlinkPipelineOptions.class).getFlinkConfDir();
      assertThat(String.join(" ", args), dir != null, is(true));
      assertThat(Files.readString(Path.of(dir, "config.yaml")), containsString("jobmanager.bind-host: 127.0.0.1"));
    }
    // a remote master is left alone
    assertThat(RiosOptions.fromArgs("--runner=FlinkRunner", "--flinkMaster=host:8081")
        .as(FlinkPipelineOptions.class).getFlinkConfDir() == null, is(true));
  }
}
