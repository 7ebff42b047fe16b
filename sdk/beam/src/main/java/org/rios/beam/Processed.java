package org.rios.beam;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

/**
 * What {@link RiosBeam#process} produces: the sink's summary (one element, once the outputs are complete)
 * and the workers' otherArgs copies.
 *
 * <pre>{@code
 * Processed<OtherInputs> r = pipeline.apply(RiosBeam.process(plan, infiles, outfiles, fn, acc));
 * r.otherArgs().apply(CollectToFile.to(tmp.resolve("args.bin")));
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
public final class Processed<A> extends TwoCollections {
  private final PCollection<WriteSummary> summary;
  private final PCollection<A> otherArgs;

  Processed(Pipeline pipeline, PCollection<WriteSummary> summary, PCollection<A> otherArgs) {
    super(pipeline, "summary", summary, "otherArgs", otherArgs);
    this.summary = summary;
    this.otherArgs = otherArgs;
  }

  /** One {@link WriteSummary}, emitted after every output was finished. */
  public PCollection<WriteSummary> summary() {
    return summary;
  }

  /** The otherArgs copies (see {@link Computed#otherArgs()}). */
  public PCollection<A> otherArgs() {
    return otherArgs;
  }
}
