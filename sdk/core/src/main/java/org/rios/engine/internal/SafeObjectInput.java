package org.rios.engine.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Java serialization for what must travel as objects (the user function, otherArgs, Timers), always read
 * through an {@link ObjectInputFilter}. The security boundary is the channel's authentication (nothing is
 * deserialized from an unauthenticated peer); the filter is defence in depth: it bounds depth, references
 * and array sizes and rejects classes of well-known deserialization gadget chains. User classes must stay
 * allowed, since the user function and otherArgs are the user's own types.
 */
public final class SafeObjectInput {
  static final String FILTER_PATTERN = "maxdepth=200;maxrefs=10000000;maxarray=1000000000;maxbytes=2000000000;"
      + "!org.apache.commons.collections.functors.*;!org.apache.commons.collections4.functors.*;"
      + "!org.apache.commons.beanutils.*;!org.codehaus.groovy.runtime.*;!org.springframework.beans.factory.*;"
      + "!com.sun.org.apache.xalan.internal.xsltc.trax.*;!org.apache.xalan.xsltc.trax.*;"
      + "!javax.management.*;!java.rmi.*;!sun.rmi.*;!com.sun.rowset.*;!javax.script.*;*";

  static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(FILTER_PATTERN);

  private SafeObjectInput() {}

  public static byte[] serialize(Serializable o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  /** Deserializes through the filter, resolving classes with this thread's context class loader. */
  public static Object deserialize(byte[] data) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data)) {
      @Override
      protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try {
          return Class.forName(desc.getName(), false, cl);
        } catch (ClassNotFoundException e) {
          return super.resolveClass(desc);
        }
      }
    }) {
      // with the JVM-wide filter (jdk.serialFilter), if any: a class it rejects stays rejected
      ObjectInputFilter site = ObjectInputFilter.Config.getSerialFilter();
      in.setObjectInputFilter(site == null ? FILTER : ObjectInputFilter.merge(FILTER, site));
      return in.readObject();
    }
  }
}
