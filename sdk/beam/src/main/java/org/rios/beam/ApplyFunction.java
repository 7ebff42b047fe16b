package org.rios.beam;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
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
 * The compute step: runs the user function on each input block and emits the output block, plus the
 * otherArgs copies of the workers (one per DoFn instance that computed blocks; together they have seen every
 * block exactly once). Made by {@link RiosBeam#applyFunction}.
 *
 * <p>Beam's rule holds for the user function: it should not modify its input arrays in place (the
 * DirectRunner checks this by default). The CW_BEAM driver turns that check off, since RIOS user functions
 * may, and the read step's blocks have no other consumer.
 *
 * <pre>{@code
 * Computed<OtherInputs> c = inputs.apply(RiosBeam.applyFunction(plan, fn, acc).withFiles(infiles, outfiles));
 * c.blocks().apply(RiosBeam.write(plan, outfiles));
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
public final class ApplyFunction<A> extends PTransform<PCollection<KV<BlockDefn, BlockAssociations>>, Computed<A>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final UserFunctionWithArgs<A> fn;
  private final A otherArgs;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;

  ApplyFunction(WorkingPlan plan, UserFunctionWithArgs<A> fn, A otherArgs, FilenameAssociations infiles,
      FilenameAssociations outfiles) {
    this.plan = plan;
    this.fn = fn;
    this.otherArgs = otherArgs;
    this.infiles = infiles;
    this.outfiles = outfiles;
  }

  /**
   * The run's file associations, for what the user function asks of them (e.g. a list output set without
   * {@code putList}); without them the function sees the same arrays, only some messages are less specific.
   */
  public ApplyFunction<A> withFiles(FilenameAssociations in, FilenameAssociations out) {
    return new ApplyFunction<>(plan, fn, otherArgs, in, out);
  }

  @Override
  public Computed<A> expand(PCollection<KV<BlockDefn, BlockAssociations>> inputs) {
    RiosBeam.checkArgument(plan != null, "applyFunction: the working plan must not be null");
    RiosBeam.checkArgument(fn != null, "applyFunction: the user function must not be null");
    TupleTag<KV<BlockDefn, BlockAssociations>> blocksTag = new TupleTag<>("blocks") {};
    TupleTag<KV<String, KV<Long, A>>> argsTag = LatestCopies.snapshotTag();
    FilenameAssociations in = infiles != null ? infiles : new FilenameAssociations();
    FilenameAssociations out = outfiles != null ? outfiles : new FilenameAssociations();
    PCollectionTuple results = inputs.apply("UserFunction",
        ParDo.of(new ComputeFn<>(plan, in, out, fn, otherArgs, blocksTag, argsTag))
            .withOutputTags(blocksTag, TupleTagList.of(argsTag)));
    PCollection<KV<BlockDefn, BlockAssociations>> blocks = results.get(blocksTag);
    blocks.setCoder(KvCoder.of(BlockDefnCoder.of(), BlockDataCoder.of()));
    return new Computed<>(inputs.getPipeline(), blocks, LatestCopies.of(results, argsTag));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    RiosBeam.describePlan(builder, plan);
    builder.add(DisplayData.item("userFunction", fn.getClass().getName()).withLabel("User function"))
        .add(DisplayData.item("outputs", String.valueOf(plan.outputs().stream().map(o -> o.name()).distinct()
            .collect(java.util.stream.Collectors.toList()))).withLabel("Outputs"));
  }
}
