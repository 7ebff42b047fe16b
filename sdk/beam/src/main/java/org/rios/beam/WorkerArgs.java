package org.rios.beam;

import java.io.Serializable;
import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.rios.engine.internal.OtherArgsCopies;

/**
 * One compute worker's otherArgs in a Beam DoFn. The DoFn holds this as a field: the otherArgs are serialized
 * once at construction; each DoFn instance (a worker) deserializes its own copy at {@code @Setup} and keeps
 * it across bundles. At the end of every bundle that computed blocks the DoFn emits a snapshot of the copy (a
 * deep copy, so later blocks cannot change what was emitted), tagged with the instance's id and a sequence
 * number; {@link LatestCopies} keeps the latest snapshot per instance.
 *
 * <p>Runners discard a DoFn instance whose bundle failed, so a snapshot never includes a failed bundle's
 * blocks, and the retried blocks land in another instance's copy: the copies that come back add up to
 * exactly one pass over every block (what a sum/count accumulator needs), whatever the retries.
 *
 * @param <A> the otherArgs type
 */
final class WorkerArgs<A> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final byte[] initial;
  private final TupleTag<KV<String, KV<Long, A>>> tag;
  private transient String instanceId;
  private transient A copy;
  private transient long snapshots;
  private transient boolean bundleUsedCopy;

  WorkerArgs(A otherArgs, TupleTag<KV<String, KV<Long, A>>> tag) {
    this.initial = OtherArgsCopies.serialize(otherArgs, "Beam worker");
    this.tag = tag;
  }

  /** At the DoFn's {@code @Setup}: this instance's own copy. */
  void setup() {
    instanceId = UUID.randomUUID().toString();
    copy = OtherArgsCopies.deserialize(initial);
    snapshots = 0;
    bundleUsedCopy = false;
  }

  /** At the DoFn's {@code @StartBundle}. */
  void startBundle() {
    bundleUsedCopy = false;
  }

  /** The instance's copy, for the user function on one block of the current bundle. */
  A forBlock() {
    bundleUsedCopy = true;
    return copy;
  }

  /** At the DoFn's {@code @FinishBundle}: emits the snapshot if this bundle computed blocks. */
  void finishBundle(DoFn<?, ?>.FinishBundleContext c) {
    if (bundleUsedCopy && initial != null) {
      A snapshot = OtherArgsCopies.copy(copy);
      c.output(tag, KV.of(instanceId, KV.of(snapshots++, snapshot)), BoundedWindow.TIMESTAMP_MIN_VALUE,
          GlobalWindow.INSTANCE);
    }
    bundleUsedCopy = false;
  }
}
