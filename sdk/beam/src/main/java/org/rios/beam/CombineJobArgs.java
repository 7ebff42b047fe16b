package org.rios.beam;

import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.errors.RiosException;

/**
 * The author's otherArgs combiner applied to each job's copies (grouped by job id): a combiner that fails,
 * or returns null, fails the pipeline with a message naming the job and the combiner (Beam's own combining
 * step says neither). One copy per compute worker per job, so the group is small.
 *
 * @param <A> the otherArgs type
 */
final class CombineJobArgs<A> extends DoFn<KV<String, Iterable<A>>, KV<String, A>> {
  private static final long serialVersionUID = 1L;
  private final Combine.CombineFn<A, ?, A> combiner;

  CombineJobArgs(Combine.CombineFn<A, ?, A> combiner) {
    this.combiner = combiner;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<A>> copies, OutputReceiver<KV<String, A>> out) {
    A combined;
    try {
      combined = combine(combiner, copies.getValue());
    } catch (RuntimeException e) {
      throw new RiosException("Job '" + copies.getKey() + "': the otherArgs combiner "
          + combiner.getClass().getName() + " failed: " + e, e);
    }
    if (combined == null) {
      throw new RiosException("Job '" + copies.getKey() + "': the otherArgs combiner "
          + combiner.getClass().getName() + " returned null");
    }
    out.output(KV.of(copies.getKey(), combined));
  }

  private static <A, C> A combine(Combine.CombineFn<A, C, A> fn, Iterable<A> values) {
    C acc = fn.createAccumulator();
    for (A v : values) {
      acc = fn.addInput(acc, v);
    }
    return fn.extractOutput(acc);
  }
}
