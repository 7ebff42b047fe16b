package org.rios.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;

/**
 * A directory nothing can be created in, even by root (the tests run as root, who writes into any
 * directory whatever its mode): made with {@code chattr +i} and unlocked on close. Tests that need one are
 * skipped where the user is not root or the file system has no immutable flag.
 */
public final class ImmutableDirectory implements AutoCloseable {
  private final File dir;

  private ImmutableDirectory(File dir) {
    this.dir = dir;
  }

  /**
   * Locks {@code dir}, which must exist and hold what the test needs already (a file may be locked too:
   * nothing can then rewrite it).
   */
  public static ImmutableDirectory lock(File dir) throws IOException, InterruptedException {
    assumeTrue("root".equals(System.getProperty("user.name")), "chattr needs root");
    Process p = new ProcessBuilder("chattr", "+i", dir.getPath()).inheritIO().start();
    assumeTrue(p.waitFor() == 0, "this file system has no immutable flag");
    return new ImmutableDirectory(dir);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("chattr", "-i", dir.getPath()).inheritIO().start().waitFor();
  }
}
