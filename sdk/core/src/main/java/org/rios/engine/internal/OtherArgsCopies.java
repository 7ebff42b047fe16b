package org.rios.engine.internal;

import java.io.IOException;
import java.io.Serializable;
import org.rios.errors.ParameterException;

/** Deep copies of otherArgs for compute workers, by Java serialization (otherArgs must be Serializable). */
public final class OtherArgsCopies {
  private OtherArgsCopies() {}

  @SuppressWarnings("unchecked")
  public static <A> A copy(A args) {
    if (args == null) {
      return null;
    }
    if (!(args instanceof Serializable)) {
      throw new ParameterException("otherArgs of type " + args.getClass().getName() + " must be Serializable so "
          + "that each compute worker can get its own copy");
    }
    try {
      return (A) SafeObjectInput.deserialize(SafeObjectInput.serialize((Serializable) args));
    } catch (IOException | ClassNotFoundException e) {
      throw new ParameterException("otherArgs of type " + args.getClass().getName()
          + " could not be copied for the compute workers: " + e);
    }
  }
}
