package org.rios.engine.internal;

import java.io.IOException;
import java.io.Serializable;
import org.rios.errors.ParameterException;

/**
 * Each compute worker's own copy of otherArgs, by Java serialization (otherArgs must be Serializable): a
 * compute thread copies in place ({@link #copy}); a Beam DoFn keeps the serialized form and each instance
 * makes its copy from it ({@link #serialize}, {@link #deserialize}).
 *
 * <pre>{@code
 * byte[] initial = OtherArgsCopies.serialize(otherArgs, "Beam worker");   // once, where the job is built
 * OtherInputs mine = OtherArgsCopies.deserialize(initial);                  // in every worker
 * }</pre>
 */
public final class OtherArgsCopies {
  private OtherArgsCopies() {}

  /** A deep copy of {@code args} (null stays null), for one compute thread. */
  public static <A> A copy(A args) {
    return deserialize(serialize(args, "compute worker"));
  }

  /**
   * The serialized form of {@code args}, or null for null.
   *
   * @param worker what gets the copies, for the error message ("compute worker", "Beam worker")
   * @throws ParameterException naming the type if {@code args} is not Serializable or cannot be written
   */
  public static byte[] serialize(Object args, String worker) {
    if (args == null) {
      return null;
    }
    if (!(args instanceof Serializable s)) {
      throw new ParameterException("otherArgs of type " + args.getClass().getName() + " must be Serializable so "
          + "that each " + worker + " can get its own copy");
    }
    try {
      return SafeObjectInput.serialize(s);
    } catch (IOException e) {
      throw new ParameterException("otherArgs of type " + args.getClass().getName()
          + " could not be copied for each " + worker + ": " + e, e);
    }
  }

  /** A new copy from {@link #serialize}'s bytes (null for null). */
  @SuppressWarnings("unchecked")
  public static <A> A deserialize(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return (A) SafeObjectInput.deserialize(bytes);
    } catch (IOException | ClassNotFoundException e) {
      throw new ParameterException("otherArgs could not be read back for a compute worker: " + e);
    }
  }
}
