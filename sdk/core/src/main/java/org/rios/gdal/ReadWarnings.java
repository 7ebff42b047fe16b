package org.rios.gdal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warnings GDAL raises while decoding pixels (a corrupt JPEG tile, PackBits data that overruns its tile): the
 * read succeeds, but some pixels may be wrong, so each is passed on, on standard error, naming the file and
 * the window, where GDAL's own tools print it too. At most {@value #PER_FILE} per file, then one line saying
 * that more are not shown, so a file corrupt throughout does not flood the output while every other file,
 * however long the JVM lives (a Flink TaskManager), still gets its own.
 */
final class ReadWarnings {
  static final int PER_FILE = 5;
  /** Files remembered at most; beyond it the counts start again (a JVM that reads very many bad files). */
  private static final int MAX_FILES = 10_000;
  private static final ConcurrentHashMap<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

  private ReadWarnings() {}

  static void report(String file, int xoff, int yoff, int xsize, int ysize, String message) {
    String what = VirtualPaths.forMessage(file);
    if (COUNTS.size() >= MAX_FILES) {
      COUNTS.clear();
    }
    int n = COUNTS.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    if (n > PER_FILE + 1) {
      return;
    }
    if (n == PER_FILE + 1) {
      System.err.println("Warning: GDAL warned again while reading " + what + "; further warnings for it are "
          + "not shown");
      return;
    }
    String text = message == null ? "" : VirtualPaths.forMessage(message.trim());
    System.err.println("Warning: GDAL warned while reading window (" + xoff + ", " + yoff + ", " + xsize + ", "
        + ysize + ") of " + what + ": " + text + "; the pixels read from it may be wrong");
  }
}
