package org.rios.concurrency.internal.workers;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of this JVM that a compute worker's JVM (a CW_SUBPROC process, a CW_SLURM or CW_PBS job
 * running the default worker command) gets too: memory limits, and where to find natives and temp files.
 */
public final class WorkerJvmOptions {
  private static final List<String> FORWARDED_PREFIXES = List.of("-Xmx", "-Xms", "-Xss", "-XX:MaxRAMPercentage=",
      "-XX:InitialRAMPercentage=", "-XX:MaxDirectMemorySize=", "-Djava.library.path=", "-Djava.io.tmpdir=");

  private WorkerJvmOptions() {}

  /**
   * The options among {@code jvmArgs} that a worker JVM gets too: a heap limit given to the run's JVM holds
   * for its workers (without it each took a quarter of the RAM, and a user function that ran out of memory
   * showed as a buffer timeout), as do the native library path and the temp directory. Not the others: a
   * debugger's or a JMX agent's port would clash.
   */
  public static List<String> forwarded(List<String> jvmArgs) {
    List<String> out = new ArrayList<>();
    for (String a : jvmArgs) {
      if (FORWARDED_PREFIXES.stream().anyMatch(a::startsWith)) {
        out.add(a);
      }
    }
    return out;
  }

  /** {@link #forwarded} of this JVM's own options. */
  public static List<String> ofThisJvm() {
    return forwarded(ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /**
   * This JVM's {@code -Djava.library.path} (where GDAL's natives are), the one option a batch job on another
   * node gets: its memory is the queue's ({@code --mem}; a heap sized for this host could exceed it) and this
   * host's temp directory may not exist there.
   */
  public static List<String> libraryPathOfThisJvm() {
    return ofThisJvm().stream().filter(o -> o.startsWith("-Djava.library.path=")).toList();
  }
}
