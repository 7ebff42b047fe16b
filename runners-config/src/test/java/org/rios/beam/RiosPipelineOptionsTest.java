package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.rios.applier.ApplierControls;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;

/** The ConcurrencyStyle as pipeline options, from the command line and from the controls. */
class RiosPipelineOptionsTest {
  @Test
  void parsesFromTheCommandLine() {
    RiosPipelineOptions o = RiosOptions.fromArgs("--numComputeWorkers=4", "--numReadWorkers=2");
    assertThat(o.getNumComputeWorkers(), is(4));
    assertThat(o.getNumReadWorkers(), is(2));
    assertThat(o.as(DirectOptions.class).getTargetParallelism(), is(4));
  }

  @Test
  void plainPipelineOptionsFactoryKnowsThemToo() {
    RiosPipelineOptions o = PipelineOptionsFactory.fromArgs("--numComputeWorkers=3")
        .withValidation().as(RiosPipelineOptions.class);
    assertThat(o.getNumComputeWorkers(), is(3));
    assertThat(o.getNumReadWorkers(), is(1));
  }

  @Test
  void explicitRunnerParallelismWins() {
    RiosPipelineOptions o = RiosOptions.fromArgs("--numComputeWorkers=4", "--targetParallelism=7");
    assertThat(o.as(DirectOptions.class).getTargetParallelism(), is(7));
    assertThat(o.getNumComputeWorkers(), is(4));
  }

  @Test
  void runnerParallelismAloneSetsTheComputeWorkers() {
    // RiosIO spreads chunks over keys per compute worker: the runner's parallelism must count as workers
    assertThat(RiosOptions.fromArgs(org.rios.runners.RunnerProfiles.direct(5)).getNumComputeWorkers(), is(5));
    assertThat(RiosOptions.fromArgs(org.rios.runners.RunnerProfiles.flinkLocal(3)).getNumComputeWorkers(),
        is(3));
    assertThat(RiosOptions.fromArgs(org.rios.runners.RunnerProfiles.flinkLocal()).getNumComputeWorkers(),
        is(1));
  }

  @Test
  void argumentValuesLastOneWins() {
    assertThat(RiosOptions.value(List.of("--flinkMaster", "[local]"), "flinkMaster"), is("[local]"));
    assertThat(RiosOptions.value(List.of("--a=1", "--a=2"), "a"), is("2"));
    assertThat(RiosOptions.value(List.of("--ab=1"), "a") == null, is(true));
  }

  @Test
  void controlsStyleBecomesPipelineArguments() {
    ApplierControls c = new ApplierControls().setConcurrencyStyle(ConcurrencyStyle.builder()
        .computeWorkerKind(ComputeWorkerKind.CW_BEAM).numComputeWorkers(4).numReadWorkers(2).build())
        .setBeamPipelineOptions("--numReadWorkers=3");
    List<String> args = BeamDriver.pipelineArgs(c);
    assertThat(args, hasItems("--numReadWorkers=3", "--numComputeWorkers=4"));
    assertThat(args.stream().filter(a -> a.startsWith("--numReadWorkers")).count(), is(1L));
  }
}
