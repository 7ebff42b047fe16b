package org.rios.runners;

import java.util.function.Predicate;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.rios.beam.RiosPipelineOptions;
import org.rios.beam.RunnerSupport;

/**
 * RIOS on Beam's FlinkRunner: numComputeWorkers is Flink's {@code parallelism}. For an embedded MiniCluster
 * ({@code --flinkMaster=[local]}) every task runs in this JVM, so the in-process writer is used unless
 * {@code inProcessWriter=false}, with no task restarts (a restarted task would send its blocks to the writer
 * a second time; also none from a restart strategy in a Flink configuration), and, unless a Flink
 * configuration directory is given, one that keeps the MiniCluster on 127.0.0.1 ({@link EmbeddedFlinkConf}).
 * Flink tears each task's DoFns down at the end of the task, so a teardown does not mean a failure.
 */
public final class FlinkRunnerSupport implements RunnerSupport {
  private static final String LOCAL = "[local]";

  @Override
  public boolean supports(PipelineOptions options) {
    return options.getRunner() == FlinkRunner.class;
  }

  @Override
  public void setDefaults(PipelineOptions options, int numComputeWorkers, Predicate<String> given) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (!given.test("parallelism")) {
      flink.setParallelism(numComputeWorkers);
    }
    if (!LOCAL.equals(flink.getFlinkMaster())) {
      return;
    }
    if (!given.test("flinkConfDir") && System.getenv("FLINK_CONF_DIR") == null) {
      flink.setFlinkConfDir(EmbeddedFlinkConf.directory().toString());
    }
    RiosPipelineOptions rios = options.as(RiosPipelineOptions.class);
    if (rios.getInProcessWriter() == null && withoutRetries(flink)) {
      if (!given.test("numberOfExecutionRetries")) {
        flink.setNumberOfExecutionRetries(0);
      }
      rios.setInProcessWriter(true);
    }
  }

  /** {@code [local]} without task retries or checkpointing (with which Flink restarts failed tasks). */
  @Override
  public boolean singleJvmWithoutRetries(PipelineOptions options) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    return LOCAL.equals(flink.getFlinkMaster()) && withoutRetries(flink);
  }

  private static boolean withoutRetries(FlinkPipelineOptions flink) {
    Integer retries = flink.getNumberOfExecutionRetries();
    Long checkpoints = flink.getCheckpointingInterval();
    return (retries == null || retries <= 0) && (checkpoints == null || checkpoints <= 0);
  }

  @Override
  public boolean teardownOnlyAtEnd(PipelineOptions options) {
    return false;
  }
}
