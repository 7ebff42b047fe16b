package org.rios.beam;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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
 * deep copy taken after the bundle's last chunk of the job, so later blocks cannot change what was emitted, and
 * a copy that can no longer be serialized fails its job), tagged with the instance's id and a sequence
 * number; {@link LatestCopies} keeps the latest snapshot per instance. A DoFn that computes blocks of many
 * jobs ({@link RiosIO}) keeps one copy per job, made from the initial otherArgs when the instance first
 * computes a block of that job.
 *
 * <p>Runners discard a DoFn instance whose bundle failed, so a snapshot never includes a failed bundle's
 * blocks, and the retried blocks land in another instance's copy: the copies that come back add up to
 * exactly one pass over every block (what a sum/count accumulator needs), whatever the retries.
 *
 * @param <A> the otherArgs type
 */
final class WorkerArgs<A> implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The job of a DoFn that runs one job only. */
  static final String SINGLE_JOB = "";
  private final byte[] initial;
  private final TupleTag<KV<String, KV<Long, A>>> tag;
  private transient String instanceId;
  private transient Map<String, A> copies;
  private transient long snapshots;
  private transient Set<String> usedInBundle;
  /** Per job, the snapshot of its copy after the bundle's last chunk of it ({@link #snapshot}). */
  private transient Map<String, A> pending;

  WorkerArgs(A otherArgs, TupleTag<KV<String, KV<Long, A>>> tag) {
    this.initial = OtherArgsCopies.serialize(otherArgs, "Beam worker");
    this.tag = tag;
  }

  /** At the DoFn's {@code @Setup}. */
  void setup() {
    instanceId = UUID.randomUUID().toString();
    copies = new HashMap<>();
    snapshots = 0;
    usedInBundle = new LinkedHashSet<>();
    pending = new HashMap<>();
  }

  /** At the DoFn's {@code @StartBundle}. */
  void startBundle() {
    usedInBundle.clear();
    pending.clear();
  }

  /** The instance's copy, for the user function on one block of the current bundle. */
  A forBlock() {
    return forBlock(SINGLE_JOB);
  }

  /** The instance's copy for {@code job}, for the user function on one block of it. */
  A forBlock(String job) {
    usedInBundle.add(job);
    return copies.computeIfAbsent(job, j -> OtherArgsCopies.deserialize(initial));
  }

  /**
   * After a chunk of {@code job}'s blocks: a deep copy of the job's copy as it is now, emitted at the end of the
   * bundle unless a later chunk of the job replaces it. Taken here, not at the end of the bundle, so that a copy
   * the user function made unserializable (a lock, a GDAL handle put into it) fails its own job, as any error
   * of the function does, naming the job, not the whole bundle.
   *
   * @throws org.rios.errors.ParameterException naming the type if the copy can no longer be serialized
   */
  void snapshot(String job) {
    if (initial != null && usedInBundle.contains(job)) {
      A copy = copies.get(job);
      try {
        pending.put(job, OtherArgsCopies.copy(copy));
      } catch (org.rios.errors.ParameterException e) {
        throw new org.rios.errors.ParameterException("otherArgs of type " + (copy == null ? "null"
            : copy.getClass().getName()) + " could not be copied after the user function's blocks (every value "
            + "put into it must be serializable): " + (e.getCause() != null ? e.getCause() : e.getMessage()), e);
      }
    }
  }

  /** Forgets {@code job}'s snapshot of this bundle (the job failed here). */
  void drop(String job) {
    pending.remove(job);
    usedInBundle.remove(job);
  }

  /** At the DoFn's {@code @FinishBundle}: emits the snapshot of each copy this bundle used, keyed "instance/job". */
  void finishBundle(DoFn<?, ?>.FinishBundleContext c) {
    for (Map.Entry<String, A> e : pending.entrySet()) {
      c.output(tag, KV.of(instanceId + "/" + e.getKey(), KV.of(snapshots++, e.getValue())),
          BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    }
    pending.clear();
    usedInBundle.clear();
  }

  /** The job of a snapshot key "instance/job". */
  static String jobOf(String snapshotKey) {
    return snapshotKey.substring(snapshotKey.indexOf('/') + 1);
  }
}
