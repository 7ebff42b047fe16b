package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.function.Predicate;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * A runner support listed on the class path whose runner is not there (rios-runners-config with the Flink
 * runner excluded from its dependencies, as a DirectRunner-only program may do to start faster) is skipped:
 * before, the lookup threw its NoClassDefFoundError at every program that chose another runner.
 */
class RunnerSupportTest {
  /** Listed in this module's test META-INF/services; its runner's classes are "missing". */
  public static final class MissingRunnerSupport implements RunnerSupport {
    static volatile int asked;

    @Override
    public boolean supports(PipelineOptions options) {
      asked++;
      throw new NoClassDefFoundError("org/example/MissingRunner");
    }

    @Override
    public void setDefaults(PipelineOptions options, int numComputeWorkers, Predicate<String> given) {
      throw new AssertionError("a support whose runner is missing is never chosen");
    }
  }

  @Test
  void aSupportWhoseRunnerIsNotOnTheClassPathIsSkipped() {
    int before = MissingRunnerSupport.asked;
    assertThat(RunnerSupport.of(PipelineOptionsFactory.create()).isPresent(), is(false));
    assertThat("the missing runner's support was asked (and failed)", MissingRunnerSupport.asked > before, is(true));
    // and parsing a program's options goes on, with RIOS's own options as given
    RiosPipelineOptions o = RiosOptions.fromArgs("--numComputeWorkers=3");
    assertThat(o.getNumComputeWorkers(), is(3));
  }
}
