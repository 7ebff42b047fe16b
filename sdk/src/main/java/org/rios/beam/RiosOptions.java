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
 * module needs no Flink dependency: the Flink runner on the classpath registers that option).
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
    if (runner.startsWith("Flink") && !given(all, "parallelism")) {
      all.add("--parallelism=" + n);
      opts = parse(all);
    } else if (runner.equals("DirectRunner") && !given(all, "targetParallelism")) {
      opts.as(DirectOptions.class).setTargetParallelism(n);
    }
    return opts;
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
