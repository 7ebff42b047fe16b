package org.rios.beam;

import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What rios-beam needs to know about a Beam runner, provided by the module that brings the runner (for the
 * Direct and Flink runners: rios-runners-config) and found with {@link ServiceLoader}. rios-beam itself
 * compiles against Beam's SDK only, never against a runner. With no support for the chosen runner on the
 * class path, RIOS sets no runner defaults; its steps are correct on every runner either way.
 *
 * <pre>{@code
 * // META-INF/services/org.rios.beam.RunnerSupport in the runner module's jar lists:
 * public final class MyRunnerSupport implements RunnerSupport {
 *   public boolean supports(PipelineOptions o) { return o.getRunner() == MyRunner.class; }
 *   ...
 * }
 * }</pre>
 */
public interface RunnerSupport {
  /** Whether this supports the runner {@code options} chose. */
  boolean supports(PipelineOptions options);

  /**
   * Sets RIOS's defaults for a run with {@code numComputeWorkers} compute workers (the runner's parallelism,
   * ...), leaving alone every option for which {@code given} is true (the user set it).
   */
  void setDefaults(PipelineOptions options, int numComputeWorkers, Predicate<String> given);

  /**
   * The name of the runner's own parallelism option (the DirectRunner's {@code targetParallelism}, Flink's
   * {@code parallelism}), or null if it has none. {@link RiosOptions} reads it: given without
   * numComputeWorkers, the runner's parallelism counts as the compute workers.
   */
  default String parallelismOption() {
    return null;
  }

  /** The runner's parallelism as {@code options} hold it; 0 or less when unset. */
  default int parallelism(PipelineOptions options) {
    return 0;
  }

  /**
   * The support for the runner {@code options} chose, if one is on the class path. A support whose own runner
   * is not (a program that excludes the Flink runner from rios-runners-config's dependencies, say) cannot be
   * the chosen runner's: it is skipped, not an error.
   */
  static Optional<RunnerSupport> of(PipelineOptions options) {
    Iterator<RunnerSupport> supports =
        ServiceLoader.load(RunnerSupport.class, RunnerSupport.class.getClassLoader()).iterator();
    while (supports.hasNext()) {
      try {
        RunnerSupport s = supports.next();
        if (s.supports(options)) {
          return Optional.of(s);
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        // its runner's classes are missing (NoClassDefFoundError): the options cannot have chosen that runner
      }
    }
    return Optional.empty();
  }
}
