/**
 * RIOS as an Apache Beam SDK extension: the CW_BEAM driver and the transforms it is built from.
 *
 * <p>The Beam layer adds no I/O of its own. {@link org.rios.beam.RiosBeam#readBlocks} (a splittable block
 * source) emits the plan's blocks; {@link org.rios.beam.RiosBeam#read} reads them with the engine's
 * {@code BlockReader}; {@link org.rios.beam.RiosBeam#applyFunction} runs the user function through
 * {@code BlockStages.compute}; {@link org.rios.beam.RiosBeam#write} is the ordered sink, one
 * {@code BlockWriter} for the whole run. Blocks travel with binary coders ({@link org.rios.beam.BlockDefnCoder},
 * {@link org.rios.beam.BlockDataCoder}); stage timers travel as Beam Distribution metrics
 * ({@link org.rios.beam.StageMetrics}).
 *
 * <p>How a {@code ConcurrencyStyle} (or {@link org.rios.beam.RiosPipelineOptions}) maps onto the runner:
 *
 * <table>
 * <caption>ConcurrencyStyle → Beam runner</caption>
 * <tr><th>setting</th><th>DirectRunner / FlinkRunner</th></tr>
 * <tr><td>numComputeWorkers</td><td>runner parallelism: DirectRunner {@code targetParallelism}, Flink
 *     {@code parallelism} (unless the Beam arguments set it); each compute DoFn instance is a compute worker
 *     with its own otherArgs copy</td></tr>
 * <tr><td>numReadWorkers</td><td>threads reading the files of one block concurrently inside the read step,
 *     each with its own BlockReader (0 or 1: the DoFn's own thread)</td></tr>
 * <tr><td>computeWorkersRead = true</td><td>a worker reads the blocks it computes: with the in-process sink
 *     (DirectRunner, Flink [local]) {@link org.rios.beam.RiosBeam#process} reads, computes and hands each block
 *     to the writer in one DoFn; elsewhere read and compute are consecutive ParDos the runner fuses</td></tr>
 * <tr><td>computeWorkersRead = false</td><td>a separate read step, then {@code Reshuffle.viaRandomKey()}
 *     before compute (unset: false when numReadWorkers &gt; 0, else true)</td></tr>
 * <tr><td>single writer</td><td>the ordered sink, one BlockWriter: in-process when every worker is in this
 *     JVM (DirectRunner; Flink [local] without retries), the workers queueing blocks for one writer thread;
 *     elsewhere all output blocks to one key, {@code GroupByKey}, the writer iterating the group once</td></tr>
 * <tr><td>buffer timeouts, singleBlockComputeWorkers</td><td>not used: the runner schedules and retries</td></tr>
 * </table>
 */
package org.rios.beam;
