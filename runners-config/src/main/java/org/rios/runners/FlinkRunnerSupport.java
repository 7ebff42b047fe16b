package org.rios.runners;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.rios.beam.RiosPipelineOptions;
import org.rios.beam.RunnerSupport;
import org.rios.errors.ParameterException;

/**
 * RIOS on Beam's FlinkRunner: numComputeWorkers is Flink's {@code parallelism} (a {@code parallelism} given
 * without numComputeWorkers sets numComputeWorkers), and the pipeline runs in
 * Flink's streaming mode unless {@code --streaming} is given. RIOS writes each output file with a keyed
 * stateful step; Flink's batch mode runs such a step only after sorting every block of every output (spilled
 * to disk), so writing could not overlap reading and computing, where streaming mode writes the blocks as
 * they come (measured on 4 NDVI jobs of 4096² on [local]: 27.3 s and 2.8 GB peak RSS in batch mode, 17.6 s
 * and 1.7 GB streaming). Elements pass between chained steps without the coder's deep copy ({@code
 * fasterCopy}, unless given): RIOS's steps never change an element after emitting or receiving it, as Beam's
 * model requires of every step, and a chunk of blocks is megabytes. For an embedded MiniCluster
 * ({@code --flinkMaster=[local]}, and Beam's default {@code [auto]} outside Flink's own launcher), unless a Flink
 * configuration directory is given, one that keeps it on 127.0.0.1 ({@link EmbeddedFlinkConf}), and, for
 * {@code [local]}, since
 * every task then runs in this JVM, compute workers that write their blocks themselves ({@link
 * RiosPipelineOptions#getWritersInProcess}, unless given), as long as a failure ends the job (no restart
 * strategy, no checkpointing): a restarted attempt recovers its outputs by re-sending their blocks to the
 * writer steps.
 */
public final class FlinkRunnerSupport implements RunnerSupport {
  private static final String LOCAL = "[local]";
  private static final String AUTO = "[auto]";

  /**
   * Whether Flink restarts a failed job: a restart strategy, or checkpointing (which brings one), in the
   * pipeline options or in the Flink configuration the runner loads (the {@code flinkConfDir} option, else
   * {@code FLINK_CONF_DIR}).
   */
  static boolean restarts(FlinkPipelineOptions flink) {
    Integer retries = flink.getNumberOfExecutionRetries();
    Long checkpointing = flink.getCheckpointingInterval();
    if ((retries != null && retries > 0) || (checkpointing != null && checkpointing > 0)) {
      return true;
    }
    String dir = flink.getFlinkConfDir() != null ? flink.getFlinkConfDir() : System.getenv("FLINK_CONF_DIR");
    return dir != null && configurationRestarts(dir);
  }

  /** Strategies of Flink's {@code restart-strategy.type} that never restart. */
  private static final Set<String> NO_RESTARTS = Set.of("none", "off", "disable");

  /**
   * Whether the Flink configuration in {@code dir} restarts a failed job: a restart strategy other than none, or,
   * with none named, a checkpointing interval. A directory Flink cannot read restarts nothing here (the runner
   * itself reports it).
   */
  static boolean configurationRestarts(String dir) {
    Map<String, String> conf;
    try {
      conf = GlobalConfiguration.loadConfiguration(dir).toMap();
    } catch (RuntimeException e) {
      return false;
    }
    String strategy = conf.getOrDefault("restart-strategy.type", conf.get("restart-strategy"));
    if (strategy != null && !strategy.isBlank()) {
      return !NO_RESTARTS.contains(strategy.strip().toLowerCase(Locale.ROOT));
    }
    String interval = conf.get("execution.checkpointing.interval");
    return interval != null && !interval.strip().matches("0*(\\s*[a-zA-Z]*)?");
  }

  @Override
  public boolean supports(PipelineOptions options) {
    return options.getRunner() == FlinkRunner.class;
  }

  @Override
  public String parallelismOption() {
    return "parallelism";
  }

  @Override
  public int parallelism(PipelineOptions options) {
    Integer p = options.as(FlinkPipelineOptions.class).getParallelism();
    return p == null ? 0 : p;
  }

  @Override
  public void setDefaults(PipelineOptions options, int numComputeWorkers, Predicate<String> given) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (!given.test("parallelism")) {
      flink.setParallelism(numComputeWorkers);
    }
    if (!given.test("streaming")) {
      flink.setStreaming(true);
    }
    if (!given.test("fasterCopy")) {
      flink.setFasterCopy(true);
    }
    if (given.test("writersInProcess") && options.as(RiosPipelineOptions.class).getWritersInProcess()
        && restarts(flink)) {
      // in-process writers live in this JVM's registry: an aborted writer stays aborted, so a restarted attempt
      // could never write that output again, and the blocks it re-sends reach no writer step
      throw new ParameterException("--writersInProcess=true cannot be combined with Flink restarts "
          + "(--numberOfExecutionRetries=" + flink.getNumberOfExecutionRetries() + ", --checkpointingInterval="
          + flink.getCheckpointingInterval() + ", or a restart strategy or checkpointing interval in the Flink "
          + "configuration): a restarted attempt must send its blocks to the writer steps; leave "
          + "writersInProcess unset (RIOS then chooses) or set it to false");
    }
    if (LOCAL.equals(flink.getFlinkMaster()) && !restarts(flink) && !given.test("writersInProcess")) {
      // an embedded MiniCluster that a failure ends: every task runs in this JVM, and no attempt follows
      options.as(RiosPipelineOptions.class).setWritersInProcess(true);
    }
    // "[auto]" (Beam's default) outside Flink's own launcher (which sets FLINK_CONF_DIR) is an embedded
    // MiniCluster too: kept on 127.0.0.1 as "[local]" is (it listened on every interface)
    String master = flink.getFlinkMaster();
    boolean embedded = LOCAL.equals(master) || AUTO.equals(master) || master == null;
    if (embedded && !given.test("flinkConfDir") && System.getenv("FLINK_CONF_DIR") == null) {
      flink.setFlinkConfDir(EmbeddedFlinkConf.directory().toString());
    }
  }
}
