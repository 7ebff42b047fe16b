package org.rios.gdal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.rios.errors.ParameterException;

/**
 * Gives the native heap's free memory back to the system while blocks are read and written. GDAL allocates
 * and frees a buffer for every tile it decodes or encodes; glibc's malloc raises its mmap threshold to the
 * size of those buffers and keeps the freed ones in its heap, so a run's resident memory grew with the
 * raster although the memory in use did not (threaded NDVI with GDAL's cache at 64 MB: 365 MB peak at
 * 4096², 415 MB at 16384²). While blocks go through {@link #blockDone()}, a daemon thread looks at the
 * process's resident memory every {@value #DEFAULT_INTERVAL_MS} ms (or every {@value #ENV} ms) and, when it
 * has reached {@value #GROWTH_MB} MB above what the last trim left ({@link TrimPolicy}), asks the JVM to trim
 * the native heap (its diagnostic command {@code System.trim_native_heap}, glibc's {@code malloc_trim}).
 * Trimming at every look instead gave back memory that was used again right after (GDAL's cache between two
 * jobs in one JVM), which the system then faulted in again: 8 % more time on 8 NDVI jobs of 4096² with a
 * 256 MB cache. Fixing glibc's threshold ({@code MALLOC_MMAP_THRESHOLD_}) maps and unmaps every tile buffer
 * and cost 1.2-1.3x the time of a sequential NDVI.
 *
 * <p>The thread sleeps while no block moves, and stops for good where it cannot help: {@value #ENV}=0, a JVM
 * that trims on its own ({@code -XX:TrimNativeHeapInterval}), or a JVM or C library without the command.
 * Where the resident memory cannot be read (no {@code /proc/self/status}) it trims at every look. The first
 * look comes one interval after the first block, so a short run never pays for it.
 */
public final class NativeHeapTrimmer {
  /** Environment variable: milliseconds between trims while blocks move; 0 turns trimming off. */
  public static final String ENV = "RIOS_TRIM_NATIVE_HEAP_MS";
  /** Milliseconds between trims by default. */
  public static final long DEFAULT_INTERVAL_MS = 500;
  /** How far above what the last trim left (or the first look) the resident memory gets before a trim. */
  public static final long GROWTH_MB = 32;

  private static final Path STATUS = Path.of("/proc/self/status");
  private static volatile NativeHeapTrimmer process;

  private final long intervalNanos;
  private final BooleanSupplier trim;
  private final LongSupplier residentBytes;
  private final long growthBytes;
  private volatile boolean busy;
  private volatile boolean waiting;
  private volatile boolean stopped;
  private volatile Thread thread;

  /**
   * A trimmer that looks at {@code residentBytes} (negative: unknown) every {@code intervalMs} while blocks
   * move and calls {@code trim} when it is {@code growthBytes} above what the last trim left, or the first
   * look ({@link TrimPolicy}; at every look when unknown); {@code trim} returns false when trimming cannot work
   * here, which stops the trimmer for good.
   */
  NativeHeapTrimmer(long intervalMs, BooleanSupplier trim, LongSupplier residentBytes, long growthBytes) {
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
    this.trim = trim;
    this.residentBytes = residentBytes;
    this.growthBytes = growthBytes;
    this.stopped = intervalMs <= 0;
  }

  /** Says a block was read or written in this process (cheap: two volatile reads once trimming runs). */
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
      process = new NativeHeapTrimmer(ms, new JvmTrim(), NativeHeapTrimmer::residentBytes, GROWTH_MB << 20);
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
    throw new ParameterException(ENV + " must be a whole number of milliseconds between trims of the native "
        + "heap (0 turns them off), not '" + value + "'");
  }

  void moved() {
    if (busy || stopped) {
      return;
    }
    busy = true;
    Thread t = thread;
    if (t == null) {
      start();
    } else if (waiting) {
      LockSupport.unpark(t);
    }
  }

  private synchronized void start() {
    if (thread == null && !stopped) {
      Thread t = new Thread(this::loop, "rios-native-heap-trim");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  /** True once the trimmer has stopped for good (or never could start). */
  boolean stopped() {
    return stopped;
  }

  private void loop() {
    TrimPolicy policy = new TrimPolicy(growthBytes);
    while (!stopped) {
      while (!busy) {
        waiting = true;
        if (!busy) {
          LockSupport.park(this);
        }
        waiting = false;
      }
      long deadline = System.nanoTime() + intervalNanos;
      for (long left = intervalNanos; left > 0; left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(this, left);
      }
      busy = false;   // blocks from here on count for the next look
      long rss = residentBytes.getAsLong();
      if (!policy.trimNow(rss)) {
        continue;
      }
      if (!trim.getAsBoolean()) {
        stopped = true;
      }
      policy.trimmed(residentBytes.getAsLong());
    }
  }

  /** This process's resident memory in bytes (VmRSS of /proc/self/status), or -1 where it cannot be read. */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024L;   // "VmRSS:    123456 kB"
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs
    }
    return -1;
  }

  /** Trims through the JVM's diagnostic command; false if it cannot trim here or trims on its own. */
  static final class JvmTrim implements BooleanSupplier {
    private MBeanServer server;
    private ObjectName command;

    @Override
    public boolean getAsBoolean() {
      try {
        if (server == null) {
          if (!"0".equals(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
              .getVMOption("TrimNativeHeapInterval").getValue())) {
            return false;   // -XX:TrimNativeHeapInterval: the JVM trims by itself
          }
          command = new ObjectName("com.sun.management:type=DiagnosticCommand");
          server = ManagementFactory.getPlatformMBeanServer();
        }
        Object answer = server.invoke(command, "systemTrimNativeHeap", new Object[] {null},
            new String[] {String[].class.getName()});
        // "Trim native heap: RSS+Swap: 412M->318M (-94M)" where it trims; other text where it cannot
        return String.valueOf(answer).contains("RSS");
      } catch (JMException | RuntimeException | LinkageError e) {
        return false;   // a JVM without the option or the command (before 17.0.9), or without JMX
      }
    }
  }
}
