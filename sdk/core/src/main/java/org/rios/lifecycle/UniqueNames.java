package org.rios.lifecycle;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random parts for the names of the library's own temporary files and directories. Two kinds:
 * <ul>
 *   <li>{@link #token()}: from a fast, non-cryptographic generator, for names no one else can plant first:
 *       {@code /vsimem/} files (this process's memory), entries of a directory private to this run, and
 *       directories created so that creation fails if the name exists ({@link RunTempDir}). A plain run's
 *       names are all of this kind, so it never pays for {@code SecureRandom}'s start (the security
 *       providers loaded on its first use in a JVM: about 35 ms).</li>
 *   <li>{@link #unguessable()}: from {@code SecureRandom}, as {@code UUID.randomUUID()} is, for names in a
 *       directory others may write to (an output directory, the JVM's temp directory) that are created by
 *       code that would follow a link planted under a guessed name (GDAL's {@code Create}).</li>
 * </ul>
 *
 * <pre>{@code
 * String probe = "/vsimem/rios_probe_" + UniqueNames.token() + ".tif";
 * File staging = new File(outputDir, stem + "." + UniqueNames.unguessable() + ".tif");
 * }</pre>
 */
public final class UniqueNames {
  private UniqueNames() {}

  /** 64 random bits in base 36 (up to 13 characters of [0-9a-z]), fast and predictable to an observer. */
  public static String token() {
    return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }

  /** 64 bits from {@code SecureRandom} in base 36 (up to 13 characters of [0-9a-z]). */
  public static String unguessable() {
    return Long.toUnsignedString(Secure.RANDOM.nextLong(), 36);
  }

  /** Made on first use only: a run that needs no unguessable name never starts it. */
  private static final class Secure {
    static final SecureRandom RANDOM = new SecureRandom();
  }
}
