package org.rios.beam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Parses pipeline arguments into {@link RiosPipelineOptions} and lets the chosen runner's
 * {@link RunnerSupport} set RIOS's defaults: numComputeWorkers as the runner's parallelism, and the options
 * that decide how its steps run (Flink: streaming mode), unless the arguments set them. The runner's own
 * parallelism option given without numComputeWorkers sets numComputeWorkers (the rule is here, once; each
 * support only names its option). Without support for the runner on the class path the options are as
 * parsed.
 *
 * <pre>{@code
 * RiosPipelineOptions o = RiosOptions.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]",
 *     "--numComputeWorkers=4");      // Flink parallelism 4 (with rios-runners-config on the class path)
 * }</pre>
 */
public final class RiosOptions {
  private RiosOptions() {}

  public static RiosPipelineOptions fromArgs(String... args) {
    return fromArgs(Arrays.asList(args));
  }

  public static RiosPipelineOptions fromArgs(List<String> args) {
    if (args == null || args.stream().anyMatch(java.util.Objects::isNull)) {
      throw new org.rios.errors.ParameterException("Beam pipeline options must not be null: " + args);
    }
    List<String> all = new ArrayList<>(args);
    RiosPipelineOptions opts = parse(all);
    // ConcurrencyStyle refuses the same values; here they were quietly taken as 1
    if (opts.getNumComputeWorkers() < 1) {
      throw new org.rios.errors.ParameterException("--numComputeWorkers must be at least 1, got "
          + opts.getNumComputeWorkers());
    }
    if (opts.getNumReadWorkers() < 0) {
      throw new org.rios.errors.ParameterException("--numReadWorkers must not be negative, got "
          + opts.getNumReadWorkers());
    }
    int n = opts.getNumComputeWorkers();
    RunnerSupport.of(opts).ifPresent(support -> {
      String parallelism = support.parallelismOption();
      if (parallelism != null && given(all, parallelism) && support.parallelism(opts) < 1) {
        // the DirectRunner failed once running with a bare IllegalArgumentException; Flink ignored it
        throw new org.rios.errors.ParameterException("--" + parallelism + " must be at least 1, got "
            + value(all, parallelism));
      }
      if (parallelism != null && given(all, parallelism) && !given(all, "numComputeWorkers")
          && support.parallelism(opts) > 0) {
        // the runner's parallelism given alone: RIOS's steps spread their work over that many workers
        opts.setNumComputeWorkers(support.parallelism(opts));
      }
      support.setDefaults(opts, n, name -> given(all, name));
    });
    return opts;
  }

  /** The value of the last {@code --name=value} (or {@code --name value}) in {@code args}, or null. */
  public static String value(List<String> args, String name) {
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
  public static boolean given(List<String> args, String name) {
    return args.stream().anyMatch(a -> a.equals("--" + name) || a.startsWith("--" + name + "="));
  }

  /**
   * @throws org.rios.errors.ParameterException naming the arguments, for one Beam cannot parse (an unknown
   *     option or runner, a value of the wrong type, an argument without "--")
   */
  private static RiosPipelineOptions parse(List<String> args) {
    PipelineOptionsFactory.register(RiosPipelineOptions.class);
    try {
      return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation()
          .as(RiosPipelineOptions.class);
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("DirectRunner was not found on the classpath") || m.contains("supported pipeline runners []")) {
        // nothing wrong with the arguments: no runner is on the class path
        throw new org.rios.errors.UnavailableException("No Beam runner is on the class path (add "
            + "org.rios:rios-runners-config, or a runner such as beam-runners-direct-java or "
            + "beam-runners-flink-1.19): " + m, e);
      }
      // the arguments are named in full: Beam's message alone may not say which one (a bad number)
      throw new org.rios.errors.ParameterException("Invalid Beam pipeline options " + args + ": "
          + e.getMessage(), e);
    }
  }
}
