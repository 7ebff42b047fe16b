package org.rios.testutil;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A class loader like a Flink TaskManager's for each pipeline: child-first over this JVM's class path (the
 * library, Beam and everything else loaded anew), parent-first only for the JDK and GDAL's Java classes (which
 * a TaskManager has in its lib directory, since a native library binds to one loader). A test runs library
 * code through it, drops it and checks that it can be collected: a thread or hook the library leaves behind
 * would keep every pipeline's classes in a TaskManager's Metaspace.
 */
public final class PipelineClassLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  public PipelineClassLoader() {
    super(classPath(), PipelineClassLoader.class.getClassLoader());
  }

  private static URL[] classPath() {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty() || new File(entry).getName().startsWith("gdal-")) {
        continue;
      }
      try {
        urls.add(new File(entry).toURI().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return urls.toArray(new URL[0]);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
        || name.startsWith("org.gdal.")) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException e) {
          c = super.loadClass(name, false);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  /**
   * Runs {@code runnableClass} (a public {@link Runnable} with a public no-argument constructor) loaded
   * through a new loader of this kind, closes the loader and returns a weak reference to it.
   */
  public static WeakReference<ClassLoader> runIn(String runnableClass) throws Exception {
    PipelineClassLoader loader = new PipelineClassLoader();
    try {
      ((Runnable) loader.loadClass(runnableClass).getDeclaredConstructor().newInstance()).run();
    } finally {
      loader.close();
    }
    return new WeakReference<>(loader);
  }

  /**
   * Whether {@code ref}'s loader is collected within {@code seconds} (collecting garbage meanwhile). First
   * the JDK's own one-entry caches are made to hold a class of this loader instead: JDK 17's record methods
   * ({@code java.lang.runtime.ObjectMethods}) keep the method handle they last adapted, to the last record
   * component type they saw, which pins that type's loader until another record's methods are linked (one
   * loader at most, not one per pipeline).
   */
  public static boolean collectedWithin(WeakReference<ClassLoader> ref, int seconds) throws Throwable {
    linkRecordMethods();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      System.gc();
      if (ref.get() == null) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private record Probe(String text) {}

  /** Links {@link Probe}'s equals, hashCode and toString anew, as the first use of a record's would. */
  private static void linkRecordMethods() throws Throwable {
    java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
    java.lang.invoke.MethodHandle getter = lookup.findGetter(Probe.class, "text", String.class);
    java.lang.invoke.MethodType[] types = {
        java.lang.invoke.MethodType.methodType(boolean.class, Probe.class, Object.class),
        java.lang.invoke.MethodType.methodType(int.class, Probe.class),
        java.lang.invoke.MethodType.methodType(String.class, Probe.class)};
    String[] names = {"equals", "hashCode", "toString"};
    for (int i = 0; i < names.length; i++) {
      java.lang.runtime.ObjectMethods.bootstrap(lookup, names[i], types[i], Probe.class, "text", getter);
    }
  }
}
