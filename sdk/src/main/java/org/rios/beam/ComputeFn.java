package org.rios.beam;

import java.io.IOException;
import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.channel.SafeObjectInput;
import org.rios.errors.ParameterException;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * The compute step: the user function on one complete block, through the same {@link BlockStages#compute}
 * as the other drivers (so a failure names the block).
 *
 * <p>otherArgs: each DoFn instance (a compute worker) gets its own copy at {@code @Setup}, deserialized from
 * the bytes captured at construction, and keeps it across bundles. At the end of every bundle that computed
 * blocks it emits a snapshot of the copy (a deep copy, so later blocks cannot change what was emitted),
 * tagged with the instance's id and a sequence number; {@link ApplyFunction} keeps the latest snapshot per
 * instance. Runners discard a DoFn instance whose bundle failed, so a snapshot never includes a failed
 * bundle's blocks, and the retried blocks land in another instance's copy: the copies that come back add
 * up to exactly one pass over every block (what a sum/count accumulator needs), whatever the retries.
 */
final class ComputeFn<A> extends DoFn<KV<BlockDefn, BlockAssociations>, KV<BlockDefn, BlockAssociations>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;
  private final UserFunctionWithArgs<A> fn;
  private final byte[] otherArgs;
  private final TupleTag<KV<BlockDefn, BlockAssociations>> blocksTag;
  private final TupleTag<KV<String, KV<Long, A>>> argsTag;
  private transient BlockStages stages;
  private transient String instanceId;
  private transient A args;
  private transient long snapshots;
  private transient boolean bundleHasBlocks;

  ComputeFn(WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
      UserFunctionWithArgs<A> fn, A otherArgs, TupleTag<KV<BlockDefn, BlockAssociations>> blocksTag,
      TupleTag<KV<String, KV<Long, A>>> argsTag) {
    this.plan = plan;
    this.infiles = infiles;
    this.outfiles = outfiles;
    this.fn = fn;
    this.otherArgs = serialize(otherArgs);
    this.blocksTag = blocksTag;
    this.argsTag = argsTag;
  }

  private static byte[] serialize(Object args) {
    if (args == null) {
      return null;
    }
    if (!(args instanceof java.io.Serializable s)) {
      throw new ParameterException("otherArgs of type " + args.getClass().getName() + " must be Serializable so "
          + "that each Beam worker can get its own copy");
    }
    try {
      return SafeObjectInput.serialize(s);
    } catch (IOException e) {
      throw new ParameterException("otherArgs of type " + args.getClass().getName()
          + " could not be serialized for the Beam workers: " + e);
    }
  }

  @Setup
  public void setup() throws IOException, ClassNotFoundException {
    stages = new BlockStages(plan, infiles, outfiles);
    instanceId = UUID.randomUUID().toString();
    args = copy(otherArgs);
    snapshots = 0;
  }

  @StartBundle
  public void startBundle() {
    bundleHasBlocks = false;
  }

  @ProcessElement
  public void process(@Element KV<BlockDefn, BlockAssociations> in, MultiOutputReceiver out) throws Exception {
    bundleHasBlocks = true;
    Timers timers = new Timers();
    BlockAssociations outputs = stages.compute(fn, in.getKey(), in.getValue(), args, timers);
    StageMetrics.publish(timers);
    out.get(blocksTag).output(KV.of(in.getKey(), outputs));
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) throws IOException, ClassNotFoundException {
    if (bundleHasBlocks && otherArgs != null) {
      A snapshot = copy(SafeObjectInput.serialize((java.io.Serializable) args));
      c.output(argsTag, KV.of(instanceId, KV.of(snapshots++, snapshot)), BoundedWindow.TIMESTAMP_MIN_VALUE,
          GlobalWindow.INSTANCE);
    }
    bundleHasBlocks = false;
  }

  @SuppressWarnings("unchecked")
  private static <A> A copy(byte[] bytes) throws IOException, ClassNotFoundException {
    return bytes == null ? null : (A) SafeObjectInput.deserialize(bytes);
  }
}
