package org.rios.runners;

import java.util.function.Predicate;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.rios.beam.RiosPipelineOptions;
import org.rios.beam.RunnerSupport;

/**
 * RIOS on Beam's DirectRunner: numComputeWorkers is its {@code targetParallelism} (a {@code targetParallelism}
 * given without numComputeWorkers sets numComputeWorkers); immutability and
 * encodability checks are off unless asked for (RIOS user functions may reuse or modify their input arrays,
 * as with the other drivers; the coders are tested, and re-encoding every multi-megabyte block only to check
 * it costs more than the run). Every worker is a thread of this JVM, so the compute workers write their blocks
 * themselves ({@link RiosPipelineOptions#getWritersInProcess}, unless given): the DirectRunner runs every
 * ready compute bundle before the writers' bundles queued behind it, so blocks sent through it to the writers
 * would wait in memory until computing is done.
 */
public final class DirectRunnerSupport implements RunnerSupport {
  @Override
  public boolean supports(PipelineOptions options) {
    return options.getRunner() == DirectRunner.class;
  }

  @Override
  public String parallelismOption() {
    return "targetParallelism";
  }

  @Override
  public int parallelism(PipelineOptions options) {
    return options.as(DirectOptions.class).getTargetParallelism();
  }

  @Override
  public void setDefaults(PipelineOptions options, int numComputeWorkers, Predicate<String> given) {
    DirectOptions direct = options.as(DirectOptions.class);
    if (!given.test("targetParallelism")) {
      direct.setTargetParallelism(numComputeWorkers);
    }
    if (!given.test("enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!given.test("enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
    if (!given.test("writersInProcess")) {
      // every worker of the DirectRunner is a thread of this JVM
      options.as(RiosPipelineOptions.class).setWritersInProcess(true);
    }
  }
}
