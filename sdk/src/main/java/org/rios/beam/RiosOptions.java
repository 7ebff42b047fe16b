package org.rios.beam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Parses pipeline arguments into {@link RiosPipelineOptions} and maps numComputeWorkers onto the chosen
 * runner's own parallelism option, unless the arguments set that option themselves: DirectRunner
 * {@code targetParallelism}; FlinkRunner {@code parallelism} (passed as {@code --parallelism=N}, so this
 * module needs no Flink dependency: the Flink runner on the classpath registers that option). For
 * {@code --flinkMaster=[local]} it also sets {@code inProcessWriter} (unless given, and not with task
 * retries) and, unless a Flink configuration directory is given, one that keeps the embedded cluster on
 * 127.0.0.1 ({@link EmbeddedFlinkConf}).
 *
 * <pre>{@code
 * RiosPipelineOptions o = RiosOptions.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]",
 *     "--numComputeWorkers=4");      // Flink parallelism 4
 * }</pre>
 */
public final class RiosOptions {
  private RiosOptions() {}

  public static RiosPipelineOptions fromArgs(String... args) {
    return fromArgs(Arrays.asList(args));
  }

  public static RiosPipelineOptions fromArgs(List<String> args) {
    List<String> all = new ArrayList<>(args);
    RiosPipelineOptions opts = parse(all);
    int n = Math.max(1, opts.getNumComputeWorkers());
    String runner = opts.getRunner().getSimpleName();
    if (runner.startsWith("Flink")) {
      int before = all.size();
      if (!given(all, "parallelism")) {
        all.add("--parallelism=" + n);
      }
      if ("[local]".equals(value(all, "flinkMaster")) && !given(all, "flinkConfDir")
          && System.getenv("FLINK_CONF_DIR") == null) {
        all.add("--flinkConfDir=" + EmbeddedFlinkConf.directory());
      }
      // Every task of an embedded MiniCluster runs in this JVM: the sink can write from the workers. No
      // restarts (also none from a restart strategy in a Flink configuration): a restarted task would send
      // its blocks to the writer a second time.
      boolean inProcess = opts.getInProcessWriter() == null && embeddedFlinkWithoutRetries(all);
      if (inProcess && !given(all, "numberOfExecutionRetries")) {
        all.add("--numberOfExecutionRetries=0");
      }
      if (all.size() != before) {
        opts = parse(all);
      }
      if (inProcess) {
        opts.setInProcessWriter(true);
      }
    } else if (runner.equals("DirectRunner") && !given(all, "targetParallelism")) {
      opts.as(DirectOptions.class).setTargetParallelism(n);
    }
    return opts;
  }

  /**
   * {@code --flinkMaster=[local]} without task retries or checkpointing (with which Flink restarts failed
   * tasks by default).
   */
  private static boolean embeddedFlinkWithoutRetries(List<String> args) {
    String retries = value(args, "numberOfExecutionRetries");
    String checkpoints = value(args, "checkpointingInterval");
    return "[local]".equals(value(args, "flinkMaster")) && (retries == null || Integer.parseInt(retries) <= 0)
        && (checkpoints == null || Long.parseLong(checkpoints) <= 0);
  }

  /** The value of the last {@code --name=value} (or {@code --name value}) in {@code args}, or null. */
  static String value(List<String> args, String name) {
    String found = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--" + name + "=")) {
        found = a.substring(name.length() + 3);
      } else if (a.equals("--" + name) && i + 1 < args.size()) {
        found = args.get(i + 1);
      }
    }
    return found;
  }

  /** Whether {@code --name=...} (or {@code --name ...}) is among {@code args}. */
  static boolean given(List<String> args, String name) {
    return args.stream().anyMatch(a -> a.equals("--" + name) || a.startsWith("--" + name + "="));
  }

  private static RiosPipelineOptions parse(List<String> args) {
    PipelineOptionsFactory.register(RiosPipelineOptions.class);
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation()
        .as(RiosPipelineOptions.class);
  }
}
