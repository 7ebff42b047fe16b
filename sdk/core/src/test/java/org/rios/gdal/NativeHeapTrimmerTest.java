package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.ParameterException;
import org.rios.testutil.EscapedNamesCopyMain;
import org.rios.testutil.TestRasters;

class NativeHeapTrimmerTest {
  /** Resident memory that cannot be read: a trim at every look. */
  private static final java.util.function.LongSupplier UNKNOWN = () -> -1;
  private static final long GROWTH = 32L << 20;

  @TempDir
  File tmp;

  private static void moveBlocksFor(NativeHeapTrimmer t, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < end) {
      t.moved();
      Thread.sleep(1);
    }
  }

  @Test
  void trimsOncePerIntervalWhileBlocksMove() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(40, () -> trims.incrementAndGet() > 0, UNKNOWN, GROWTH);
    moveBlocksFor(t, 400);
    // 400 ms of blocks at one trim per 40 ms: about 10, never more than the intervals that fit
    assertThat(trims.get(), both(greaterThanOrEqualTo(4)).and(lessThanOrEqualTo(10)));
  }

  @Test
  void neverTrimsWithoutBlocksAndSleepsWhenTheyStop() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(20, () -> trims.incrementAndGet() > 0, UNKNOWN, GROWTH);
    Thread.sleep(100);
    assertThat("no block, no trim", trims.get(), is(0));
    t.moved();
    Thread.sleep(100);
    assertThat("one block: one trim, an interval later", trims.get(), is(1));
    Thread.sleep(100);
    assertThat("no more blocks: the thread sleeps", trims.get(), is(1));
    t.moved();
    Thread.sleep(100);
    assertThat("a new block wakes it", trims.get(), is(2));
  }

  @Test
  void stopsForGoodWhereTrimmingCannotWork() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(10, () -> trims.incrementAndGet() < 0, UNKNOWN, GROWTH);
    moveBlocksFor(t, 100);
    assertThat(t.stopped(), is(true));
    moveBlocksFor(t, 100);
    assertThat("asked once, then never again", trims.get(), is(1));
  }

  /**
   * Where the resident memory is known, a look trims only when it is the threshold above what the last trim
   * left (or the first look): memory in use, or used again, is left alone.
   */
  @Test
  void trimsOnlyWhenTheResidentMemoryReachesTheCeiling() throws InterruptedException {
    java.util.concurrent.atomic.AtomicLong rss = new java.util.concurrent.atomic.AtomicLong(300L << 20);
    java.util.List<Long> trimmedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    NativeHeapTrimmer t = new NativeHeapTrimmer(10, () -> {
      trimmedAt.add(rss.get() >> 20);
      rss.addAndGet(-(40L << 20));   // the trim gives 40 MB back
      return true;
    }, rss::get, GROWTH);
    moveBlocksFor(t, 100);
    rss.set(331L << 20);   // 31 MB above the first look
    moveBlocksFor(t, 100);
    assertThat("under the ceiling: no trim", trimmedAt.isEmpty(), is(true));
    rss.set(332L << 20);
    moveBlocksFor(t, 100);
    assertThat("one trim, at the ceiling", trimmedAt, is(java.util.List.of(332L)));
    rss.set(331L << 20);   // back at the ceiling less 1 MB: the trim left 292 MB, the ceiling stays 332 MB
    moveBlocksFor(t, 100);
    assertThat(trimmedAt.size(), is(1));
    rss.set(400L << 20);
    moveBlocksFor(t, 100);
    assertThat("the trim left 360 MB in use: the ceiling is 392 MB", trimmedAt, is(java.util.List.of(332L, 400L)));
    rss.set(391L << 20);
    moveBlocksFor(t, 100);
    assertThat(trimmedAt.size(), is(2));
  }

  @Test
  void theResidentMemoryOfThisProcessIsRead() {
    assumeTrue(new File("/proc/self/status").canRead(), "Linux's /proc");
    long rss = NativeHeapTrimmer.residentBytes();
    long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertThat("a JVM's resident memory is megabytes, at least what its heap uses now", rss,
        both(greaterThanOrEqualTo(Math.min(heapUsed, 16L << 20))).and(lessThanOrEqualTo(64L << 30)));
  }

  @Test
  void zeroTurnsItOff() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(0, () -> trims.incrementAndGet() > 0, UNKNOWN, GROWTH);
    assertThat(t.stopped(), is(true));
    moveBlocksFor(t, 50);
    assertThat(trims.get(), is(0));
  }

  @Test
  void intervalComesFromTheEnvironmentValue() {
    assertThat(NativeHeapTrimmer.interval(null), is(NativeHeapTrimmer.DEFAULT_INTERVAL_MS));
    assertThat(NativeHeapTrimmer.interval(""), is(NativeHeapTrimmer.DEFAULT_INTERVAL_MS));
    assertThat(NativeHeapTrimmer.interval(" 250 "), is(250L));
    assertThat(NativeHeapTrimmer.interval("0"), is(0L));
    for (String bad : new String[] {"-1", "half a second", "0.5"}) {
      ParameterException e = assertThrows(ParameterException.class, () -> NativeHeapTrimmer.interval(bad));
      assertThat(e.getMessage(), containsString(NativeHeapTrimmer.ENV));
      assertThat(e.getMessage(), containsString("'" + bad + "'"));
    }
  }

  @Test
  void theJvmTrimsThisProcessWhereItCan() {
    boolean hasOption;
    try {
      hasOption = "0".equals(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("TrimNativeHeapInterval").getValue());
    } catch (IllegalArgumentException e) {
      hasOption = false;
    }
    assumeTrue(hasOption && System.getProperty("os.name").startsWith("Linux"),
        "a JDK with System.trim_native_heap (17.0.9 or later) on Linux");
    NativeHeapTrimmer.JvmTrim trim = new NativeHeapTrimmer.JvmTrim();
    assertThat("glibc's malloc_trim through the JVM", trim.getAsBoolean(), is(true));
    assertThat("and again, through the same command", trim.getAsBoolean(), is(true));
  }

  /** A copy in a JVM whose environment sets the interval; what it printed. */
  private String copyWithInterval(String value, File out) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djava.library.path=" + System.getProperty("java.library.path"),
        EscapedNamesCopyMain.class.getName(), TestRasters.rampFile(new File(tmp, "in.img")), out.getPath())
        .redirectErrorStream(true);
    pb.environment().put(NativeHeapTrimmer.ENV, value);
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(text, p.waitFor(), is(0));
    return text;
  }

  @Test
  void aBadSettingFailsTheRunBeforeAnyOutputAndNamesTheVariable() throws Exception {
    File out = new File(tmp, "out.img");
    String text = copyWithInterval("soon", out);
    assertThat(text, containsString(ParameterException.class.getName()));
    assertThat(text, containsString(NativeHeapTrimmer.ENV));
    assertThat(text, containsString("'soon'"));
    assertThat("no output", out.exists(), is(false));
    File ok = new File(tmp, "ok.img");
    assertThat(copyWithInterval("1", ok), containsString("finished"));
    assertThat(ok.exists(), is(true));
  }
}
