package org.rios.lifecycle;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random parts for the names of the library's own temporary files and directories ({@code /vsimem/} probes,
 * staging files, scratch directories). They come from a fast, non-cryptographic generator rather than
 * {@code UUID.randomUUID()}, whose first use in a JVM initialises {@code SecureRandom} and the security
 * providers: about 35 ms of every run's start, for names that need not be secret. Where a name must not be
 * taken by anyone else, its file is created so that it fails if the name exists (see {@link RunTempDir}).
 *
 * <pre>{@code
 * String probe = "/vsimem/rios_probe_" + UniqueNames.token() + ".tif";
 * }</pre>
 */
public final class UniqueNames {
  private UniqueNames() {}

  /** 64 random bits in base 36 (up to 13 characters of [0-9a-z]). */
  public static String token() {
    return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }
}
