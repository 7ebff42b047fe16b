package org.rios.beam;

import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * A whole RIOS run as one composite: block source → read → (reshuffle) → user function → ordered sink.
 * Unset settings come from the pipeline's {@link RiosPipelineOptions} at expansion, so
 * {@code --numReadWorkers=2 --computeWorkersRead=false} work from the command line. Made by
 * {@link RiosBeam#process}.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
 * Processed<Void> r = p.apply(RiosBeam.process(plan, infiles, outfiles, fn, null));
 * p.run().waitUntilFinish();
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
public final class ProcessPlan<A> extends PTransform<PBegin, Processed<A>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;
  private final UserFunctionWithArgs<A> fn;
  private final A otherArgs;
  private final Integer readWorkers;
  private final Boolean computeWorkersRead;
  private final long blocksPerSplit;

  ProcessPlan(WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
      UserFunctionWithArgs<A> fn, A otherArgs, Integer readWorkers, Boolean computeWorkersRead, long blocksPerSplit) {
    this.plan = plan;
    this.infiles = infiles;
    this.outfiles = outfiles;
    this.fn = fn;
    this.otherArgs = otherArgs;
    this.readWorkers = readWorkers;
    this.computeWorkersRead = computeWorkersRead;
    this.blocksPerSplit = blocksPerSplit;
  }

  /** numReadWorkers: files of a block read concurrently by each worker (default: the pipeline options'). */
  public ProcessPlan<A> withReadWorkers(int n) {
    return new ProcessPlan<>(plan, infiles, outfiles, fn, otherArgs, n, computeWorkersRead, blocksPerSplit);
  }

  /**
   * computeWorkersRead: true fuses reading with computing (each worker reads the blocks it computes); false
   * makes reading a separate step followed by a reshuffle, so reading and computing are spread independently.
   */
  public ProcessPlan<A> withComputeWorkersRead(boolean b) {
    return new ProcessPlan<>(plan, infiles, outfiles, fn, otherArgs, readWorkers, b, blocksPerSplit);
  }

  /** Blocks per initial split of the block source (default 1). */
  public ProcessPlan<A> withBlocksPerSplit(long n) {
    return new ProcessPlan<>(plan, infiles, outfiles, fn, otherArgs, readWorkers, computeWorkersRead, n);
  }

  @Override
  public Processed<A> expand(PBegin begin) {
    RiosBeam.checkArgument(plan != null, "process: the working plan must not be null");
    RiosBeam.checkArgument(fn != null, "process: the user function must not be null");
    RiosPipelineOptions opts = begin.getPipeline().getOptions().as(RiosPipelineOptions.class);
    int nRead = readWorkers != null ? readWorkers : Math.max(1, opts.getNumReadWorkers());
    boolean fused = computeWorkersRead != null ? computeWorkersRead : opts.getComputeWorkersRead();
    FilenameAssociations in = infiles != null ? infiles : new FilenameAssociations();
    FilenameAssociations out = outfiles != null ? outfiles : new FilenameAssociations();

    PCollection<BlockDefn> blocks = begin.apply("Blocks",
        RiosBeam.readBlocks(plan).withBlocksPerSplit(blocksPerSplit));
    if (fused && WriteOutputs.inProcessByDefault(begin.getPipeline())) {
      return fusedInProcess(begin, blocks, in, out, nRead);
    }
    PCollection<KV<BlockDefn, BlockAssociations>> inputs =
        blocks.apply("Read", RiosBeam.read(plan, in).withReadWorkers(nRead));
    if (!fused) {
      // A shuffle boundary stops the runner fusing read into compute: reading becomes its own stage.
      inputs = inputs.apply("ReadToCompute", Reshuffle.viaRandomKey());
    }
    Computed<A> computed = inputs.apply("Compute", RiosBeam.applyFunction(plan, fn, otherArgs).withFiles(in, out));
    PCollection<WriteSummary> summary = computed.blocks().apply("Write", RiosBeam.write(plan, out));
    return new Processed<>(begin.getPipeline(), summary, computed.otherArgs());
  }

  /**
   * computeWorkersRead with the in-process sink (DirectRunner, Flink [local]): read, compute and hand-over to
   * the writer in one DoFn ({@link ReadComputeWriteFn}). The DirectRunner does not fuse steps, so with
   * separate steps each bundle would be read whole, then computed whole, then written, leaving the writer
   * idle most of the time.
   */
  private Processed<A> fusedInProcess(PBegin begin, PCollection<BlockDefn> blocks, FilenameAssociations in,
      FilenameAssociations out, int nRead) {
    WriteOutputs.checkOutputs("process", plan, out);
    InProcessSinkHandle sink = WriteOutputs.newSink(begin.getPipeline(), plan, out);
    TupleTag<Long> countTag = new TupleTag<>("written") {};
    TupleTag<KV<String, KV<Long, A>>> argsTag = LatestCopies.snapshotTag();
    PCollectionTuple results = blocks.apply("ReadComputeWrite",
        ParDo.of(new ReadComputeWriteFn<>(sink, plan, in, out, nRead, fn, otherArgs, countTag, argsTag))
            .withOutputTags(countTag, TupleTagList.of(argsTag)));
    PCollection<Long> written = results.get(countTag).setCoder(VarLongCoder.of());
    PCollection<WriteSummary> summary = WriteOutputs.finishInProcess(written, sink);
    return new Processed<>(begin.getPipeline(), summary, LatestCopies.of(results, argsTag));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    RiosBeam.describePlan(builder, plan);
    builder.add(DisplayData.item("userFunction", fn.getClass().getName()).withLabel("User function"))
        .add(DisplayData.item("inputs", String.valueOf(infiles.names())).withLabel("Inputs"))
        .add(DisplayData.item("outputs", String.valueOf(outfiles.names())).withLabel("Outputs"));
  }
}
