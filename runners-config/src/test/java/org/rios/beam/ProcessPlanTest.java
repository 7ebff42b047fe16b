package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.CrashingRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.plan.WorkingPlan;

/** The composite's shape follows computeWorkersRead, from withX or from the command-line options. */
class ProcessPlanTest {
  @TempDir File tmp;

  private List<String> transformNames(Pipeline p) {
    List<String> names = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        names.add(node.getFullName());
        return CompositeBehavior.ENTER_TRANSFORM;
      }

      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        names.add(node.getFullName());
      }
    });
    return names;
  }

  private Pipeline build(Boolean computeWorkersRead, String... args) {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    FilenameAssociations in = new FilenameAssociations().put("img", a);
    FilenameAssociations out = new FilenameAssociations().put("out", new File(tmp, "o.img").getPath());
    WorkingPlan plan = WorkingPlanBuilder.build(in, out, BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
    UserFunctionWithArgs<Void> copy = (info, i, o, x) -> o.put("out", i.get("img"));
    ProcessPlan<Void> process = RiosBeam.process(plan, in, out, copy, null);
    if (computeWorkersRead != null) {
      process = process.withComputeWorkersRead(computeWorkersRead);
    }
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
    p.apply("Rios", process);
    return p;
  }

  private static final String OTHER_RUNNER = "--runner=" + CrashingRunner.class.getName();

  @Test
  void separateReadStepHasAReshuffleAndFusedHasNone() {
    assertThat(transformNames(build(false)), hasItem("Rios/ReadToCompute"));
    assertThat(transformNames(build(true)), not(hasItem("Rios/ReadToCompute")));
    assertThat(transformNames(build(false, OTHER_RUNNER)), hasItem("Rios/ReadToCompute"));
    List<String> fused = transformNames(build(true, OTHER_RUNNER));
    assertThat(fused, not(hasItem("Rios/ReadToCompute")));
    assertThat(fused, hasItem("Rios/Read"));
    assertThat(fused, hasItem("Rios/Compute"));
  }

  @Test
  void fusedOnTheDirectRunnerIsOneDoFnFeedingTheInProcessWriter() {
    List<String> fused = transformNames(build(true));
    assertThat(fused, hasItem("Rios/ReadComputeWrite"));
    assertThat(fused, hasItem("Rios/CountBlocks"));
    assertThat(fused, hasItem("Rios/OtherArgsCopies"));
    assertThat(fused, not(hasItem("Rios/Read")));
    assertThat(fused, not(hasItem("Rios/Compute")));
    // elsewhere the runner fuses the separate steps itself
    assertThat(transformNames(build(true, OTHER_RUNNER)), not(hasItem("Rios/ReadComputeWrite")));
    assertThat(transformNames(build(false)), not(hasItem("Rios/ReadComputeWrite")));
    // ... unless the options make the sink in-process there too (RiosOptions does for Flink [local])
    assertThat(transformNames(build(true, OTHER_RUNNER, "--inProcessWriter=true")), hasItem("Rios/ReadComputeWrite"));
    // and the DirectRunner can be told to shuffle
    List<String> shuffled = transformNames(build(true, "--inProcessWriter=false"));
    assertThat(shuffled, not(hasItem("Rios/ReadComputeWrite")));
    assertThat(shuffled, hasItem("Rios/Write/ToOneWriter"));
  }

  @Test
  void commandLineOptionsChooseTheLayoutWhenTheTransformDoesNot() {
    assertThat(transformNames(build(null, "--computeWorkersRead=false")), hasItem("Rios/ReadToCompute"));
    assertThat(transformNames(build(null)), not(hasItem("Rios/ReadToCompute")));
    assertThat(transformNames(build(null)), is(transformNames(build(true))));
  }

  @Test
  void sinkWritesInProcessOnTheDirectRunnerAndShufflesToOneWriterElsewhere() {
    List<String> direct = transformNames(build(false));
    assertThat(direct, hasItem("Rios/Write/CountBlocks"));
    assertThat(direct, not(hasItem("Rios/Write/ToOneWriter")));
    List<String> other = transformNames(build(null, OTHER_RUNNER));
    assertThat(other, hasItem("Rios/Write/ToOneWriter"));
    assertThat(other, not(hasItem("Rios/Write/CountBlocks")));
  }
}
