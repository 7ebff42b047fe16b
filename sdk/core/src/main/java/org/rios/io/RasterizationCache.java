package org.rios.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rios.errors.VectorRasterizationException;
import org.rios.plan.VectorSpec;

/**
 * The rasterized vectors of one run in one process: each distinct {@link VectorSpec} is rasterized once, on
 * first request, into a {@code rios_vecrast_*} directory under the run's temp directory, and every reading
 * thread of the process gets the same file. {@link #close()} deletes them all.
 *
 * <p>The key is the whole spec (file, layer, burn value or attribute, null, filter, all-touched, pixel type
 * and grid), not the filename: RIOS keys by filename only, so two names for one file with different burn
 * options silently share the first rasterization. Here they get one each.
 *
 * <p>Thread-safe. Different specs are rasterized in parallel; concurrent requests for the same spec wait
 * for the one rasterization. GDAL handles are never shared: each request opens and closes its own, and the
 * readers open the resulting file themselves. A failed rasterization is remembered and reported to every
 * later request instead of being retried by each thread.
 *
 * <p>Two ways to tie it to a run: a driver owns one ({@code new RasterizationCache(runTempDir)}), hands it
 * to every reader and closes it when the run ends; or readers that were given none share a process-wide
 * instance per temp directory ({@link #acquireShared}), which deletes its files when the last of them
 * releases it, i.e. when the run's readers are closed.
 *
 * <pre>{@code
 * try (RasterizationCache vectors = new RasterizationCache(runTempDir);
 *     BlockReader reader = new BlockReader(plan, vectors)) {   // share `vectors` with every reader thread
 *   ...
 * }   // rasterized files deleted here, also when the run failed
 * }</pre>
 */
public final class RasterizationCache implements AutoCloseable {
  /** Filename prefix of every rasterized vector (and of the directory holding them). */
  public static final String PREFIX = "rios_vecrast_";

  /** Process-wide instances for readers created without a cache, by parent directory; guarded by the class. */
  private static final Map<Path, RasterizationCache> SHARED = new HashMap<>();

  private final Path parent;
  /** The rasterizations, by their settings and the state of the vector's files when they were made. */
  private final Map<Key, Slot> slots = new HashMap<>();

  /**
   * A rasterization's key: its settings and, for a local vector, the size and modification time of its files
   * (a shapefile's attribute table too), so a vector changed since (a later run in the same JVM and temp
   * directory, while a Beam worker's readers still hold the cache) is rasterized again, not served stale.
   */
  private record Key(VectorSpec spec, List<String> fileStates) {
    static Key of(VectorSpec spec) {
      List<String> states = new ArrayList<>();
      String name = spec.filename();
      if (org.rios.gdal.VirtualPaths.isPlainLocalPath(name)) {
        List<Path> files = new ArrayList<>(List.of(Path.of(name)));
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".shp")) {
          String stem = name.substring(0, name.length() - 4);
          files.add(Path.of(stem + ".dbf"));
          files.add(Path.of(stem + ".shx"));
        }
        for (Path p : files) {
          try {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(p,
                java.nio.file.attribute.BasicFileAttributes.class);
            states.add(p.getFileName() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis());
          } catch (java.io.IOException | RuntimeException e) {
            states.add(p.getFileName() + ":-");
          }
        }
      }
      return new Key(spec, List.copyOf(states));
    }
  }
  private Path dir;
  private int made;
  private boolean closed;
  private int users; // holders of a shared instance; guarded by the class

  /** One entry; its own monitor serialises the rasterization of one spec without blocking other specs. */
  private static final class Slot {
    private String path;
    private RuntimeException failure;
  }

  /**
   * @param parentDir an existing directory (normally the run's temp directory) in which the cache makes its
   *     own directory on the first rasterization
   */
  public RasterizationCache(File parentDir) {
    this.parent = parentDir.toPath();
  }

  /**
   * The process-wide cache for {@code parentDir}, created on first use; every call must be paired with one
   * {@link #release()}. When the last holder releases it, its files are deleted and a later acquire starts
   * a fresh one. A null or missing directory (a plan made on another machine) means the JVM's temp directory.
   */
  public static RasterizationCache acquireShared(File parentDir) {
    File dir = parentDir != null && parentDir.isDirectory() ? parentDir
        : new File(System.getProperty("java.io.tmpdir"));
    Path key = dir.toPath().toAbsolutePath().normalize();
    synchronized (RasterizationCache.class) {
      RasterizationCache c = SHARED.computeIfAbsent(key, k -> new RasterizationCache(k.toFile()));
      c.users++;
      return c;
    }
  }

  /** Gives back a cache from {@link #acquireShared}; the last release deletes the rasterized files. */
  public void release() {
    synchronized (RasterizationCache.class) {
      if (users <= 0) {
        throw new IllegalStateException("release() without acquireShared()");
      }
      if (--users > 0) {
        return;
      }
      SHARED.remove(parent.toAbsolutePath().normalize(), this);
    }
    close();
  }

  /**
   * The rasterized GeoTIFF for {@code spec}, rasterizing it if no thread has yet.
   *
   * @throws VectorRasterizationException if rasterizing fails (now or in an earlier request) or the cache is
   *     closed
   */
  public String rasterFor(VectorSpec spec) {
    Slot slot;
    synchronized (this) {
      checkOpen();
      slot = slots.computeIfAbsent(Key.of(spec), k -> new Slot());
    }
    synchronized (slot) {
      if (slot.path != null) {
        return slot.path;
      }
      if (slot.failure != null) {
        throw new VectorRasterizationException("Rasterizing " + spec.label() + " failed earlier in this run: "
            + slot.failure.getMessage(), slot.failure);
      }
      try {
        String path = newFile();
        VectorRasterizer.rasterize(spec, path);
        synchronized (this) {
          made++;
        }
        slot.path = path;
        return path;
      } catch (RuntimeException e) {
        slot.failure = e;
        throw e;
      }
    }
  }

  /** Number of rasterizations actually performed (not requests). */
  public synchronized int rasterizationCount() {
    return made;
  }

  /** The directory holding the rasterized files, or null before the first rasterization. */
  public synchronized File directory() {
    return dir == null ? null : dir.toFile();
  }

  private synchronized String newFile() {
    checkOpen();
    try {
      if (dir == null) {
        dir = Files.createTempDirectory(parent, PREFIX);
      }
      // A reserved empty file keeps the name unique; GDAL's GTiff driver overwrites it.
      return Files.createTempFile(dir, PREFIX, ".tif").toString();
    } catch (IOException e) {
      throw new VectorRasterizationException("Cannot create a temporary file for a rasterized vector in " + parent
          + ": " + e, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new VectorRasterizationException("The rasterized vectors of this run have already been deleted");
    }
  }

  /**
   * Deletes every rasterized file and the cache's directory. Readers using them must be closed first (on
   * Windows an open file cannot be deleted). Idempotent.
   */
  @Override
  public synchronized void close() {
    closed = true;
    slots.clear();
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: the run's own temp directory is removed after this anyway
    }
    dir = null;
  }
}
