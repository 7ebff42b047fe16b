package org.rios.beam;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reduces the compute workers' otherArgs snapshots, ("instance/job", (sequence, copy)), to each worker's
 * latest copy per job. Each snapshot is cumulative, so the latest one per worker holds all that worker did;
 * combining (not grouping) keeps only one snapshot per worker in memory however many bundles it ran.
 */
final class LatestCopies {
  private LatestCopies() {}

  /** The output tag a compute DoFn emits its {@link WorkerArgs} snapshots on. */
  static <A> TupleTag<KV<String, KV<Long, A>>> snapshotTag() {
    return new TupleTag<>("otherArgs") {};
  }

  /** The coder of the snapshots on {@link #snapshotTag}: ("instance/job", (sequence, copy)). */
  static <A> org.apache.beam.sdk.coders.Coder<KV<String, KV<Long, A>>> snapshotCoder() {
    return KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), OtherArgsCoder.<A>of()));
  }

  /** Per job, each worker's latest copy: (job id, copy), from the snapshots on {@code tag} of {@code results}. */
  static <A> PCollection<KV<String, A>> perJob(PCollectionTuple results, TupleTag<KV<String, KV<Long, A>>> tag) {
    PCollection<KV<String, KV<Long, A>>> snapshots = results.get(tag);
    snapshots.setCoder(snapshotCoder());
    return snapshots
        .apply("LatestPerWorker", Combine.perKey(new Latest<A>()))
        .apply("PerJob", ParDo.of(new JobAndCopy<A>()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), OtherArgsCoder.<A>of()));
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
