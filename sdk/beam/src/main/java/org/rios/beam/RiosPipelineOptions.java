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

  @Description("Whether each compute worker writes its output blocks itself, into this JVM's writer of each "
      + "file, sending the file's writer step only word of which blocks it wrote, instead of sending the blocks "
      + "through the runner: for runs whose workers all run in one JVM and which a failure ends (no task "
      + "retries), where the blocks then never queue between steps (memory stays a few blocks per file) and "
      + "writing overlaps computing. RiosOptions.fromArgs sets it for the DirectRunner and for Flink [local] "
      + "without a restart strategy or checkpointing; a run whose workers are in several JVMs fails, saying so, "
      + "and true given with Flink restarts is refused when the options are read")
  @Default.Boolean(false)
  boolean getWritersInProcess();

  void setWritersInProcess(boolean inProcess);
}
