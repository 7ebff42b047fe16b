package org.rios.lifecycle;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rios.errors.ParameterException;
import org.rios.errors.RiosException;

/**
 * A run's private {@code rios_*} directory under the controls' tempdir (probe files, worker channels, the
 * sequential driver's rasterized vectors, a Beam writer's scratch files); removed with everything in it on
 * close, whether the run succeeded or not, and by the {@link ShutdownCleanup} hook if the JVM ends first.
 * One left by a process that no longer exists (SIGKILL) is removed by the next run in the same tempdir.
 *
 * <pre>{@code
 * try (RunTempDir tmp = new RunTempDir(controls.getTempdir())) {
 *   File scratch = tmp.file();
 * }
 * }</pre>
 */
public final class RunTempDir implements AutoCloseable {
  private static final String PREFIX = "rios_";
  /** Names the process that owns the directory: "pid@host". */
  private static final String OWNER = "rios-owner";
  /** Names tried for a new directory before giving up (each taken one is skipped). */
  static final int MAX_NAME_ATTEMPTS = 100;
  private final Path dir;
  private final ShutdownCleanup.Registration cleanup;

  /**
   * Creates the directory. A relative tempdir (RIOS's default is ".") is resolved once, here, so worker
   * processes and batch jobs started in another directory get the same absolute path. The directory is
   * also removed if the JVM ends during the run (SIGTERM, Ctrl-C).
   */
  public RunTempDir(String parent) {
    this(parent, PREFIX);
  }

  /** As {@link #RunTempDir(String)}, with a name that starts {@code prefix} (which must start "rios_"). */
  public RunTempDir(String parent, String prefix) {
    Path p = Path.of(parent == null ? "." : parent).toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new ParameterException("tempdir '" + parent + "' is not an existing directory");
    }
    removeAbandoned(p);
    Path made = null;
    try {
      made = createPrivate(p, prefix);
      Files.writeString(made.resolve(OWNER), ProcessHandle.current().pid() + "@" + host());
    } catch (IOException e) {
      if (made != null) {
        deleteTree(made); // created, but its owner could not be written (a full disk): not left behind
      }
      throw new RiosException("Cannot create a temporary directory in tempdir '" + p + "': " + e, e);
    }
    dir = made;
    cleanup = ShutdownCleanup.register("temp directory " + dir, () -> deleteTree(dir, SPARED));
  }

  /** Directories the shutdown hook leaves in place: an upload still reads them ({@link #spareOnShutdown}). */
  private static final java.util.Set<Path> SPARED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The JVM is shutting down while an upload still reads {@code dir} (under a run's temp directory): the temp
   * directory's shutdown hook leaves it, so that the upload is not cut off mid-way by its files vanishing (GDAL
   * then deletes the object it has just put in place, an earlier object there included). Whatever is left when
   * the JVM ends is removed by the next run on this host ({@link #removeAbandoned}).
   */
  public static void spareOnShutdown(Path dir) {
    SPARED.add(dir.toAbsolutePath().normalize());
  }

  /**
   * A scratch directory for a worker that may run where {@code preferred} (a plan's temp directory, made on
   * another machine) does not exist: under {@code preferred} if it is a directory here, else under the
   * JVM's temp directory.
   */
  public static RunTempDir preferring(String preferred, String prefix) {
    boolean here = preferred != null && Files.isDirectory(Path.of(preferred));
    return new RunTempDir(here ? preferred : System.getProperty("java.io.tmpdir"), prefix);
  }

  /**
   * Removes the {@code rios_*} directories of runs on this host whose process is gone (killed with SIGKILL,
   * or by the out-of-memory killer): their shutdown hook never ran, and they may hold a worker channel's
   * secret token.
   */
  private static void removeAbandoned(Path parent) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path d : s) {
        Path owner = d.resolve(OWNER);
        if (!Files.isRegularFile(owner)) {
          continue;
        }
        String[] pidHost = Files.readString(owner).trim().split("@", 2);
        if (pidHost.length == 2 && pidHost[1].equals(host())
            && ProcessHandle.of(Long.parseLong(pidHost[0])).isEmpty()) {
          deleteTree(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // another run's leftovers are not worth failing this run for
    }
  }

  /**
   * A new directory {@code prefix<random>} under {@code parent}, readable by this user only, as
   * {@link Files#createTempDirectory} makes it, but named from a non-cryptographic random number
   * ({@link UniqueNames}): the JDK's names come from a {@code SecureRandom}, whose first use loads the security
   * providers (about 35 ms of every run's start). The name need not be secret: the directory is created
   * atomically, fails if anything (a planted symbolic link included) already has its name, and is then tried
   * under another.
   */
  static Path createPrivate(Path parent, String prefix) throws IOException {
    return createPrivate(parent, prefix, UniqueNames::token);
  }

  /** {@link #createPrivate(Path, String)} with the names' random parts from {@code tokens} (tests give their own). */
  static Path createPrivate(Path parent, String prefix, java.util.function.Supplier<String> tokens)
      throws IOException {
    java.nio.file.attribute.FileAttribute<?> privateDir = java.nio.file.attribute.PosixFilePermissions
        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    for (int attempt = 0; ; attempt++) {
      Path d = parent.resolve(prefix + tokens.get());
      try {
        return Files.createDirectory(d, privateDir);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt >= MAX_NAME_ATTEMPTS - 1) {
          throw e;
        }
      } catch (UnsupportedOperationException e) {
        return Files.createTempDirectory(parent, prefix); // a file system without POSIX permissions
      }
    }
  }

  /** This machine's name, as its owner files give it; looked up once. */
  static String host() {
    return Host.NAME;
  }

  /**
   * The host name the kernel gives (what {@code InetAddress.getLocalHost().getHostName()} returns), read without
   * resolving it to an address: on a node whose name the resolver does not know, that lookup waits for DNS.
   */
  private static final class Host {
    static final String NAME = name();

    private static String name() {
      try {
        String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        if (!kernel.isEmpty()) {
          return kernel;
        }
      } catch (IOException | RuntimeException e) {
        // not Linux: ask the JDK
      }
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }
  }

  public File file() {
    return dir.toFile();
  }

  @Override
  public void close() {
    cleanup.close();
    deleteTree();
  }

  private void deleteTree() {
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) {
    deleteTree(dir, java.util.Set.of());
  }

  /**
   * Deletes {@code dir}'s tree but what is under {@code spared} (whose parents then stay, not being empty). A
   * file made in the tree while it is deleted (the shutdown hook deletes a writer's directory while its thread
   * still finishes a file there, until the pipeline's own teardown stops it) kept the directory: the tree is
   * walked again, a few times, while anything not spared is left.
   */
  private static void deleteTree(Path dir, java.util.Set<Path> spared) {
    for (int pass = 0; pass < 5; pass++) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder())
            .filter(f -> spared.stream().noneMatch(p -> f.toAbsolutePath().normalize().startsWith(p)))
            .forEach(f -> f.toFile().delete());
      } catch (IOException | java.io.UncheckedIOException e) {
        // best effort: a leftover empty temp dir is not worth failing a finished run
      }
      if (!Files.exists(dir) || spared.stream().anyMatch(p -> p.startsWith(dir.toAbsolutePath().normalize()))) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
