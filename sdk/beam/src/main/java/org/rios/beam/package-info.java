/**
 * RIOS as an Apache Beam SDK extension: {@link org.rios.beam.RiosIO} for collections of raster jobs, its
 * single-job case {@link org.rios.beam.RiosBeam#process}, and the CW_BEAM driver built on it.
 *
 * <p>The Beam layer adds no I/O of its own: each job is planned by the core's {@code WorkingPlanBuilder},
 * its blocks are read with the core's {@code BlockReader}, computed through {@code BlockStages.compute} and
 * written with the core's {@code BlockWriter}, one writer per (job, output file) ({@code WriteOutputs}, a
 * stateful DoFn keyed by output, or, writing in process, the compute step itself into the same writer). Stage timers travel as Beam Distribution metrics
 * ({@link org.rios.beam.StageMetrics}).
 *
 * <p>How a {@code ConcurrencyStyle} (or {@link org.rios.beam.RiosPipelineOptions}) maps onto the runner:
 *
 * <table>
 * <caption>ConcurrencyStyle → Beam runner</caption>
 * <tr><th>setting</th><th>DirectRunner / FlinkRunner</th></tr>
 * <tr><td>numComputeWorkers</td><td>runner parallelism: DirectRunner {@code targetParallelism}, Flink
 *     {@code parallelism} (unless the Beam arguments set it); each compute DoFn instance is a compute worker
 *     with its own otherArgs copy per job</td></tr>
 * <tr><td>numReadWorkers</td><td>threads reading the files of one block concurrently inside the compute
 *     step, each with its own BlockReader (0 or 1: the DoFn's own thread)</td></tr>
 * <tr><td>computeWorkersRead</td><td>always: a worker reads the blocks it computes</td></tr>
 * <tr><td>single writer</td><td>one writer per output file, keyed by (run, job, output): writers of
 *     different files spread over the workers; where every worker is in one JVM and a failure ends the run
 *     (DirectRunner, Flink [local] without restarts: {@link org.rios.beam.RiosPipelineOptions#getWritersInProcess})
 *     the compute workers feed that JVM's writer of each file themselves</td></tr>
 * <tr><td>buffer timeouts, singleBlockComputeWorkers</td><td>not used: the runner schedules and retries</td></tr>
 * </table>
 */
package org.rios.beam;
