package org.rios.beam;

import java.io.IOException;
import java.io.Serializable;
import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.rios.engine.internal.SafeObjectInput;
import org.rios.errors.ParameterException;

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
    this.initial = serialize(otherArgs);
    this.tag = tag;
  }

  private static byte[] serialize(Object args) {
    if (args == null) {
      return null;
    }
    if (!(args instanceof Serializable s)) {
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

  /** At the DoFn's {@code @Setup}: this instance's own copy. */
  void setup() throws IOException, ClassNotFoundException {
    instanceId = UUID.randomUUID().toString();
    copy = deserialize(initial);
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
  void finishBundle(DoFn<?, ?>.FinishBundleContext c) throws IOException, ClassNotFoundException {
    if (bundleUsedCopy && initial != null) {
      A snapshot = deserialize(SafeObjectInput.serialize((Serializable) copy));
      c.output(tag, KV.of(instanceId, KV.of(snapshots++, snapshot)), BoundedWindow.TIMESTAMP_MIN_VALUE,
          GlobalWindow.INSTANCE);
    }
    bundleUsedCopy = false;
  }

  @SuppressWarnings("unchecked")
  private static <A> A deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    return bytes == null ? null : (A) SafeObjectInput.deserialize(bytes);
  }
}
