package org.rios.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.rios.errors.OutputWriteException;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.VirtualPaths;
import org.rios.lifecycle.ShutdownCleanup;

/**
 * Where an output is written until it is complete, and how it gets to its final name.
 *
 * <p>An output {@code dir/ndvi.tif} is created as {@code dir/ndvi.rios-partial.tif}: in the same directory
 * (so the final rename is a rename, not a copy) and marked as partial in its name. Side-cars GDAL writes
 * beside it ({@code .aux.xml}, {@code .ovr}, {@code .hdr}, ...) share that stem. Only when the file is
 * finished (statistics, histograms, overviews, before-close hook, closed without error) is it renamed into
 * place, side-cars first and the main file last, replacing any earlier output of that name. Until then a
 * shutdown hook deletes the partial files if the JVM ends; after a SIGKILL they stay, clearly named, and
 * the next run writing the same output removes them before it starts.
 *
 * <p>An output in an object store ({@code /vsis3/bucket/key}, {@code s3://bucket/key}, {@code /vsigs/}, ...)
 * is written the same way in a private directory under the run's temp directory, then uploaded to its final
 * key by GDAL ({@link #promote}; large files as a multipart upload, which the store shows only once it is
 * complete), so no reader ever sees a partial object at the final key ({@link ObjectUpload}). Other
 * virtual paths ({@code /vsimem/}, ...) cannot be renamed either; they are written at their final name, and
 * failures at close still fail the run.
 */
final class AtomicOutput {
  /** The marker in every partial output's name. */
  static final String MARKER = ".rios-partial";
  /**
   * The marker of a partial output whose final name has no extension: no dot, so that drivers which derive
   * side-car names by replacing the extension (ENVI's and EHdr's {@code .hdr}) keep them under the partial
   * stem instead of the final one.
   */
  static final String MARKER_NO_EXTENSION = "-rios-partial";
  private static final GdalConfig LIST_LOCAL_DIRECTORIES = GdalConfig.empty().with("GDAL_DISABLE_READDIR_ON_OPEN",
      "NO");

  private final String finalName;
  /** Null for outputs written in place (virtual paths) and for uploads. */
  private final Path finalPath;
  /** GDAL's name of the final object for an upload (object stores), else null. */
  private final String uploadTo;
  private final Path partialPath;
  private final String gdalName;
  private ShutdownCleanup.Registration cleanup;
  /**
   * Held while the output is put in place or discarded. The shutdown hooks of all outputs wait for their
   * locks until one deadline, {@link #SHUTDOWN_WAIT_SECONDS} after the first of them started: a rename takes
   * milliseconds, but an upload can take minutes, and an interrupted process must not wait for it (an object
   * store shows an upload only once it is complete, so one cut short leaves nothing at the final key; its
   * local files go with the run's temp directory).
   */
  final ReentrantLock lock = new ReentrantLock();
  static final long SHUTDOWN_WAIT_SECONDS = 10;
  /** System.nanoTime() by which every shutdown hook stops waiting; 0 until the first one runs. */
  private static final java.util.concurrent.atomic.AtomicLong SHUTDOWN_DEADLINE =
      new java.util.concurrent.atomic.AtomicLong();
  /**
   * The file system's identity of the partial main file this writer created (its inode), once created: a
   * writer that lost the partial name to a newer writer of the same output (a task restarted elsewhere after
   * a failure) must not delete the newer writer's file when it cleans up.
   */
  private Object createdKey;

  private AtomicOutput(String finalName, Path finalPath, String uploadTo, Path partialPath, String gdalName) {
    this.finalName = finalName;
    this.finalPath = finalPath;
    this.uploadTo = uploadTo;
    this.partialPath = partialPath;
    this.gdalName = gdalName;
  }

  /**
   * The partial name for {@code finalName}; nothing is created yet.
   *
   * @param stagingDir where an object-store output is written before its upload (the run's temp directory);
   *     null means the JVM's temp directory
   */
  static AtomicOutput of(String finalName, File stagingDir) {
    if (VirtualPaths.isObjectStore(finalName)) {
      String remote = VirtualPaths.checkedObjectKey(finalName, "Output file name");
      Path dir = (stagingDir != null ? stagingDir.toPath() : Path.of(System.getProperty("java.io.tmpdir")))
          .toAbsolutePath().resolve("rios-upload-" + UUID.randomUUID());
      Path partial = dir.resolve(partialFileName(remote.substring(remote.lastIndexOf('/') + 1)));
      return new AtomicOutput(finalName, null, remote, partial,
          GdalPaths.directoryForGdal(dir, finalName).resolve(partial.getFileName()).toString());
    }
    if (VirtualPaths.isVirtual(finalName)) {
      return new AtomicOutput(finalName, null, null, null, GdalPaths.forGdal(finalName));
    }
    Path fin = Path.of(finalName).toAbsolutePath().normalize();
    Path partial = fin.resolveSibling(partialFileName(fin.getFileName().toString()));
    String gdalName = GdalPaths.directoryForGdal(fin.getParent(), finalName).resolve(partial.getFileName())
        .toString();
    if (!GdalPaths.passesIntact(gdalName)) {
      throw new org.rios.errors.ParameterException("Output file name '" + finalName + "' has characters outside "
          + "Unicode's Basic Multilingual Plane in its extension, which GDAL's Java bindings cannot pass on");
    }
    return new AtomicOutput(finalName, fin, null, partial, gdalName);
  }

  /** {@code ndvi.tif} -> {@code ndvi.rios-partial.tif}, with a plain stem if GDAL cannot receive this one. */
  private static String partialFileName(String name) {
    String stem = GdalPaths.stem(name);
    String ext = name.substring(stem.length());
    if (!GdalPaths.passesIntact(stem)) {
      // a plain stem GDAL receives intact, unique to this name
      StringBuilder plain = new StringBuilder();
      stem.codePoints().forEach(cp -> plain.append(Character.isBmpCodePoint(cp) ? Character.toString(cp) : "_"));
      stem = plain + "-" + String.format(Locale.ROOT, "%08x", name.hashCode());
    }
    String marker = ext.isEmpty() ? MARKER_NO_EXTENSION : MARKER;
    int over = GdalPaths.nameBytes(stem + marker + ext) - GdalPaths.MAX_NAME_BYTES;
    if (over > 0) {
      // a legal name near the file system's limit: a shorter stem, unique to this name, leaves room for the marker
      String tag = "-" + String.format(Locale.ROOT, "%08x", name.hashCode());
      int budget = GdalPaths.nameBytes(stem) - over - tag.length();
      int keep = stem.length();
      while (keep > 0 && GdalPaths.nameBytes(stem.substring(0, keep)) > budget) {
        keep = stem.offsetByCodePoints(keep, -1);
      }
      stem = stem.substring(0, keep) + tag;
    }
    return stem + marker + ext;
  }

  /** True if {@link #promote} uploads the output to an object store. */
  boolean uploads() {
    return uploadTo != null;
  }

  /** The name GDAL creates and writes. */
  String gdalName() {
    return gdalName;
  }

  String finalName() {
    return finalName;
  }

  /**
   * Removes what an earlier, killed run of this output left (its partial files) and registers the partial
   * files for removal if the JVM ends before {@link #promote} or {@link #discard}.
   */
  void prepare() {
    if (partialPath == null) {
      return;
    }
    if (uploadTo != null) {
      try {
        Files.createDirectories(partialPath.getParent());
      } catch (IOException e) {
        throw new OutputWriteException("Could not make the local directory " + partialPath.getParent()
            + " where output " + finalName + " is written before its upload: " + e, e);
      }
    }
    deletePartialFiles();
    cleanup = ShutdownCleanup.register("partial output " + partialPath, this::deleteOnShutdown);
  }

  /**
   * Renames the finished partial output (closed by the caller) into place, replacing an existing output of
   * the final name with its side-cars, or uploads it to its object store.
   *
   * @return the size in bytes of the main file put in place; -1 for an output written in place
   * @throws OutputWriteException naming the output if the JVM is shutting down or a rename fails; the
   *     partial files are deleted then
   */
  long promote(String label) {
    lock.lock();
    try {
      return promoteLocked(label);
    } finally {
      lock.unlock();
    }
  }

  private long promoteLocked(String label) {
    if (partialPath == null) {
      return -1;
    }
    long bytes = -1;
    // GDAL finds the side-cars of the local partial file by listing its directory, whatever the run asked for
    try (GdalConfig.Scope listing = LIST_LOCAL_DIRECTORIES.applyToThisThread()) {
      if (ShutdownCleanup.isShuttingDown()) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not put in place: the "
            + "run was interrupted");
      }
      if (createdKey != null && !Files.exists(partialPath)) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not put in place: "
            + (Files.isDirectory(partialPath.getParent()) ? "its partial file " + partialPath
            : "its directory " + partialPath.getParent()) + " was removed during the run");
      }
      if (createdKey != null && !createdKey.equals(fileKey(partialPath))) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not put in place: "
            + "another writer of the same output replaced its partial file " + partialPath
            + " (two jobs writing one path, or a restarted task)");
      }
      bytes = Files.size(partialPath);
      if (uploadTo != null) {
        upload(label);
        return bytes;
      }
      OutputFile.deleteExisting(finalName);
      List<Path> parts = partialFiles();
      parts.sort((a, b) -> a.equals(partialPath) ? 1 : b.equals(partialPath) ? -1 : a.compareTo(b));
      if (GdalPaths.passesIntact(finalPath.getFileName().toString())
          && finalPath.getFileName().toString().contains(".")) {
        renameWithGdal(label);
        // side-cars GDAL did not list (GDAL_DISABLE_READDIR_ON_OPEN hides them from it) follow by name
        parts = partialFiles();
      }
      for (Path p : parts) {
        String rest = p.getFileName().toString().substring(partialStem().length());
        Files.move(p, partialPath.resolveSibling(finalStem() + rest), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      if (!Files.exists(finalPath)) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + ") is not at its final path "
            + "after the rename from " + partialPath);
      }
      return bytes;
    } catch (IOException e) {
      OutputWriteException failure = new OutputWriteException("Could not rename output '" + label + "' from "
          + partialPath + " to " + finalName + ": " + e, e);
      discardKeeping(failure);
      throw failure;
    } catch (RuntimeException e) {
      discardKeeping(e);
      throw e;
    } finally {
      unregister();
    }
  }

  /** Discards the partial files after {@code failure}; a failure to do so is added to it, not put in its place. */
  private void discardKeeping(Throwable failure) {
    try {
      discard();
    } catch (RuntimeException d) {
      failure.addSuppressed(d);
    }
  }

  /**
   * Uploads the finished partial files to the final key, then removes them and their private directory (a
   * file that cannot be removed then stays for the run's temp directory clean-up: the output is in place).
   */
  private void upload(String label) {
    ObjectUpload.upload(gdalName, uploadTo, finalName, label);
    try {
      deletePartialFiles();
      Files.deleteIfExists(partialPath.getParent());
    } catch (IOException | RuntimeException e) {
      // uploaded: what is left locally goes with the run's temp directory
    }
  }

  /** GDAL's rename knows each driver's side-cars and internal references (an Imagine file's spill file). */
  private void renameWithGdal(String label) {
    String target = GdalPaths.directoryForGdal(finalPath.getParent(), finalName).resolve(finalPath.getFileName())
        .toString();
    gdal.ErrorReset();
    int rc;
    try {
      Driver d = gdal.IdentifyDriver(gdalName);
      if (d == null) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + "): GDAL no longer recognises "
            + "the finished file " + partialPath);
      }
      rc = d.Rename(target, gdalName);
    } catch (OutputWriteException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OutputWriteException("Could not rename output '" + label + "' from " + partialPath + " to "
          + finalName + ": " + e.getMessage(), e);
    }
    if (rc != 0) {
      throw new OutputWriteException("Could not rename output '" + label + "' from " + partialPath + " to "
          + finalName + ": " + gdal.GetLastErrorMsg());
    }
  }

  /** Records which file this writer created under the partial name (call right after GDAL creates it). */
  void created() {
    createdKey = partialPath == null ? null : fileKey(partialPath);
  }

  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Deletes the partial files (after a failure); never touches the final path, nor partial files that are not
   * this writer's own any more.
   */
  void discard() {
    lock.lock();
    try {
      deletePartialFiles();
      if (uploadTo != null) {
        Files.deleteIfExists(partialPath.getParent());
      }
    } catch (IOException e) {
      // a file left in the private upload directory: the run's temp directory goes at the end of the run
    } finally {
      unregister();
      lock.unlock();
    }
  }

  private void unregister() {
    if (cleanup != null) {
      cleanup.close();
      cleanup = null;
    }
  }

  /** The partial name without its extension: every file of the partial output starts with it. */
  private String partialStem() {
    String n = partialPath.getFileName().toString();
    int i = n.lastIndexOf(MARKER);
    return i >= 0 ? n.substring(0, i + MARKER.length()) : n;
  }

  private String finalStem() {  // local outputs only
    return GdalPaths.stem(finalPath.getFileName().toString());
  }

  /** The partial main file and every file that shares its stem. */
  private List<Path> partialFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    Path dir = partialPath.getParent();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    String stem = partialStem();
    String own = partialPath.getFileName().toString();
    boolean hasExtension = !own.equals(stem);
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
      String n = p.getFileName().toString();
      if (n.equals(own) || n.startsWith(own + ".")) {
        return true; // the file and side-cars named after it (.tif.aux.xml, .tif.ovr, .img.msk)
      }
      // side-cars that replace the extension (ENVI's .hdr, Imagine's .rrd): only those, so the partial file
      // of another output with the same stem (a.tif beside a.img) is not taken for one
      return n.startsWith(stem + ".")
          && (!hasExtension || SIDE_CAR_EXTENSIONS.contains(n.substring(stem.length() + 1).toLowerCase(Locale.ROOT)));
    })) {
      s.forEach(out::add);
    }
    return out;
  }

  /**
   * Extensions of side-car files that GDAL's drivers name by replacing the main file's extension: ENVI, EHdr
   * and friends' headers and statistics, Imagine's overviews and spill file, world files, projections.
   */
  private static final java.util.Set<String> SIDE_CAR_EXTENSIONS = java.util.Set.of("hdr", "rrd", "ige", "aux",
      "prj", "wld", "tfw", "tifw", "stx", "sta", "clr", "rde", "aux.xml", "ovr", "msk", "xml", "imd", "rpb");

  /**
   * The shutdown hook's clean-up: waits for a rename under way, so files are either in place or gone; an
   * upload still under way after {@link #SHUTDOWN_WAIT_SECONDS} is left to die with the process.
   */
  private void deleteOnShutdown() {
    long now = System.nanoTime();
    long deadline = SHUTDOWN_DEADLINE.updateAndGet(
        d -> d != 0 ? d : now + TimeUnit.SECONDS.toNanos(SHUTDOWN_WAIT_SECONDS));
    if (!deleteOnShutdown(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - now)))) {
      System.err.println("rios: output " + VirtualPaths.forMessage(finalName) + " was still being put in place "
          + "after " + SHUTDOWN_WAIT_SECONDS + " s; left unfinished (nothing appears at an object store's key "
          + "until its upload completes)");
    }
  }

  /** @return false if the output was still being put in place after {@code waitMillis} (nothing deleted) */
  boolean deleteOnShutdown(long waitMillis) {
    try {
      if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      deletePartialFiles();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void deletePartialFiles() {
    if (partialPath == null) {
      return;
    }
    if (createdKey != null && Files.exists(partialPath) && !createdKey.equals(fileKey(partialPath))) {
      return; // another writer of the same output owns the partial name now
    }
    try {
      for (Path p : partialFiles()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new OutputWriteException("Could not remove partial output " + partialPath + ": " + e, e);
    }
  }
}
