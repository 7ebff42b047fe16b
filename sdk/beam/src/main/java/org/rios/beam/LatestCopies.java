package org.rios.beam;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reduces the compute workers' otherArgs snapshots, (worker id, (sequence, copy)), to each worker's latest
 * copy. Each snapshot is cumulative, so the latest one per worker holds all that worker did; combining (not
 * grouping) keeps only one snapshot per worker in memory however many bundles it ran.
 */
final class LatestCopies<A> extends PTransform<PCollection<KV<String, KV<Long, A>>>, PCollection<A>> {
  private static final long serialVersionUID = 1L;

  /** The output tag a compute DoFn emits its {@link WorkerArgs} snapshots on. */
  static <A> TupleTag<KV<String, KV<Long, A>>> snapshotTag() {
    return new TupleTag<>("otherArgs") {};
  }

  /** The workers' latest copies from the snapshots a compute DoFn emitted on {@code tag} of {@code results}. */
  static <A> PCollection<A> of(PCollectionTuple results, TupleTag<KV<String, KV<Long, A>>> tag) {
    PCollection<KV<String, KV<Long, A>>> snapshots = results.get(tag);
    snapshots.setCoder(snapshotCoder());
    return snapshots.apply("OtherArgsCopies", new LatestCopies<>());
  }

  /**
   * Per job, each worker's latest copy: (job id, copy) from the snapshots keyed "instance/job" a compute DoFn
   * of many jobs emitted on {@code tag}.
   */
  static <A> PCollection<KV<String, A>> perJob(PCollectionTuple results, TupleTag<KV<String, KV<Long, A>>> tag) {
    PCollection<KV<String, KV<Long, A>>> snapshots = results.get(tag);
    snapshots.setCoder(snapshotCoder());
    return snapshots
        .apply("LatestPerWorker", Combine.perKey(new Latest<A>()))
        .apply("PerJob", ParDo.of(new JobAndCopy<A>()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), OtherArgsCoder.<A>of()));
  }

  /** Coder of the snapshots: (worker id, (sequence, copy)). */
  static <A> KvCoder<String, KV<Long, A>> snapshotCoder() {
    return KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), OtherArgsCoder.<A>of()));
  }

  @Override
  public PCollection<A> expand(PCollection<KV<String, KV<Long, A>>> snapshots) {
    return snapshots
        .apply("LatestPerWorker", Combine.perKey(new Latest<A>()))
        .apply("Copies", ParDo.of(new CopyOnly<A>()))
        .setCoder(OtherArgsCoder.of());
  }

  /** Drops the worker id and sequence number. */
  private static final class CopyOnly<A> extends DoFn<KV<String, KV<Long, A>>, A> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<String, KV<Long, A>> latest, OutputReceiver<A> out) {
      out.output(latest.getValue().getValue());
    }
  }

  /** (job, copy) from ("instance/job", (sequence, copy)). */
  private static final class JobAndCopy<A> extends DoFn<KV<String, KV<Long, A>>, KV<String, A>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<String, KV<Long, A>> latest, OutputReceiver<KV<String, A>> out) {
      out.output(KV.of(WorkerArgs.jobOf(latest.getKey()), latest.getValue().getValue()));
    }
  }

  /** The snapshot with the higher sequence number. */
  private static final class Latest<A> extends Combine.BinaryCombineFn<KV<Long, A>> {
    private static final long serialVersionUID = 1L;

    @Override
    public KV<Long, A> apply(KV<Long, A> left, KV<Long, A> right) {
      return left.getKey() >= right.getKey() ? left : right;
    }
  }
}
