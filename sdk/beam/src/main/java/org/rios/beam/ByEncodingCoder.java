package org.rios.beam;

import java.io.Serializable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StructuralByteArray;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Java serialization for the library's own elements between its steps (planned jobs, chunks of work, records
 * of written files, failed jobs), compared by their encoding. Beam's {@code SerializableCoder} compares
 * elements with {@code equals}, which a plan does not define as a value (it holds the user's hooks), so the
 * DirectRunner's immutability check ({@code --enforceImmutability=true}, which the README advises for checking
 * a pipeline's own steps) logged a warning with a dump of the whole element for each of them, and
 * {@code SerializableCoder.of} logs one per type when the pipeline is built. The encoding itself is the same
 * as {@code SerializableCoder}'s, and as stable from one encoding to the next.
 */
final class ByEncodingCoder<T extends Serializable> extends SerializableCoder<T> {
  private static final long serialVersionUID = 1L;

  private ByEncodingCoder(Class<T> type) {
    super(type, TypeDescriptor.of(type));
  }

  static <T extends Serializable> ByEncodingCoder<T> forType(Class<T> type) {
    return new ByEncodingCoder<>(type);
  }

  @Override
  public String toString() {
    return "ByEncodingCoder(" + getRecordType().getName() + ")";
  }

  @Override
  public Object structuralValue(T value) {
    try {
      return new StructuralByteArray(CoderUtils.encodeToByteArray(this, value));
    } catch (CoderException e) {
      throw new IllegalArgumentException("Could not encode a " + getRecordType().getName() + " to compare it", e);
    }
  }
}
