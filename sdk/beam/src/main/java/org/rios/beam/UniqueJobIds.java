package org.rios.beam;

import java.io.Serializable;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.rios.errors.ParameterException;

/**
 * Fails the pipeline when two jobs of a collection share an id: the id names a job's results, failures,
 * readers and writers, so two jobs under one id would mix or lose outputs without a word. One combine over
 * the whole collection (one key, so one bundle on the DirectRunner whatever the number of jobs).
 */
final class UniqueJobIds extends Combine.CombineFn<RasterJob, UniqueJobIds.Seen, Integer> {
  private static final long serialVersionUID = 1L;

  /** The ids seen, and those seen more than once. */
  static final class Seen implements Serializable {
    private static final long serialVersionUID = 1L;
    final TreeSet<String> ids = new TreeSet<>();
    final TreeSet<String> repeated = new TreeSet<>();

    void add(String id) {
      if (!ids.add(id)) {
        repeated.add(id);
      }
    }
  }

  @Override
  public Seen createAccumulator() {
    return new Seen();
  }

  @Override
  public Seen addInput(Seen seen, RasterJob job) {
    seen.add(job.id());
    return seen;
  }

  @Override
  public Seen mergeAccumulators(Iterable<Seen> all) {
    Seen merged = new Seen();
    for (Seen s : all) {
      s.ids.forEach(merged::add);
      merged.repeated.addAll(s.repeated);
    }
    return merged;
  }

  /** The number of jobs, once every id is known to be unique. */
  @Override
  public Integer extractOutput(Seen seen) {
    int n = seen.repeated.size();
    if (n > 0) {
      String shown = seen.repeated.stream().limit(10).collect(Collectors.joining("', '", "'", "'"));
      throw new ParameterException("RiosIO.process: job ids must be unique within the collection, but "
          + (n == 1 ? "this id is" : n + " ids are") + " given to more than one job: " + shown
          + (n > 10 ? " and " + (n - 10) + " more" : ""));
    }
    return seen.ids.size();
  }

  @Override
  public Coder<Seen> getAccumulatorCoder(CoderRegistry registry, Coder<RasterJob> inputCoder)
      throws CannotProvideCoderException {
    return SerializableCoder.of(Seen.class);
  }
}
