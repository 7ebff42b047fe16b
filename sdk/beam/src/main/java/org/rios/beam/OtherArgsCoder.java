package org.rios.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.rios.engine.internal.SafeObjectInput;

/**
 * Coder of the user's otherArgs copies. otherArgs is any Serializable user type, so this is Java
 * serialization, but read back through the same input filter as the native driver's copies
 * ({@link SafeObjectInput}). Never used for blocks. Not deterministic (Java serialization is not), which is
 * fine: copies are collected, never grouped by.
 *
 * <pre>{@code
 * PCollection<OtherInputs> copies = computed.otherArgs();   // already coded with OtherArgsCoder
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
public final class OtherArgsCoder<A> extends CustomCoder<A> {
  private static final long serialVersionUID = 1L;

  public static <A> OtherArgsCoder<A> of() {
    return new OtherArgsCoder<>();
  }

  @Override
  public void encode(A value, OutputStream out) throws IOException {
    if (value != null && !(value instanceof Serializable)) {
      throw new CoderException("otherArgs of type " + value.getClass().getName() + " is not Serializable");
    }
    byte[] bytes = value == null ? new byte[0] : SafeObjectInput.serialize((Serializable) value);
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(bytes.length);
    data.write(bytes);
    data.flush();
  }

  @Override
  @SuppressWarnings("unchecked")
  public A decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int n = data.readInt();
    if (n < 0) {
      throw new CoderException("corrupt otherArgs length " + n);
    }
    if (n == 0) {
      return null;
    }
    byte[] bytes = new byte[n];
    data.readFully(bytes);
    try {
      return (A) SafeObjectInput.deserialize(bytes);
    } catch (ClassNotFoundException e) {
      throw new CoderException("otherArgs class not found: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OtherArgsCoder;
  }

  @Override
  public int hashCode() {
    return OtherArgsCoder.class.hashCode();
  }
}
