package org.rios.beam;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The ordered sink: every output block of the run goes to one writer, which writes them into the GDAL
 * outputs through the single {@code BlockWriter} and finishes them (statistics, histograms, pyramids,
 * colour tables). Emits one {@link WriteSummary} when the outputs are complete. Made by {@link RiosBeam#write}.
 *
 * <p>Two paths lead to that writer, with identical outputs:
 * <ul>
 *   <li><b>shuffle</b> (any runner): all blocks under one key through a GroupByKey, then one writer. Runners
 *       with a disk-backed shuffle (Flink) keep memory to a few blocks; this is the only path that is correct
 *       when workers are spread over processes or machines.</li>
 *   <li><b>in-process</b> (the default on the DirectRunner, and on Flink [local] through
 *       {@link RiosOptions#fromArgs}): every bundle thread queues its blocks for one JVM-wide writer thread and
 *       a global count triggers the finish. The DirectRunner's GroupByKey would otherwise hold every output
 *       block in memory; on Flink [local] it saves the sort and the block copies of the shuffle. Only correct
 *       when every worker runs in this JVM and no task is retried.</li>
 * </ul>
 *
 * <pre>{@code
 * PCollection<WriteSummary> done = computed.blocks().apply(RiosBeam.write(plan, outfiles));
 * }</pre>
 */
public final class WriteOutputs
    extends PTransform<PCollection<KV<BlockDefn, BlockAssociations>>, PCollection<WriteSummary>> {
  private static final long serialVersionUID = 1L;
  /** The one key of the shuffle path: a single writer is what makes statistics and pyramids whole-raster. */
  private static final int THE_WRITER = 0;
  private final WorkingPlan plan;
  private final FilenameAssociations outfiles;
  private final Boolean inProcess;

  WriteOutputs(WorkingPlan plan, FilenameAssociations outfiles, Boolean inProcess) {
    this.plan = plan;
    this.outfiles = outfiles;
    this.inProcess = inProcess;
  }

  /**
   * Chooses the sink path: true writes from the workers into one writer in this JVM (only for runners whose
   * workers all run in the JVM that runs the pipeline: the DirectRunner, Flink [local]; and not with task
   * retries, since a retried task sends its blocks again); false shuffles every block to one writer.
   * Default: the pipeline options' {@code inProcessWriter}, else in-process on the DirectRunner only.
   */
  public WriteOutputs withInProcessWriter(boolean b) {
    return new WriteOutputs(plan, outfiles, b);
  }

  @Override
  public PCollection<WriteSummary> expand(PCollection<KV<BlockDefn, BlockAssociations>> blocks) {
    checkOutputs("write", plan, outfiles);
    boolean local = inProcess != null ? inProcess : inProcessByDefault(blocks.getPipeline());
    return local ? inProcessPath(blocks) : shufflePath(blocks);
  }

  /** The sink's argument checks, also made by {@link ProcessPlan} when it writes without this transform. */
  static void checkOutputs(String transform, WorkingPlan plan, FilenameAssociations outfiles) {
    RiosBeam.checkArgument(plan != null, transform + ": the working plan must not be null");
    RiosBeam.checkArgument(outfiles != null, transform + ": the output files must not be null");
    RiosBeam.checkArgument(outfiles.size() == plan.outputs().size(), transform + ": the plan has "
        + plan.outputs().size() + " outputs but the output files have " + outfiles.size()
        + " (use the FilenameAssociations of the plan)");
  }

  private PCollection<WriteSummary> shufflePath(PCollection<KV<BlockDefn, BlockAssociations>> blocks) {
    return blocks
        .apply("ToOneWriter", WithKeys.<Integer, KV<BlockDefn, BlockAssociations>>of(THE_WRITER))
        .setCoder(KvCoder.of(VarIntCoder.of(), KvCoder.of(BlockDefnCoder.of(), BlockDataCoder.of())))
        .apply("GatherBlocks", GroupByKey.create())
        .apply("WriteBlocks", ParDo.of(new WriteOutputsFn(plan, outfiles)))
        .setCoder(WriteSummaryCoder.of());
  }

  private PCollection<WriteSummary> inProcessPath(PCollection<KV<BlockDefn, BlockAssociations>> blocks) {
    InProcessSinkHandle sink = newSink(blocks.getPipeline(), plan, outfiles);
    PCollection<Long> written = blocks
        .apply("WriteBlocks", ParDo.of(new WriteInProcessFn(sink)))
        .setCoder(VarLongCoder.of());
    return finishInProcess(written, sink);
  }

  /** A new in-process sink of {@code pipeline}: its id, and how the DoFns writing to it clean up. */
  static InProcessSinkHandle newSink(Pipeline pipeline, WorkingPlan plan, FilenameAssociations outfiles) {
    String sinkId = InProcessSinks.newSinkId(pipeline.getOptions().getOptionsId());
    boolean abortOnAnyTeardown = RunnerSupport.of(pipeline.getOptions())
        .map(s -> s.teardownOnlyAtEnd(pipeline.getOptions())).orElse(false);
    return new InProcessSinkHandle(sinkId, plan, outfiles, abortOnAnyTeardown);
  }

  /**
   * The in-process path's end: counts the 1 emitted per written block and, once every block is counted,
   * finishes the outputs of {@code sink} and emits the summary.
   */
  static PCollection<WriteSummary> finishInProcess(PCollection<Long> written, InProcessSinkHandle sink) {
    return written
        .apply("CountBlocks", Sum.longsGlobally())
        .apply("FinishOutputs", ParDo.of(new FinishInProcessFn(sink)))
        .setCoder(WriteSummaryCoder.of());
  }

  /**
   * The default sink path: the pipeline options' {@code inProcessWriter} if set, else in-process exactly when
   * the runner's {@link RunnerSupport} says every worker is in this JVM and nothing is retried.
   */
  static boolean inProcessByDefault(Pipeline pipeline) {
    Boolean option = pipeline.getOptions().as(RiosPipelineOptions.class).getInProcessWriter();
    return option != null ? option : RunnerSupport.of(pipeline.getOptions())
        .map(s -> s.singleJvmWithoutRetries(pipeline.getOptions())).orElse(false);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    RiosBeam.describePlan(builder, plan);
    builder.add(DisplayData.item("outputs", String.valueOf(outfiles.names())).withLabel("Outputs"))
        .add(DisplayData.item("inProcessWriter", String.valueOf(inProcess)).withLabel("In-process writer"));
  }
}
