package org.rios.beam;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * A transform output made of two named collections (what a composite returns when it has a main result and
 * the otherArgs copies). Both collections carry explicit coders, so there is nothing left to finish.
 */
abstract class TwoCollections implements POutput {
  private final Pipeline pipeline;
  private final Map<TupleTag<?>, PValue> parts = new LinkedHashMap<>();

  TwoCollections(Pipeline pipeline, String firstName, PCollection<?> first, String secondName,
      PCollection<?> second) {
    this.pipeline = pipeline;
    parts.put(new TupleTag<>(firstName), first);
    parts.put(new TupleTag<>(secondName), second);
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return new LinkedHashMap<>(parts);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {
    // Both collections already have explicit coders; nothing is left to infer.
  }
}
