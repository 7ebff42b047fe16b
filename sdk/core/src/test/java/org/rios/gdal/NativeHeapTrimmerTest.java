package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.ParameterException;
import org.rios.testutil.EscapedNamesCopyMain;
import org.rios.testutil.TestRasters;

class NativeHeapTrimmerTest {
  private static final long MB = 1L << 20;
  private static final long GROWTH = 32 * MB;
  private static final long NEVER = TimeUnit.HOURS.toMillis(1);

  @TempDir
  File tmp;

  /** Resident memory 100 MB more at every reading: every look after the first reaches the ceiling. */
  private static LongSupplier alwaysGrowing() {
    AtomicLong rss = new AtomicLong(300 * MB);
    return () -> rss.addAndGet(100 * MB);
  }

  private static void moveBlocksFor(NativeHeapTrimmer t, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < end) {
      t.moved();
      Thread.sleep(1);
    }
  }

  /** Waits up to 10 s for {@code condition}. */
  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private static boolean parked(Thread t) {
    return t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
  }

  @Test
  void looksOncePerIntervalWhileBlocksMove() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(40, NEVER, () -> trims.incrementAndGet() > 0, alwaysGrowing(),
        GROWTH);
    moveBlocksFor(t, 400);
    // 400 ms of blocks at one look per 40 ms: about 10 looks, the first of which only sets the ceiling
    assertThat(trims.get(), both(greaterThanOrEqualTo(3)).and(lessThanOrEqualTo(9)));
  }

  @Test
  void noBlockNoThreadAndTheThreadSleepsWhenBlocksStop() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(20, NEVER, () -> trims.incrementAndGet() > 0, alwaysGrowing(),
        GROWTH);
    Thread.sleep(60);
    assertThat("no block, no thread", t.thread(), nullValue());
    moveBlocksFor(t, 100);
    Thread worker = t.thread();
    assertThat(worker, notNullValue());
    assertThat("the blocks stopped: it waits for one", eventually(() -> t.idle() && parked(worker)), is(true));
    int seen = trims.get();
    Thread.sleep(100);
    assertThat("and looks no more", trims.get(), is(seen));
    assertThat(t.idle() && parked(worker), is(true));
    moveBlocksFor(t, 100);
    assertThat("blocks again wake it", eventually(() -> trims.get() > seen), is(true));
    assertThat(t.thread(), is(worker));
  }

  @Test
  void theThreadEndsWhenIdleAndABlockStartsAnother() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(10, 50, () -> trims.incrementAndGet() > 0, alwaysGrowing(),
        GROWTH);
    moveBlocksFor(t, 60);
    Thread first = t.thread();
    assertThat(first, notNullValue());
    assertThat("idle: the thread ends", eventually(() -> t.thread() == null && !first.isAlive()), is(true));
    int seen = trims.get();
    moveBlocksFor(t, 60);
    assertThat("a block starts another", t.thread(), notNullValue());
    assertThat(eventually(() -> trims.get() > seen), is(true));
  }

  @Test
  void stopsForGoodWhereTrimmingCannotWork() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(10, NEVER, () -> trims.incrementAndGet() < 0, alwaysGrowing(),
        GROWTH);
    moveBlocksFor(t, 100);
    assertThat(eventually(t::stopped), is(true));
    moveBlocksFor(t, 100);
    assertThat("asked once, then never again", trims.get(), is(1));
    assertThat("its thread ended", eventually(() -> t.thread() == null), is(true));
  }

  @Test
  void stopsForGoodWhereTheMemoryCannotBeRead() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(10, NEVER, () -> trims.incrementAndGet() > 0, () -> -1, GROWTH);
    moveBlocksFor(t, 100);
    assertThat(eventually(t::stopped), is(true));
    assertThat("no trim it could not judge", trims.get(), is(0));
  }

  @Test
  void zeroTurnsItOff() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    NativeHeapTrimmer t = new NativeHeapTrimmer(0, NEVER, () -> trims.incrementAndGet() > 0, alwaysGrowing(),
        GROWTH);
    assertThat(t.stopped(), is(true));
    moveBlocksFor(t, 50);
    assertThat(t.thread(), nullValue());
    assertThat(trims.get(), is(0));
  }

  /**
   * A look trims only when the memory reaches the ceiling: the threshold above the first look or the most a
   * trim has left. Memory in use, or used again, is left alone.
   */
  @Test
  void aLookTrimsOnlyAtTheCeiling() {
    AtomicLong rss = new AtomicLong(300 * MB);
    List<Long> trimmedAt = new CopyOnWriteArrayList<>();
    NativeHeapTrimmer t = new NativeHeapTrimmer(NEVER, NEVER, () -> {
      trimmedAt.add(rss.get() / MB);
      rss.addAndGet(-40 * MB);   // the trim gives 40 MB back
      return true;
    }, rss::get, GROWTH);
    t.look();
    rss.set(331 * MB);   // 31 MB above the first look
    t.look();
    assertThat("under the ceiling: no trim", trimmedAt.isEmpty(), is(true));
    rss.set(332 * MB);
    t.look();
    assertThat("one trim, at the ceiling", trimmedAt, is(List.of(332L)));
    rss.set(331 * MB);   // the trim left 292 MB: the ceiling stays 332 MB
    t.look();
    assertThat(trimmedAt.size(), is(1));
    rss.set(400 * MB);
    t.look();
    assertThat("the trim left 360 MB: the ceiling is 392 MB", trimmedAt, is(List.of(332L, 400L)));
    rss.set(391 * MB);
    t.look();
    assertThat(trimmedAt.size(), is(2));
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
  void theResidentMemoryOfThisProcessIsRead() {
    assumeTrue(new File("/proc/self/status").canRead(), "Linux's /proc");
    long rss = org.rios.lifecycle.ProcessMemory.residentBytes();
    long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertThat("a JVM's resident memory is megabytes, at least what its heap uses now", rss,
        both(greaterThanOrEqualTo(Math.min(heapUsed, 16 * MB))).and(lessThanOrEqualTo(64L << 30)));
    assertThat("the peak is at least the memory now", org.rios.lifecycle.ProcessMemory.peakResidentBytes(),
        greaterThanOrEqualTo(rss));
  }

  @Test
  void theCommandsAnswerSaysWhetherItTrimmed() {
    assertThat(NativeHeapTrimmer.JvmTrim.trimmed("Trim native heap: RSS+Swap: 104M->101M (-2636K)"), is(true));
    assertThat(NativeHeapTrimmer.JvmTrim.trimmed("Done (no details available)."), is(true));
    assertThat(NativeHeapTrimmer.JvmTrim.trimmed("Not available."), is(false));
    assertThat(NativeHeapTrimmer.JvmTrim.trimmed(""), is(false));
    assertThat(NativeHeapTrimmer.JvmTrim.trimmed(null), is(false));
  }

  @Test
  void theJvmTrimsThisProcessWhereItCan() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux")
        && Runtime.version().compareTo(Runtime.Version.parse("17.0.9")) >= 0,
        "a JDK with System.trim_native_heap (17.0.9 or later) on Linux with glibc");
    NativeHeapTrimmer.JvmTrim trim = new NativeHeapTrimmer.JvmTrim();
    assertThat("glibc's malloc_trim through the JVM", trim.getAsBoolean(), is(true));
    assertThat("and again, through the same command", trim.getAsBoolean(), is(true));
  }

  /** A copy in a JVM whose environment sets the interval; what it printed. */
  private String copyWithInterval(String value, File out) throws Exception {
    return EscapedNamesCopyMain.inChildJvm(List.of(), java.util.Map.of(NativeHeapTrimmer.ENV, value),
        TestRasters.rampFile(new File(tmp, "in.img")), out.getPath());
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
