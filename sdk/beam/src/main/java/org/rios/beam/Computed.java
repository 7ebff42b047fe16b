package org.rios.beam;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.rios.applier.BlockAssociations;
import org.rios.plan.BlockDefn;

/**
 * What {@link ApplyFunction} produces: the output blocks and the workers' otherArgs copies.
 *
 * <pre>{@code
 * Computed<OtherInputs> c = inputs.apply(RiosBeam.applyFunction(plan, fn, acc));
 * c.blocks().apply(RiosBeam.write(plan, outfiles));
 * c.otherArgs().apply(CollectToFile.to(tmp.resolve("args.bin")));
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
public final class Computed<A> extends TwoCollections {
  private final PCollection<KV<BlockDefn, BlockAssociations>> blocks;
  private final PCollection<A> otherArgs;

  Computed(Pipeline pipeline, PCollection<KV<BlockDefn, BlockAssociations>> blocks, PCollection<A> otherArgs) {
    super(pipeline, "blocks", blocks, "otherArgs", otherArgs);
    this.blocks = blocks;
    this.otherArgs = otherArgs;
  }

  /** The user function's output arrays, per block. */
  public PCollection<KV<BlockDefn, BlockAssociations>> blocks() {
    return blocks;
  }

  /** The otherArgs copies, one per compute worker (DoFn instance) that computed blocks; none if otherArgs was null. */
  public PCollection<A> otherArgs() {
    return otherArgs;
  }
}
