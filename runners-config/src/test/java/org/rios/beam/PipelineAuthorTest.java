package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.testutil.TestRasters;

/**
 * A pipeline author runs one job planned on the launcher ({@link RiosBeam#process}, the single-job case of
 * RiosIO) inside a pipeline with steps of their own on its records; the output equals a sequential run, and
 * a failing user function leaves nothing behind.
 */
class PipelineAuthorTest {
  @TempDir File tmp;

  private static final UserFunctionWithArgs<Void> COPY = (info, in, out, a) -> out.put("out", in.get("img"));

  @Test
  void oneJobThenOwnStepsOnItsRecord() throws Exception {
    FilenameAssociations in = new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "a.img", false));
    String outFile = new File(tmp, "beam.img").getPath();
    FilenameAssociations out = new FilenameAssociations().put("out", outFile);
    ApplierControls controls = BeamFixtures.controls(tmp, ConcurrencyStyle.none());
    WorkingPlan plan = WorkingPlanBuilder.build(in, out, controls);

    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--numComputeWorkers=2"));
    RiosWriteResult r = p.apply("Copy", RiosBeam.process(plan, in, out, COPY, null).withJobId("scene1"));
    Path index = tmp.toPath().resolve("index.bin");
    r.writtenRasters()
        .apply("Describe", MapElements.into(TypeDescriptors.strings())
            .via((WrittenRaster w) -> w.jobId() + " " + w.name() + " " + w.width() + "x" + w.height()))
        .apply("Index", CollectToFile.to(index));
    p.run().waitUntilFinish();

    assertThat(CollectToFile.read(index, StringUtf8Coder.of()), is(List.of("scene1 out 500x500")));
    String seq = new File(tmp, "seq.img").getPath();
    Applier.apply((info, i, o) -> o.put("out", i.get("img")), in, new FilenameAssociations().put("out", seq), controls);
    assertThat(TestRasters.read(outFile).contentEquals(TestRasters.read(seq)), is(true));
    assertThat(BeamFixtures.statistics(outFile, 1), is(BeamFixtures.statistics(seq, 1)));
  }

  /** Copies "img" to "out" but fails from block row 4 on, after earlier blocks were written. */
  private static final UserFunctionWithArgs<Void> FAIL_LATE = (info, i, o, x) -> {
    if (info.getBlockCount().y() >= 4) {
      throw new IllegalStateException("late failure");
    }
    o.put("out", i.get("img"));
  };

  @Test
  void aFailingUserFunctionFailsThePipelineNamingTheJobAndLeavesNothing() {
    FilenameAssociations in = new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "a.img", false));
    File outDir = new File(tmp, "out");
    outDir.mkdirs();
    String outFile = new File(outDir, "failed.img").getPath();
    FilenameAssociations out = new FilenameAssociations().put("out", outFile);
    WorkingPlan plan = WorkingPlanBuilder.build(in, out, BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--numComputeWorkers=2"));
    p.apply(RiosBeam.process(plan, in, out, FAIL_LATE, null).withJobId("late"));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(BeamDriver.rootCause(e).getMessage(), containsString("late failure"));
    assertThat(String.valueOf(e), containsString("Job 'late'"));
    assertThat("nothing left in " + outDir + ", open here: " + OutputWriters.openCount(), outDir.list(), emptyArray());
    assertThat(OutputWriters.openCount(), is(0));
  }
}
