package org.rios.testutil;

import java.util.List;
import org.rios.gdal.NativeHeapTrimmer;

/** The library's threads a finished run must not leave behind. */
public final class RunThreads {
  private RunThreads() {}

  /**
   * Names of the live threads named {@code rios-...}, but for the process's native-heap trimmer, which serves
   * every run of the JVM and ends on its own a few seconds after the last block (NativeHeapTrimmerTest).
   */
  public static List<String> alive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("rios-")
            && !t.getName().equals(NativeHeapTrimmer.THREAD_NAME))
        .map(Thread::getName).sorted().toList();
  }
}
