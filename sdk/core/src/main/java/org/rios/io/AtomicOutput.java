package org.rios.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.VirtualPaths;
import org.rios.lifecycle.ShutdownCleanup;

/**
 * Where an output is written until it is complete, and how it gets to its final name.
 *
 * <p>An output {@code dir/ndvi.tif} is created as {@code dir/ndvi.tif.rios-partial.tif}: in the same directory
 * (so the final rename is a rename, not a copy) and marked as partial in its name. Side-cars GDAL writes
 * beside it ({@code .aux.xml}, {@code .ovr}, {@code .hdr}, ...) share that stem. Only when the file is
 * finished (statistics, histograms, overviews, before-close hook, closed without error) is it renamed into
 * place, side-cars first and the main file last. Until then a shutdown hook deletes the partial files if the
 * JVM ends; after a SIGKILL they stay, clearly named, and the next run writing the same output removes them
 * before it starts.
 *
 * <p>A run's outputs are put in place together ({@link OutputCommit}): an earlier file at the final name is
 * first moved aside to {@code dir/ndvi.tif.rios-replaced.tif} with its side-cars ({@link #setAsideEarlier}),
 * then every new output is renamed into place ({@link #place}), then the earlier files are deleted
 * ({@link #dropEarlier}). If any step fails, every output goes back to what it was ({@link #rollBack}). A
 * {@code .rios-replaced} file left behind (a SIGKILL in those milliseconds, a JVM ended while an upload was
 * still under way, a Beam job never confirmed) is moved back by the next run writing the output.
 *
 * <p>An output in an object store ({@code /vsis3/bucket/key}, {@code s3://bucket/key}, {@code /vsigs/}, ...)
 * is written the same way in a private directory under the run's temp directory, then uploaded to its final
 * key by GDAL ({@link #promote}; large files as a multipart upload, which the store shows only once it is
 * complete), so no reader ever sees a partial object at the final key ({@link ObjectUpload}). Other
 * virtual paths ({@code /vsimem/}, ...) cannot be renamed either; they are written at their final name, and
 * failures at close still fail the run.
 */
final class AtomicOutput {
  private static final GdalConfig LIST_LOCAL_DIRECTORIES = LocalDatasetFiles.LISTING;

  private final String finalName;
  /** Null for outputs written in place (virtual paths) and for uploads. */
  private final Path finalPath;
  /** GDAL's name of the final object for an upload (object stores), else null. */
  private final String uploadTo;
  private final Path partialPath;
  /** The earlier output at the final name, moved aside during the commit; null unless renamed locally. */
  private final EarlierOutput earlier;
  private final String gdalName;
  /** The partial output's files (null for outputs written in place), listed once for the commit. */
  private final PartialOutputFiles files;
  /** The new output is at its final path, or uploaded (guarded by {@link #lock}). */
  private boolean placed;
  /** {@link #checkReplacesNoOtherDataset} has been asked for the finished output (by {@link #setAsideEarlier}). */
  private boolean sideCarsChecked;
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
    this.files = partialPath == null ? null : new PartialOutputFiles(partialPath, finalPath);
    this.earlier = finalPath == null ? null : new EarlierOutput(finalName, finalPath,
        finalPath.resolveSibling(PartialNames.aside(finalPath.getFileName().toString())),
        finalPath.resolveSibling(PartialNames.strayRecord(finalPath.getFileName().toString())),
        finalPath.resolveSibling(PartialNames.legacyAside(finalPath.getFileName().toString())));
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
          .toAbsolutePath().resolve("rios-upload-" + org.rios.lifecycle.UniqueNames.unguessable());
      Path partial = dir.resolve(PartialNames.partial(stagingName(remote.substring(remote.lastIndexOf('/') + 1))));
      return new AtomicOutput(finalName, null, remote, partial,
          GdalPaths.directoryForGdal(dir, finalName).resolve(partial.getFileName()).toString());
    }
    if (VirtualPaths.isVirtual(finalName)) {
      return new AtomicOutput(finalName, null, null, null, GdalPaths.forGdal(finalName));
    }
    Path fin = GdalPaths.absolute(Path.of(finalName));
    Path partial = fin.resolveSibling(PartialNames.partial(fin.getFileName().toString()));
    String gdalName = GdalPaths.directoryForGdal(fin.getParent(), finalName).resolve(partial.getFileName())
        .toString();
    if (!GdalPaths.passesIntact(gdalName)) {
      throw new ParameterException("Output file name '" + finalName + "' has characters outside "
          + "Unicode's Basic Multilingual Plane in its extension, which GDAL's Java bindings cannot pass on");
    }
    return new AtomicOutput(finalName, fin, null, partial, gdalName);
  }

  /**
   * The local name an object's last key segment {@code base} is written under before its upload: {@code base},
   * with each character the JVM's file-name encoding cannot hold ({@code é} under a C locale, which made the
   * path itself fail) as {@code _}. GDAL names the uploaded objects after the key, so only the local name
   * changes.
   */
  static String stagingName(String base) {
    String encoding = System.getProperty("sun.jnu.encoding", java.nio.charset.Charset.defaultCharset().name());
    java.nio.charset.CharsetEncoder enc;
    try {
      enc = java.nio.charset.Charset.forName(encoding).newEncoder();
    } catch (IllegalArgumentException e) {
      return base;
    }
    if (enc.canEncode(base)) {
      return base;
    }
    StringBuilder out = new StringBuilder();
    base.codePoints().forEach(cp -> out.append(enc.canEncode(new String(Character.toChars(cp))) ? new String(
        Character.toChars(cp)) : "_"));
    return out.toString();
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
   * An earlier output moved aside by a run that did not finish putting its outputs in place (killed, or a Beam
   * writer re-run before its job was confirmed) or that failed after it ({@link OutputCommit#undoKeptAside}):
   * moved back over whatever that run put at the final name, so a run that did not finish replaces nothing and
   * a re-run writer keeps the true earlier output aside.
   */
  static void recoverInterruptedCommit(String finalName) {
    AtomicOutput o = of(finalName, null);
    if (o.earlier != null) {
      o.earlier.recoverInterrupted();
    }
  }

  /**
   * Whether the output is written at its final name (a GDAL virtual path other than an object store, such as
   * {@code /vsimem/}): no partial name to hide it, so a failed one must be deleted there.
   */
  boolean writesInPlace() {
    return partialPath == null;
  }

  /** Whether the output is renamed into place locally (not written in place, not uploaded). */
  boolean renames() {
    return earlier != null;
  }

  /**
   * Checks that the finished partial output (closed by the caller) is still this writer's and the run is not
   * being interrupted: the first step of putting it in place. Call with {@link #lock} held.
   *
   * @return the size in bytes of its main file; -1 for an output written in place
   */
  long checkFinished(String label) {
    if (partialPath == null) {
      return -1;
    }
    if (ShutdownCleanup.isShuttingDown()) {
      throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not put in place: the "
          + "run was interrupted");
    }
    if (createdKey != null && !Files.exists(partialPath)) {
      throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not put in place: "
          + (Files.isDirectory(partialPath.getParent()) ? "its partial file " + partialPath + " was removed "
          + "during the run (by another run writing the same output, which took the partial name, or by hand)"
          : "its directory " + partialPath.getParent() + " was removed during the run"));
    }
    if (createdKey != null && !createdKey.equals(fileKey(partialPath))) {
      throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not put in place: "
          + "another writer of the same output replaced its partial file " + partialPath
          + " (two jobs writing one path, or a restarted task)");
    }
    try {
      return Files.size(partialPath);
    } catch (IOException e) {
      throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not put in place: its "
          + "partial file " + partialPath + " cannot be read: " + e, e);
    }
  }

  /**
   * Moves an earlier output at the final name aside with its side-cars ({@link EarlierOutput#setAside}), so that
   * the new one can be renamed into place and the earlier one restored if the run fails before it is complete.
   * Call with {@link #lock} held, for a local output ({@link #renames}).
   */
  void setAsideEarlier(String label) {
    if (!Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<String> unlisted;
    List<String> movedByName;
    try (GdalConfig.Scope listing = LIST_LOCAL_DIRECTORIES.applyToThisThread()) {
      // before anything at the final stem is set aside by name: another dataset's file there is refused, not
      // moved aside with the earlier output and deleted with it (place() asks again for outputs without one)
      checkReplacesNoOtherDataset(label, files.gdalListed());
      sideCarsChecked = true;
      unlisted = files.unlistedAtFinalRests();
      movedByName = files.movedByNameRests();
    } catch (org.rios.errors.RiosException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new OutputWriteException("Cannot replace existing output file " + finalName + " (output '" + label
          + "'): listing the files of its partial output " + partialPath + " failed: " + e, e);
    }
    earlier.setAside(label, unlisted, movedByName);
  }

  /**
   * Renames the finished partial output into place (the final name is free: see {@link #setAsideEarlier}),
   * or uploads it to its object store. Call with {@link #lock} held.
   */
  void place(String label) {
    if (partialPath == null) {
      return;
    }
    if (uploadTo != null) {
      if (ShutdownCleanup.isShuttingDown()) {
        // an upload replaces the object at its key for good: none starts once the run is interrupted (the commit
        // then moves back the outputs it renamed locally)
        throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not uploaded: the run "
            + "was interrupted");
      }
      upload(label);
      placed = true;
      return;
    }
    try (GdalConfig.Scope listing = LIST_LOCAL_DIRECTORIES.applyToThisThread()) {
      if (!sideCarsChecked) {
        checkReplacesNoOtherDataset(label, files.gdalListed()); // a side-car made during the run
      }
      List<Path> orphans = orphanedSidecars();
      List<String> unlisted = files.unlistedAtFinalRests();
      List<Path> parts;
      Driver renaming = GdalPaths.passesIntact(finalPath.getFileName().toString())
          && finalPath.getFileName().toString().contains(".") ? renamingDriver(label) : null;
      if (renaming != null) {
        placed = true; // from here on the final name may hold (part of) the new output
        renameWithGdal(label, renaming);
        // side-cars named after the file that GDAL did not list follow by name (the others below)
        parts = LocalDatasetFiles.namedAfter(partialPath, files.sharingStem());
      } else {
        parts = LocalDatasetFiles.filesByName(partialPath, files.sharingStem());
        parts.sort((a, b) -> a.equals(partialPath) ? 1 : b.equals(partialPath) ? -1 : a.compareTo(b));
      }
      // files only the driver knows are the output's (MRF's index and data files): they go by name, before the
      // main file, which must never be at the final name without them (killed in between, it could not be read)
      for (Path p : LocalDatasetFiles.strays(partialPath, parts, files.sharingStem())) {
        String rest = files.restAfterPartialStem(p);
        placed = true;
        moveSibling(files.partialStem(), files.finalStem(), rest);
        earlier.placedByName(rest);
      }
      for (Path p : parts) {
        placed = true;
        String rest = files.restAfterPartialStem(p);
        moveSibling(files.partialStem(), files.finalStem(), rest);
        if (unlisted.contains(rest)) {
          earlier.placedByName(rest); // a side-car's name GDAL does not list at the final name: taken back by name
        }
      }
      if (!Files.exists(finalPath)) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + ") is not at its final path "
            + "after the rename from " + partialPath);
      }
      for (Path orphan : orphans) {
        try {
          Files.deleteIfExists(orphan);
        } catch (IOException e) {
          throw new OutputWriteException("Output '" + label + "' (" + finalName + ") is in place, but a side-car "
              + "left at its name by a file deleted earlier, " + orphan + ", could not be removed (GDAL would read "
              + "it as the new file's): " + e, e);
        }
      }
    } catch (IOException e) {
      throw new OutputWriteException("Could not rename output '" + label + "' from " + partialPath + " to "
          + finalName + ": " + e, e);
    }
  }

  /**
   * GDAL's side-cars at the final name that belong to no file: no earlier output was set aside (the main file had
   * been deleted) and the new output has no such side-car. The earlier output's own side-cars went aside with it.
   */
  private List<Path> orphanedSidecars() {
    return earlier != null && earlier.isAside() ? List.of() : files.sidecarsAtFinalWithoutPartner();
  }

  /**
   * Deletes the earlier output moved aside (every output of the run is in place); see {@link EarlierOutput#drop}.
   */
  void dropEarlier() {
    if (earlier != null) {
      earlier.drop();
    }
  }

  /**
   * Undoes this output's part of a failed commit: the new output is deleted from the final path if it got
   * there, the earlier one moved back, and the partial files deleted. An upload already done stays (an object
   * store cannot restore the object it replaced). Call with {@link #lock} held.
   *
   * @throws OutputWriteException if the earlier output could not be moved back (it stays aside, and the next
   *     run writing this output restores it)
   */
  void rollBack() {
    try {
      if (earlier != null) {
        earlier.takeBack(placed && uploadTo == null);
        placed = false;
      }
    } catch (IOException | RuntimeException e) {
      throw new OutputWriteException("Could not take back output " + finalName + " after the run failed (its "
          + "earlier file, if any, is kept at " + earlier.asidePath() + ", which the next run writing this output "
          + "moves back): " + e.getMessage(), e);
    } finally {
      discardLocked();
    }
  }

  /**
   * Uploads the finished partial files to the final key, then removes them and their private directory (a
   * file that cannot be removed then stays for the run's temp directory clean-up: the output is in place).
   */
  private void upload(String label) {
    try (GdalConfig.Scope listing = LIST_LOCAL_DIRECTORIES.applyToThisThread()) {
      checkReplacesNoOtherDataset(label, files.gdalListed()); // also a side-car made during the run
    } catch (IOException e) {
      throw new OutputWriteException("Output '" + label + "' (" + finalName + ") was not uploaded: listing the "
          + "files of its partial output " + partialPath + " failed: " + e, e);
    }
    ObjectUpload.upload(gdalName, uploadTo, finalName, label);
    placed = true; // from here on the key holds the new output, which no roll-back can undo
    ObjectUpload.removeStaleSidecars(partialPath, uploadTo, finalName, label);
    try {
      deletePartialFiles();
      Files.deleteIfExists(partialPath.getParent());
    } catch (IOException | RuntimeException e) {
      // uploaded: what is left locally goes with the run's temp directory
    }
  }

  /**
   * Drivers whose rename rewrites names recorded inside the files (an Imagine file names its {@code .ige} spill
   * file; an Arc/Info grid is a directory of coverages): their outputs are renamed by GDAL. Every other output
   * is moved by name, side-cars first and the main file last, so that a kill in between never leaves a main
   * file at the final name without its side-cars (GDAL's generic rename moves the main file first).
   */
  private static final java.util.Set<String> RENAMED_BY_DRIVER = java.util.Set.of("HFA", "AIG");

  /** The driver of the finished partial file, if it is one that must rename it ({@link #RENAMED_BY_DRIVER}). */
  private Driver renamingDriver(String label) {
    Driver d;
    try {
      d = gdal.IdentifyDriver(gdalName);
    } finally {
      gdal.ErrorReset();
    }
    if (d == null) {
      throw new OutputWriteException("Output '" + label + "' (" + finalName + "): GDAL no longer recognises "
          + "the finished file " + partialPath);
    }
    return RENAMED_BY_DRIVER.contains(d.getShortName()) ? d : null;
  }

  /** GDAL's rename knows each driver's side-cars and internal references (an Imagine file's spill file). */
  private void renameWithGdal(String label, Driver d) {
    String target = GdalPaths.directoryForGdal(finalPath.getParent(), finalName).resolve(finalPath.getFileName())
        .toString();
    gdal.ErrorReset();
    int rc;
    try {
      rc = d.Rename(target, gdalName);
    } catch (RuntimeException e) {
      throw new OutputWriteException("Could not rename output '" + label + "' from " + partialPath + " to "
          + finalName + ": " + e.getMessage(), e);
    }
    if (rc != 0) {
      throw new OutputWriteException("Could not rename output '" + label + "' from " + partialPath + " to "
          + finalName + ": " + gdal.GetLastErrorMsg());
    }
  }

  /** Whether the output was uploaded to its object store (which no roll-back can undo). */
  boolean uploaded() {
    return uploadTo != null && placed;
  }

  /** Whether {@link #setAsideEarlier} moved an earlier output aside (still there: not yet dropped). */
  boolean earlierSetAside() {
    return earlier != null && earlier.isAside();
  }

  /** The identity of the output at its final path (after {@link #place}), or null: see {@link #identity}. */
  String placedKey() {
    return finalPath == null || !placed ? null : identity(finalPath);
  }

  /**
   * What tells one file from another on any host that mounts it: its inode number, size and modification time
   * (not the device number, which differs between NFS clients); null if the file system cannot say.
   */
  static String identity(Path p) {
    try {
      java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
          java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Object ino;
      try {
        ino = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        ino = "?";
      }
      return "ino=" + ino + ";size=" + a.size() + ";mtime=" + a.lastModifiedTime().toInstant();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Deletes the earlier output of {@code finalName} that a writer kept aside while the other outputs of its job
   * were written, or until its launcher confirmed the run ({@link OutputCommit#confirm}). A failure is reported
   * on standard error: the new output is in place, and the earlier one stays under its clearly marked name until
   * the next run writing the output.
   */
  static void dropEarlierOf(String finalName) {
    AtomicOutput o = of(finalName, null);
    if (o.earlier != null) {
      o.earlier.dropIfAside();
    }
  }

  /**
   * Takes back an output a writer put in place while the other outputs of its job were written, or before its
   * launcher confirmed the run ({@link OutputCommit#undo}): the file at the final path is deleted if it is still
   * the one put there ({@code placedKey}), and the earlier output kept aside is moved back if the final name is
   * then free.
   *
   * @return false for an output that was not renamed locally (an upload), which is left where it is
   * @throws OutputWriteException naming the output if a file cannot be deleted or moved back
   */
  static boolean undoPlaced(String finalName, String placedKey) {
    AtomicOutput o = of(finalName, null);
    if (o.finalPath == null) {
      return false; // uploads are not kept aside: nothing to take back
    }
    try {
      String atFinal = identity(o.finalPath);
      boolean stillTheNewOne = placedKey != null && placedKey.equals(atFinal);
      if (!stillTheNewOne && atFinal != null) {
        System.err.println("WARNING: output " + finalName + " of a failed job was not taken back: the file at its "
            + "final path is not the one its writer put there (another run has written it since)");
      }
      o.earlier.takeBackPlaced(stillTheNewOne);
      return true;
    } catch (IOException | RuntimeException e) {
      throw new OutputWriteException("Could not take back output " + finalName + " (its job failed): " + e, e);
    }
  }

  /** Renames the file {@code fromStem + rest} beside the output to {@code toStem + rest}, replacing what is there. */
  private void moveSibling(String fromStem, String toStem, String rest) throws IOException {
    LocalDatasetFiles.moveBeside(finalPath, fromStem, toStem, rest);
  }

  /**
   * Refuses an output whose files, renamed into place or uploaded, would replace a file of another dataset
   * beside it ({@link PartialOutputFiles#checkReplacesNoOtherDataset}, {@link
   * ObjectUpload#checkReplacesNoOtherDataset}); {@code partialFiles} as GDAL lists them.
   *
   * @throws ParameterException naming the output, the file and the dataset it belongs to
   */
  void checkReplacesNoOtherDataset(String label, List<?> partialFiles) {
    if (renames() && partialFiles != null) {
      files.checkReplacesNoOtherDataset(label, finalName, partialFiles);
    } else if (uploadTo != null && partialFiles != null) {
      ObjectUpload.checkReplacesNoOtherDataset(label, finalName, uploadTo, files.partialStem(),
          partialPath.getFileName().toString(), partialFiles);
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
      discardLocked();
    } finally {
      lock.unlock();
    }
  }

  private void discardLocked() {
    try {
      deletePartialFiles();
      if (uploadTo != null) {
        Files.deleteIfExists(partialPath.getParent());
      }
    } catch (IOException e) {
      // a file left in the private upload directory: the run's temp directory goes at the end of the run
    } finally {
      unregister();
    }
  }

  /** The output is in place (or its failure undone): the shutdown hook has nothing left to delete. */
  void unregister() {
    if (cleanup != null) {
      cleanup.close();
      cleanup = null;
    }
  }

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
        if (uploadTo != null) {
          // an upload may be reading the staged files: the run's temp directory hook must not pull them away
          org.rios.lifecycle.RunTempDir.spareOnShutdown(partialPath.getParent());
        }
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
      files.deleteAll();
    } catch (IOException e) {
      throw new OutputWriteException("Could not remove partial output " + partialPath + ": " + e, e);
    }
  }
}
