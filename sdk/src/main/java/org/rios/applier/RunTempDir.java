package org.rios.applier;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rios.errors.ParameterException;
import org.rios.lifecycle.ShutdownCleanup;

/**
 * The per-run {@code rios_*} directory under the controls' tempdir (probe files, worker channels, the
 * sequential driver's rasterized vectors); removed with everything in it on close, whether the run
 * succeeded or not.
 */
final class RunTempDir implements AutoCloseable {
  private final Path dir;
  private final ShutdownCleanup.Registration cleanup;

  /**
   * Creates the directory. A relative tempdir (RIOS's default is ".") is resolved once, here, so worker
   * processes and batch jobs started in another directory get the same absolute path. The directory is
   * also removed if the JVM ends during the run (SIGTERM, Ctrl-C).
   */
  RunTempDir(String parent) {
    Path p = Path.of(parent == null ? "." : parent).toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new ParameterException("tempdir '" + parent + "' is not an existing directory");
    }
    try {
      dir = Files.createTempDirectory(p, "rios_");
    } catch (IOException e) {
      throw new ParameterException("Cannot create a temporary directory in tempdir '" + parent + "': " + e);
    }
    cleanup = ShutdownCleanup.register("temp directory " + dir, this::deleteTree);
  }

  File file() {
    return dir.toFile();
  }

  @Override
  public void close() {
    cleanup.close();
    deleteTree();
  }

  private void deleteTree() {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover empty temp dir is not worth failing a finished run
    }
  }
}
