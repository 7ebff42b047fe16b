package org.rios.gdal;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.rios.errors.ParameterException;
import org.rios.lifecycle.ProcessMemory;

/**
 * Gives the native heap's free memory back to the system while blocks are read and written. GDAL allocates
 * and frees a buffer for every tile it decodes or encodes; glibc's malloc raises its mmap threshold to the
 * size of those buffers and keeps the freed ones in its heap, so a run's resident memory grew with the
 * raster although the memory in use did not (threaded NDVI with GDAL's cache at 64 MB: 368 MB peak at
 * 4096², 428 MB at 16384²). While blocks go through {@link #blockDone()}, a daemon thread looks at the
 * process's resident memory every {@value #DEFAULT_INTERVAL_MS} ms (or every {@value #ENV} ms) and, when it
 * has reached its ceiling ({@link TrimPolicy}: {@value #GROWTH_MB} MB above the first look, or above the most
 * that a trim has left), asks the JVM to trim the native heap (its diagnostic command
 * {@code System.trim_native_heap}, glibc's {@code malloc_trim}). Trimming at every look instead gave back
 * memory that was used again right after (GDAL's cache between two jobs in one JVM), which the system then
 * faulted in again: 8 % more time on 8 NDVI jobs of 4096² with a 256 MB cache. Fixing glibc's threshold
 * ({@code MALLOC_MMAP_THRESHOLD_}) maps and unmaps every tile buffer and cost 1.2-1.3x the time of a
 * sequential NDVI.
 *
 * <p>The thread sleeps while no block moves and ends after {@value #IDLE_EXIT_SECONDS} s without one (a later
 * block starts another: a Flink TaskManager keeps no thread of a finished job's class loader). It stops for
 * good where it cannot help or judge: {@value #ENV}=0, a JVM that trims on its own
 * ({@code -XX:TrimNativeHeapInterval}), a JVM or C library without the command, or a system whose resident
 * memory cannot be read ({@code /proc/self/status}). The first look comes one interval after the first block,
 * so a short run never pays for it. Nothing it does can fail a read or a write.
 */
public final class NativeHeapTrimmer {
  /** Environment variable: milliseconds between looks at the memory while blocks move; 0 turns trimming off. */
  public static final String ENV = "RIOS_TRIM_NATIVE_HEAP_MS";
  /** Milliseconds between looks by default. */
  public static final long DEFAULT_INTERVAL_MS = 500;
  /** How far above the first look, or the most that a trim has left, the resident memory gets before a trim. */
  public static final long GROWTH_MB = 32;
  /** The name of the trimmer's thread: one per process, not per run (it outlives a run by a few seconds). */
  public static final String THREAD_NAME = "rios-native-heap-trim";
  /** Seconds without a block after which the thread ends. */
  static final long IDLE_EXIT_SECONDS = 5;

  private static volatile NativeHeapTrimmer process;

  private final long intervalNanos;
  private final long idleExitNanos;
  private final BooleanSupplier trim;
  private final LongSupplier residentBytes;
  private final TrimPolicy policy;
  private volatile boolean busy;
  private volatile boolean waiting;
  private volatile boolean stopped;
  private Thread thread;   // guarded by this

  /**
   * A trimmer that looks at {@code residentBytes} (negative: unknown, which stops it) every {@code intervalMs}
   * while blocks move and calls {@code trim} when the memory reaches the ceiling of a {@link TrimPolicy} of
   * {@code growthBytes}; {@code trim} returns false when trimming cannot work here, which stops the trimmer for
   * good. Its thread ends after {@code idleExitMs} without a block.
   */
  NativeHeapTrimmer(long intervalMs, long idleExitMs, BooleanSupplier trim, LongSupplier residentBytes,
      long growthBytes) {
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
    this.idleExitNanos = TimeUnit.MILLISECONDS.toNanos(idleExitMs);
    this.trim = trim;
    this.residentBytes = residentBytes;
    this.policy = new TrimPolicy(growthBytes);
    this.stopped = intervalMs <= 0;
  }

  /** Says a block was read or written in this process (cheap: one volatile read while trimming runs). */
  public static void blockDone() {
    NativeHeapTrimmer t = process;
    (t != null ? t : processTrimmer()).moved();
  }

  /**
   * Checks {@value #ENV}; planning calls this, so that a bad value fails the run before its first block
   * (the trimmer itself then stays off).
   *
   * @throws ParameterException naming the variable if its value is not a whole number of milliseconds
   */
  public static void checkSetting() {
    interval(System.getenv(ENV));
  }

  /** This process's trimmer, with the interval of {@value #ENV}. */
  static synchronized NativeHeapTrimmer processTrimmer() {
    if (process == null) {
      long ms;
      try {
        ms = interval(System.getenv(ENV));
      } catch (ParameterException e) {
        ms = 0;   // checkSetting reports it where the run is planned
      }
      process = new NativeHeapTrimmer(ms, TimeUnit.SECONDS.toMillis(IDLE_EXIT_SECONDS), new JvmTrim(),
          ProcessMemory::residentBytes, GROWTH_MB << 20);
    }
    return process;
  }

  /** The interval a value of {@value #ENV} sets (null: the default). */
  static long interval(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_INTERVAL_MS;
    }
    try {
      long ms = Long.parseLong(value.trim());
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ParameterException(ENV + " must be a whole number of milliseconds between looks at the native "
        + "heap (0 turns trimming off), not '" + value + "'");
  }

  /** A block moved: wakes the thread, or starts one, once per interval (a lock taken then only). */
  void moved() {
    if (busy || stopped) {
      return;
    }
    synchronized (this) {
      busy = true;
      if (thread == null) {
        start();
      } else if (waiting) {
        LockSupport.unpark(thread);
      }
    }
  }

  private void start() {
    try {
      Thread t = new Thread(this::run, THREAD_NAME);
      t.setDaemon(true);
      t.setContextClassLoader(null);
      t.start();
      thread = t;
    } catch (Throwable e) {
      stopped = true;   // no thread to be had (out of native threads): the run goes on without trimming
    }
  }

  /** True once the trimmer has stopped for good (or never could start). */
  boolean stopped() {
    return stopped;
  }

  /** True while the thread waits for a block (not between two looks). */
  boolean idle() {
    return waiting;
  }

  /** The trimmer's thread, or null when none runs. */
  synchronized Thread thread() {
    return thread;
  }

  private void run() {
    try {
      while (!stopped && awaitBlocks()) {
        long deadline = System.nanoTime() + intervalNanos;
        for (long left = intervalNanos; left > 0; left = deadline - System.nanoTime()) {
          Thread.interrupted();   // an interrupt must not turn the waits into a spin
          LockSupport.parkNanos(this, left);
        }
        busy = false;   // blocks from here on count for the next look
        look();
      }
    } catch (Throwable e) {
      stopped = true;   // nothing here may disturb the run: stop trimming
    } finally {
      synchronized (this) {
        if (thread == Thread.currentThread()) {
          thread = null;
        }
      }
    }
  }

  /** Waits until a block moves (true), or ends the thread after the idle time without one (false). */
  private boolean awaitBlocks() {
    long idleSince = System.nanoTime();
    while (!busy) {
      if (System.nanoTime() - idleSince >= idleExitNanos) {
        synchronized (this) {
          if (!busy) {
            thread = null;   // the next block starts another
            return false;
          }
        }
      }
      waiting = true;
      if (!busy) {
        Thread.interrupted();
        LockSupport.parkNanos(this, Math.max(1, idleExitNanos - (System.nanoTime() - idleSince)));
      }
      waiting = false;
    }
    return true;
  }

  /** One look at the resident memory, and a trim if it has reached the ceiling. */
  void look() {
    long rss = residentBytes.getAsLong();
    if (rss < 0) {
      stopped = true;   // the memory cannot be read: no way to tell a useful trim from a costly one
      return;
    }
    if (!policy.trimNow(rss)) {
      return;
    }
    if (!trim.getAsBoolean()) {
      stopped = true;
      return;
    }
    policy.trimmed(residentBytes.getAsLong());
  }

  /** Trims through the JVM's diagnostic command; false if it cannot trim here or trims on its own. */
  static final class JvmTrim implements BooleanSupplier {
    private MBeanServer server;
    private ObjectName command;

    @Override
    public boolean getAsBoolean() {
      try {
        if (server == null) {
          if (jvmTrimsItself()) {
            return false;
          }
          command = new ObjectName("com.sun.management:type=DiagnosticCommand");
          server = ManagementFactory.getPlatformMBeanServer();
        }
        Object answer = server.invoke(command, "systemTrimNativeHeap", new Object[] {null},
            new String[] {String[].class.getName()});
        return trimmed(answer);
      } catch (JMException | RuntimeException | LinkageError e) {
        return false;   // a JVM without the command (before 17.0.9), or without JMX
      }
    }

    /**
     * Whether the command's answer says it trimmed: "Trim native heap: RSS+Swap: 412M->318M (-94M)" (or
     * "Done ..." in other JDK builds) where it can, "Not available." where the C library cannot.
     */
    static boolean trimmed(Object answer) {
      String a = answer == null ? "" : answer.toString().trim().toLowerCase(Locale.ROOT);
      return !a.isEmpty() && !a.contains("not available") && !a.contains("not supported");
    }

    /** Whether {@code -XX:TrimNativeHeapInterval} makes the JVM trim by itself (unknown: no). */
    private static boolean jvmTrimsItself() {
      try {
        String v = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
            .getVMOption("TrimNativeHeapInterval").getValue();
        return !"0".equals(v);
      } catch (IllegalArgumentException e) {
        return false;   // no such option, or an experimental one not unlocked: the command decides
      }
    }
  }
}
