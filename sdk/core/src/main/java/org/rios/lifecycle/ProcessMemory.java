package org.rios.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory as Linux reports it in {@code /proc/self/status}. */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** The resident memory now in bytes ({@code VmRSS}), or -1 where it cannot be read. */
  public static long residentBytes() {
    return statusBytes("VmRSS:");
  }

  /** The most resident memory so far in bytes ({@code VmHWM}), or -1 where it cannot be read. */
  public static long peakResidentBytes() {
    return statusBytes("VmHWM:");
  }

  private static long statusBytes(String field) {
    try {
      // ISO-8859-1: the process name on the file's first line may be any bytes
      for (String line : Files.readAllLines(STATUS, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith(field)) {
          String[] f = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024L;   // "VmRSS:    123456 kB"
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs
    }
    return -1;
  }
}
