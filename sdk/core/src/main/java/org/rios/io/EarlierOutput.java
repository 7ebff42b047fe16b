package org.rios.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.rios.errors.OutputWriteException;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.VirtualPaths;

/**
 * The final name of a local output while a new output is put there ({@link AtomicOutput#place}): the earlier
 * output at that name is moved aside ({@code ndvi.tif.rios-replaced.tif}) with its side-cars and every other file
 * at a name the new output's files take, then deleted once every output of the run or job is in place, or moved
 * back over the new one, which is taken off the name, when the run fails or did not finish.
 *
 * <p>The files GDAL does not list (MRF's {@code .idx} and {@code .ppg}, which only its driver knows; every
 * side-car of a name GDAL's Java bindings cannot be given; an earlier file at a name the new output's side-car
 * takes that GDAL does not list for the earlier output) are moved by name, and named in a record beside the
 * aside file ({@code ndvi.mrf.rios-replaced.rios-strays}): the new output's, which go to the final stem, and
 * the earlier output's, moved aside with it. It is written before anything moves, only for outputs that have
 * such files, and read by whichever instance did not move them itself: the next run after a kill, a Beam
 * launcher or commit step in another JVM.
 *
 * <p>Crash-safe order: the aside main file is what tells the next run there is an earlier output to restore,
 * so it is moved aside first, moved back last and deleted first; the new output's main file is deleted last.
 * Killed at any point, the next run writing the output ({@link #recoverInterrupted}) finishes the step.
 */
final class EarlierOutput {
  private final String finalName;
  private final Path finalPath;
  private final Path asidePath;
  private final Path legacyAsidePath;
  private final Path recordPath;
  /** The earlier output is at {@link #asidePath} because this instance moved it there (not yet dropped). */
  private boolean aside;
  /**
   * The names after the stem ({@code .idx}) of the files moved by name, which GDAL does not list: the new
   * output's at the final stem (as {@link #placedByName} reports them, or read from the record), and the
   * earlier output's moved aside with it.
   */
  private final List<String> newByName = new ArrayList<>();
  private final List<String> earlierByName = new ArrayList<>();
  /** The two lists above are this output's: worked out by this instance, or read from the record. */
  private boolean byNameKnown;

  /**
   * @param asidePath where the earlier output goes while the new one is put in place
   * @param recordPath where the record of the files moved by name is kept meanwhile
   * @param legacyAsidePath where an earlier version of the library put it (recovered from, never used), or null
   */
  EarlierOutput(String finalName, Path finalPath, Path asidePath, Path recordPath, Path legacyAsidePath) {
    this.finalName = finalName;
    this.finalPath = finalPath;
    this.asidePath = asidePath;
    this.recordPath = recordPath;
    this.legacyAsidePath = legacyAsidePath;
  }

  Path asidePath() {
    return asidePath;
  }

  /** Whether this instance moved an earlier output aside that is still there (not dropped, not moved back). */
  boolean isAside() {
    return aside;
  }

  /**
   * Moves an earlier output at the final name aside, with its side-cars and every other file at a name the new
   * output's files will take, so that the new one can be renamed into place and the earlier one restored if the
   * run fails before it is complete.
   *
   * @param label the output's name in the run, for messages
   * @param newUnlisted the new output's files that GDAL will not list at the final name (those only its driver
   *     knows; all its side-cars for a name GDAL cannot be given), as names after its stem: recorded, and taken
   *     back by name
   * @param newMovedByName every file of the new output but its main file, as names after its stem: an earlier
   *     file at one of those names that GDAL does not list for the earlier output (a name it cannot be given, a
   *     file it no longer recognises, a stray header) is set aside with it rather than replaced
   */
  void setAside(String label, List<String> newUnlisted, List<String> newMovedByName) {
    if (!Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(finalPath) || VirtualPaths.isSpecialLocalFile(finalPath.toString())) {
      // planning refuses these; one made since then is not ours to move (a device, a FIFO GDAL would block on)
      throw new OutputWriteException("Cannot replace existing output file " + finalName + " (output '" + label
          + "'): it is not a regular file (a device, FIFO, socket or directory)");
    }
    try (GdalConfig.Scope listing = LocalDatasetFiles.LISTING.applyToThisThread()) {
      if (Files.exists(asidePath, LinkOption.NOFOLLOW_LINKS)) {
        // this run moved any leftover back when it started: another run is putting the same output in place
        throw new OutputWriteException("Cannot replace existing output file " + finalName + " (output '" + label
            + "'): another run has kept its earlier file aside at " + asidePath + " (two runs writing one path)");
      }
      // the new output's names go in the record only: this instance learns them as place() moves them
      List<String> news = new ArrayList<>();
      for (String rest : newUnlisted) {
        if (recordable(rest)) {
          news.add(rest);
        }
      }
      List<String> earlier = earlierFilesRenameLeaves(newMovedByName);
      byNameKnown = true;
      writeRecord(news, earlier);
      try {
        LocalDatasetFiles.rename(finalPath, asidePath);
      } catch (IOException | RuntimeException e) {
        // nothing was moved (rename moves back what it moved before failing)
        try {
          Files.deleteIfExists(recordPath);
        } catch (IOException d) {
          e.addSuppressed(d);
        }
        throw e;
      }
      aside = true;
      for (String rest : earlier) {
        if (Files.exists(atStem(finalStem(), rest), LinkOption.NOFOLLOW_LINKS)) {
          LocalDatasetFiles.moveBeside(finalPath, finalStem(), asideStem(), rest);
          earlierByName.add(rest);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof OutputWriteException) {
        throw (OutputWriteException) e;
      }
      throw new OutputWriteException("Cannot replace existing output file " + finalName + " (output '" + label
          + "'): moving it aside to " + asidePath + " failed: " + e.getMessage(), e);
    }
  }

  /** A name after the stem that a line of the record can hold (no driver names its files otherwise). */
  private static boolean recordable(String rest) {
    return rest.indexOf('\n') < 0 && rest.indexOf('\r') < 0;
  }

  /**
   * Of the files at the final stem with the names the new output's files will take ({@code rests}), those that
   * moving the earlier output aside with its side-cars ({@link LocalDatasetFiles#rename}) leaves where they are:
   * set aside by name after it, so that the new output replaces none of them for good.
   */
  private List<String> earlierFilesRenameLeaves(List<String> rests) throws IOException {
    List<String> there = new ArrayList<>();
    for (String rest : rests) {
      Path atFinal = atStem(finalStem(), rest);
      if (recordable(rest) && !atFinal.equals(finalPath) && Files.exists(atFinal, LinkOption.NOFOLLOW_LINKS)
          && !Files.isSymbolicLink(atFinal)) {
        there.add(rest);
      }
    }
    // GDAL's own side-cars named after the file go with it by name; only what is left needs GDAL's listing
    List<Path> own = LocalDatasetFiles.ownSideCars(finalPath);
    there.removeIf(rest -> own.contains(atStem(finalStem(), rest)));
    if (!there.isEmpty()) {
      List<Path> listed = LocalDatasetFiles.gdalSideCars(finalPath);
      there.removeIf(rest -> listed.contains(atStem(finalStem(), rest)));
    }
    return there;
  }

  /** The new output has put its file {@code rest} (after its stem), which GDAL does not list, at the final stem. */
  void placedByName(String rest) {
    newByName.add(rest);
  }

  /**
   * Deletes the earlier output moved aside (every output of the run is in place), main file first. A failure is
   * reported on standard error, not thrown: the new output is complete, and the earlier one is left under its
   * clearly marked name.
   */
  void drop() {
    if (!aside) {
      return;
    }
    try (GdalConfig.Scope listing = LocalDatasetFiles.LISTING.applyToThisThread()) {
      // the main file first: while it is there, the next run takes the earlier output for one to move back;
      // then the files GDAL lists for it that are named after it, by name what GDAL no longer lists under this
      // name (an Imagine file's .rrd and .ige, which it records under the name it was written with), and the
      // files it set aside by name
      loadRecord();
      LocalDatasetFiles.delete(asidePath, true);
      deleteLeftAside();
      aside = false;
    } catch (IOException | RuntimeException e) {
      System.err.println("WARNING: output " + finalName + " is in place, but the earlier file moved aside to "
          + asidePath + " could not be deleted: " + e.getMessage() + "; delete it, or the next run writing "
          + "this output moves it back before it starts");
    }
  }

  /**
   * Deletes an earlier output kept aside at this name by another instance (a writer that kept it until its job
   * or launcher confirmed the new output), as {@link #drop} does.
   */
  void dropIfAside() {
    aside = Files.exists(asidePath, LinkOption.NOFOLLOW_LINKS);
    drop();
  }

  /**
   * Undoes this output's part of a failed commit: the new output deleted from the final name if {@code
   * newPlaced}, and the earlier one moved back if this instance moved it aside.
   */
  void takeBack(boolean newPlaced) throws IOException {
    try (GdalConfig.Scope listing = LocalDatasetFiles.LISTING.applyToThisThread()) {
      if (newPlaced) {
        deleteNewAtFinal();
      }
      if (aside) {
        moveBack();
        aside = false;
      }
    }
  }

  /**
   * An earlier output moved aside by a run that did not finish putting its outputs in place (killed, or a Beam
   * writer re-run before its job was confirmed) or that failed after it: moved back over whatever that run put
   * at the final name, so a run that did not finish replaces nothing and a re-run writer keeps the true
   * earlier output aside. With none aside, what a run killed while deleting it left is deleted.
   */
  void recoverInterrupted() {
    if (legacyAsidePath != null && !Files.exists(asidePath, LinkOption.NOFOLLOW_LINKS)
        && Files.exists(legacyAsidePath, LinkOption.NOFOLLOW_LINKS)) {
      // left by a run of a version that kept the extension out of the aside stem: recovered from there
      new EarlierOutput(finalName, finalPath, legacyAsidePath, recordPath, null).recoverInterrupted();
      return;
    }
    try (GdalConfig.Scope listing = LocalDatasetFiles.LISTING.applyToThisThread()) {
      if (!Files.exists(asidePath, LinkOption.NOFOLLOW_LINKS)) {
        deleteLeftOfAnInterruptedDrop();
        return;
      }
      loadRecord();
      if (Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
        deleteNewAtFinal();
      }
      moveBack();
    } catch (IOException | RuntimeException e) {
      throw new OutputWriteException("Could not recover output " + finalName + " from " + asidePath
          + ", which a run that did not finish putting its outputs in place left: " + e, e);
    }
  }

  /**
   * Takes back a new output that another instance put in place with the earlier file kept aside: deleted if
   * {@code stillTheNewOne} (the file at the final name is the one put there), and the earlier output moved back
   * if the final name is then free.
   */
  void takeBackPlaced(boolean stillTheNewOne) throws IOException {
    try (GdalConfig.Scope listing = LocalDatasetFiles.LISTING.applyToThisThread()) {
      loadRecord();
      if (stillTheNewOne) {
        deleteNewAtFinal();
      }
      moveBack();
    }
  }

  /**
   * With no earlier output aside, what a run killed while deleting it ({@link #drop}, the main file first) or
   * before moving it aside (its record written) left under the library's aside names: its side-cars, the files
   * set aside by name, its record. Looked for by name only where the record or one of GDAL's own side-cars
   * named after the aside name is there (a few file lookups, no directory listing, for most runs).
   */
  private void deleteLeftOfAnInterruptedDrop() throws IOException {
    if (!Files.exists(recordPath, LinkOption.NOFOLLOW_LINKS) && LocalDatasetFiles.ownSideCars(asidePath).isEmpty()) {
      return;
    }
    loadRecord();
    deleteLeftAside();
  }

  /** Deletes the aside output's files by name (its main file is gone), then the record. */
  private void deleteLeftAside() throws IOException {
    for (Path p : LocalDatasetFiles.filesByName(asidePath)) {
      Files.deleteIfExists(p);
    }
    for (String rest : earlierByName) {
      LocalDatasetFiles.deleteTree(atStem(asideStem(), rest));
    }
    earlierByName.clear();
    Files.deleteIfExists(recordPath);
  }

  /** Moves the earlier output kept aside, if any, back to the final name, if that is free; its main file last. */
  private void moveBack() throws IOException {
    loadRecord();
    if (!Files.exists(asidePath, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
      return; // the final name is taken: the earlier output and its record stay aside, for the next run
    }
    // killed before the main file moves, the next run still finds the earlier output aside and finishes
    for (String rest : earlierByName) {
      if (Files.exists(atStem(asideStem(), rest), LinkOption.NOFOLLOW_LINKS)) {
        LocalDatasetFiles.moveBeside(finalPath, asideStem(), finalStem(), rest);
      }
    }
    earlierByName.clear();
    LocalDatasetFiles.rename(asidePath, finalPath, true);
    Files.deleteIfExists(recordPath);
  }

  /**
   * Deletes the new output at the final name with its side-cars and the files GDAL does not list for it (those
   * put there through this instance, or that the record names), its main file last: killed before it, the
   * next run still finds the new output there and deletes the rest.
   */
  private void deleteNewAtFinal() throws IOException {
    for (String rest : newByName) {
      LocalDatasetFiles.deleteTree(atStem(finalStem(), rest));
    }
    newByName.clear();
    LocalDatasetFiles.delete(finalPath);
  }

  /**
   * Writes the record if there are files to move or take back by name: one line each, {@code new .idx} for the
   * new output's, {@code earlier .idx} for the earlier output's.
   */
  private void writeRecord(List<String> news, List<String> earlier) throws IOException {
    if (news.isEmpty() && earlier.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    news.forEach(r -> b.append("new ").append(r).append('\n'));
    earlier.forEach(r -> b.append("earlier ").append(r).append('\n'));
    Files.deleteIfExists(recordPath);
    try {
      // a new file, not through a link someone left at the name
      Files.writeString(recordPath, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(recordPath); // a part written (a full disk)
      } catch (IOException d) {
        e.addSuppressed(d);
      }
      throw e;
    }
  }

  /**
   * For an instance that did not move the files itself: the names the record lists, each a name after the stem
   * that stays beside the output and is neither its main file nor one of the library's own (others are
   * ignored).
   */
  private void loadRecord() throws IOException {
    if (byNameKnown) {
      return;
    }
    byNameKnown = true;
    if (!Files.isRegularFile(recordPath, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String finalExtension = finalPath.getFileName().toString().substring(finalStem().length());
    for (String line : Files.readAllLines(recordPath, StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      String rest = space < 0 ? "" : line.substring(space + 1);
      if (!rest.startsWith(".") || rest.contains("/") || rest.contains("\0") || rest.contains("rios-")
          || rest.equalsIgnoreCase(finalExtension)) {
        continue;
      }
      if (line.startsWith("new ")) {
        newByName.add(rest);
      } else if (line.startsWith("earlier ")) {
        earlierByName.add(rest);
      }
    }
  }

  private Path atStem(String stem, String rest) {
    return finalPath.resolveSibling(stem + rest);
  }

  private String finalStem() {
    return GdalPaths.stem(finalPath.getFileName().toString());
  }

  private String asideStem() {
    return GdalPaths.stem(asidePath.getFileName().toString());
  }
}
