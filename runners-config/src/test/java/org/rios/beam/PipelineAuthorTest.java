package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.array.RasterArray;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.testutil.TestRasters;

/**
 * A pipeline author mixes the RIOS transforms with Beam steps of their own: a MapElements stage between
 * compute and write that rescales every output array, and a Count of the blocks; the written raster equals
 * a sequential run of the composed function.
 */
class PipelineAuthorTest {
  @TempDir File tmp;

  private static final UserFunctionWithArgs<Void> COPY = (info, in, out, a) -> out.put("out", in.get("img"));

  @ParameterizedTest(name = "inProcessWriter={0}")
  @ValueSource(booleans = {true, false})
  void ownStepsBetweenComputeAndWrite(boolean inProcessWriter) throws Exception {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    FilenameAssociations in = new FilenameAssociations().put("img", a);
    FilenameAssociations out = new FilenameAssociations().put("out", new File(tmp, "beam.img").getPath());
    ApplierControls controls = BeamFixtures.controls(tmp, ConcurrencyStyle.none());
    WorkingPlan plan = WorkingPlanBuilder.build(in, out, controls);

    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--numComputeWorkers=2"));
    PCollection<BlockDefn> blocks = p.apply("Blocks", RiosBeam.readBlocks(plan).withBlocksPerSplit(3));
    PCollection<Long> blockCount = blocks.apply("CountBlocks", Count.globally());
    Computed<Void> computed = blocks
        .apply("Read", RiosBeam.read(plan, in))
        .apply("Copy", RiosBeam.applyFunction(plan, COPY, null));
    PCollection<KV<BlockDefn, BlockAssociations>> doubled = computed.blocks()
        .apply("KeepAll", Filter.by(kv -> kv.getKey().index() >= 0))
        .apply("Double", MapElements.into(new TypeDescriptor<KV<BlockDefn, BlockAssociations>>() {})
            .via(kv -> KV.of(kv.getKey(), doubled(kv.getValue()))));
    doubled.apply("Write", RiosBeam.write(plan, out).withInProcessWriter(inProcessWriter));
    Path countFile = tmp.toPath().resolve("count.bin");
    blockCount.apply("CollectCount", CollectToFile.to(countFile));
    p.run().waitUntilFinish();

    assertThat(CollectToFile.read(countFile, VarLongCoder.of()), is(List.of(25L)));
    String seq = new File(tmp, "seq.img").getPath();
    Applier.apply((info, i, o) -> o.put("out", doubled(i).find("img", null)), in,
        new FilenameAssociations().put("out", seq), controls);
    assertThat(TestRasters.read(out.get("out")).contentEquals(TestRasters.read(seq)), is(true));
    assertThat(BeamFixtures.statistics(out.get("out"), 1), is(BeamFixtures.statistics(seq, 1)));
  }

  @ParameterizedTest(name = "inProcessWriter={0}")
  @ValueSource(booleans = {true, false})
  void sinkRefusesAnIncompleteSetOfBlocksAndLeavesNoOutput(boolean inProcessWriter) {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    FilenameAssociations in = new FilenameAssociations().put("img", a);
    String outFile = new File(tmp, "partial.img").getPath();
    FilenameAssociations out = new FilenameAssociations().put("out", outFile);
    WorkingPlan plan = WorkingPlanBuilder.build(in, out, BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
    Pipeline p = Pipeline.create(RiosOptions.fromArgs());
    p.apply(RiosBeam.readBlocks(plan))
        .apply(RiosBeam.read(plan, in))
        .apply(RiosBeam.applyFunction(plan, COPY, null)).blocks()
        .apply("DropBlock3", Filter.by(kv -> kv.getKey().index() != 3))
        .apply(RiosBeam.write(plan, out).withInProcessWriter(inProcessWriter));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(BeamDriver.rootCause(e).getMessage(), containsString("received 24 of the plan's 25 blocks"));
    assertThat(new File(outFile).exists(), is(false));
  }

  /** Copies "img" to "out" but fails from block row 4 on, after earlier blocks were written. */
  private static final UserFunctionWithArgs<Void> FAIL_LATE = (info, i, o, x) -> {
    if (info.getBlockCount().y() >= 4) {
      throw new IllegalStateException("late failure");
    }
    o.put("out", i.get("img"));
  };

  /** Runs {@code p}, expects FAIL_LATE's failure, and no output or open writer after. */
  private void assertLateFailureLeavesNothing(Pipeline p, String outFile) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(BeamDriver.rootCause(e).getMessage(), containsString("late failure"));
    assertThat(new File(outFile).exists(), is(false));
    assertThat(InProcessSinks.openCount(), is(0));
  }

  @Test
  void userFunctionFailureOnTheInProcessPathDeletesThePartialOutputAndClosesTheWriter() {
    FilenameAssociations in = new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "a.img", false));
    String outFile = new File(tmp, "failed.img").getPath();
    FilenameAssociations out = new FilenameAssociations().put("out", outFile);
    WorkingPlan plan = WorkingPlanBuilder.build(in, out, BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
    Pipeline p = Pipeline.create(RiosOptions.fromArgs());
    p.apply(RiosBeam.readBlocks(plan))
        .apply(RiosBeam.read(plan, in))
        .apply(RiosBeam.applyFunction(plan, FAIL_LATE, null)).blocks()
        .apply(RiosBeam.write(plan, out));
    assertLateFailureLeavesNothing(p, outFile);
  }

  @ParameterizedTest(name = "computeWorkersRead={0}")
  @ValueSource(booleans = {true, false})
  void userFunctionFailureInTheProcessCompositeDeletesThePartialOutput(boolean computeWorkersRead) {
    FilenameAssociations in = new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "a.img", false));
    String outFile = new File(tmp, "failed.img").getPath();
    FilenameAssociations out = new FilenameAssociations().put("out", outFile);
    WorkingPlan plan = WorkingPlanBuilder.build(in, out, BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--numComputeWorkers=2"));
    p.apply(RiosBeam.process(plan, in, out, FAIL_LATE, null).withComputeWorkersRead(computeWorkersRead));
    assertLateFailureLeavesNothing(p, outFile);
  }

  /** Every array of a block (single entries) times two, as the author's own step would. */
  static BlockAssociations doubled(BlockAssociations b) {
    BlockAssociations out = new BlockAssociations();
    for (String name : b.names()) {
      RasterArray x = b.find(name, null).copy();
      for (int i = 0; i < x.size(); i++) {
        x.setDoubleAt(i, x.getDoubleAt(i) * 2);
      }
      out.put(name, x);
    }
    return out;
  }
}
