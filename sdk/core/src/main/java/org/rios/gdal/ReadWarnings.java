package org.rios.gdal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warnings GDAL raises while decoding pixels (a corrupt JPEG tile, PackBits data that overruns its tile): the
 * read succeeds, but some pixels may be wrong, so each is passed on, on standard error, naming the file and
 * the window, where GDAL's own tools print it too. Each (file, message) once per JVM, and at most
 * {@value #MAX_REPORTED} in all, so a file corrupt throughout does not flood the output.
 */
final class ReadWarnings {
  static final int MAX_REPORTED = 100;
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private ReadWarnings() {}

  static void report(String file, int xoff, int yoff, int xsize, int ysize, String message) {
    String what = VirtualPaths.forMessage(file);
    String text = message == null ? "" : VirtualPaths.forMessage(message.trim());
    if (REPORTED.size() >= MAX_REPORTED || !REPORTED.add(what + "\n" + text)) {
      return;
    }
    System.err.println("Warning: GDAL warned while reading window (" + xoff + ", " + yoff + ", " + xsize + ", "
        + ysize + ") of " + what + ": " + text + "; the pixels read from it may be wrong");
  }
}
