package org.rios.beam;

import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Makes {@link RiosPipelineOptions} known to {@code PipelineOptionsFactory} (through
 * {@code META-INF/services}), so {@code --numComputeWorkers=4} parses and shows in {@code --help} in any
 * pipeline with rios-sdk on its classpath.
 *
 * <pre>{@code
 * PipelineOptions o = PipelineOptionsFactory.fromArgs("--numReadWorkers=2").create();
 * }</pre>
 */
public final class RiosPipelineOptionsRegistrar implements PipelineOptionsRegistrar {
  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    return List.of(RiosPipelineOptions.class);
  }
}
