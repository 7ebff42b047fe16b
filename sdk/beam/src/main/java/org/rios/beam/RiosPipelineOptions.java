package org.rios.beam;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The ConcurrencyStyle settings as Beam pipeline options, so a RIOS pipeline can be tuned from the command
 * line. {@link RiosOptions#fromArgs} also maps numComputeWorkers onto the runner's parallelism.
 *
 * <pre>{@code
 * RiosPipelineOptions o = RiosOptions.fromArgs("--numComputeWorkers=4", "--numReadWorkers=2");
 * Pipeline p = Pipeline.create(o);
 * }</pre>
 */
public interface RiosPipelineOptions extends PipelineOptions {
  @Description("Compute workers: the runner's parallelism (DirectRunner targetParallelism, Flink parallelism)")
  @Default.Integer(1)
  int getNumComputeWorkers();

  void setNumComputeWorkers(int n);

  @Description("Threads that read the input files of one block concurrently, in each worker")
  @Default.Integer(1)
  int getNumReadWorkers();

  void setNumReadWorkers(int n);
}
