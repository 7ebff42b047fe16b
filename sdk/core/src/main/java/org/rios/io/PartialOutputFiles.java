package org.rios.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalPaths;

/**
 * The files of one partial output on a local disk ({@code ndvi.tif.rios-partial.tif} and every file sharing its
 * stem: GDAL's side-cars, the files only its driver knows) and the names they take at the final stem when
 * {@link AtomicOutput} puts them in place.
 *
 * <p>The listings the commit needs are made on first use, once the partial output is closed, and kept: the
 * commit asks for them several times, and a directory of thousands of outputs is then read once per output.
 * Before the rename, {@link #checkReplacesNoOtherDataset} refuses a side-car name that belongs to another
 * dataset at the final stem; {@link #deleteAll} (after a failure, or at shutdown) lists afresh, since the
 * files may have changed since the commit's listings were made.
 */
final class PartialOutputFiles {
  private final Path partialPath;
  /** The final path of a local output; null for an upload (its partial files are only ever deleted). */
  private final Path finalPath;
  /** The files sharing the partial stem ({@link LocalDatasetFiles#sharingStem}). */
  private List<Path> sharingStem;
  /** GDAL's list of the finished partial output's files. */
  private List<Path> gdalListed;
  private List<String> driverOnlyRests;
  private List<String> unlistedAtFinalRests;

  PartialOutputFiles(Path partialPath, Path finalPath) {
    this.partialPath = partialPath;
    this.finalPath = finalPath;
  }

  /** The partial name without its extension: every file of the partial output starts with it. */
  String partialStem() {
    return GdalPaths.stem(partialPath.getFileName().toString());
  }

  /** The final name without its extension (local outputs only). */
  String finalStem() {
    return GdalPaths.stem(finalPath.getFileName().toString());
  }

  /** {@code p}'s name after the partial stem ({@code .idx}, {@code .tif.aux.xml}). */
  String restAfterPartialStem(Path p) {
    return p.getFileName().toString().substring(partialStem().length());
  }

  /** The files sharing the partial stem, listed on first use (the partial output is closed by then). */
  List<Path> sharingStem() throws IOException {
    if (sharingStem == null) {
      sharingStem = LocalDatasetFiles.sharingStem(partialPath);
    }
    return sharingStem;
  }

  /** GDAL's list of the partial output's files, listed on first use (the partial output is closed by then). */
  List<Path> gdalListed() throws IOException {
    if (gdalListed == null) {
      gdalListed = LocalDatasetFiles.gdalSideCars(partialPath);
    }
    return gdalListed;
  }

  /**
   * The names after the partial stem ({@code .idx}) of the partial output's files that GDAL does not list for
   * it and that are not named after it (MRF's index and data files). Listed on first use, before the commit
   * moves anything.
   */
  List<String> driverOnlyRests() throws IOException {
    if (driverOnlyRests == null) {
      Set<Path> known = new HashSet<>(gdalListed());
      known.addAll(LocalDatasetFiles.namedAfter(partialPath, sharingStem()));
      List<String> rests = new ArrayList<>();
      for (Path p : LocalDatasetFiles.strays(partialPath, known, sharingStem())) {
        rests.add(restAfterPartialStem(p));
      }
      driverOnlyRests = List.copyOf(rests);
    }
    return driverOnlyRests;
  }

  /**
   * The names after the partial stem of the partial output's files that GDAL's listing of the output at its
   * final name will not find, so that they are put in place, recorded and taken back by name: the files only
   * its driver knows ({@link #driverOnlyRests}), and for a final name GDAL's Java bindings cannot be given (one
   * outside Unicode's Basic Multilingual Plane), every side-car moved by name.
   */
  List<String> unlistedAtFinalRests() throws IOException {
    if (unlistedAtFinalRests == null) {
      Set<String> rests = new LinkedHashSet<>(driverOnlyRests());
      if (!GdalPaths.passesIntact(finalPath.toString())) {
        rests.addAll(movedByNameRests());
      }
      unlistedAtFinalRests = List.copyOf(rests);
    }
    return unlistedAtFinalRests;
  }

  /**
   * The names after the partial stem of the partial output's files, but its main file, as they are put at the
   * final stem ({@code .hdr}, {@code .tif.aux.xml}, {@code .idx}): the names at which an earlier file is
   * replaced, and so must be set aside with the earlier output even where GDAL does not list it as that
   * output's (a name GDAL cannot be given, a file GDAL no longer recognises).
   */
  List<String> movedByNameRests() throws IOException {
    Set<String> rests = new LinkedHashSet<>();
    for (Path p : LocalDatasetFiles.filesByName(partialPath, sharingStem())) {
      if (!p.equals(partialPath)) {
        rests.add(restAfterPartialStem(p));
      }
    }
    rests.addAll(driverOnlyRests());
    return List.copyOf(rests);
  }

  /**
   * GDAL's side-cars at the final name ({@code ndvi.tif.aux.xml}, {@code .ovr}, {@code .msk}) for which the
   * partial output has none. Meaningful where no earlier output was set aside (the caller checks): its main
   * file was deleted, e.g. by {@code rm *.tif}, so they belong to no file, and GDAL would read them as the new
   * file's statistics, overviews or mask.
   */
  List<Path> sidecarsAtFinalWithoutPartner() {
    List<Path> found = new ArrayList<>();
    for (String side : LocalDatasetFiles.sidecarsMissingBeside(partialPath)) {
      Path atFinal = finalPath.resolveSibling(finalPath.getFileName() + side);
      if (Files.isRegularFile(atFinal, LinkOption.NOFOLLOW_LINKS)) {
        found.add(atFinal);
      }
    }
    return found;
  }

  /**
   * Refuses an output whose files, renamed into place, would replace a file of another dataset beside it: an
   * ENVI output {@code o.bin} writes its header to {@code o.hdr}, which may be the header of an ENVI
   * {@code o.dat} there (an input of the same run, say), whose pixels would then be read with the output's
   * type. Files of the earlier output at the final name are not another's. {@code partialFiles} are the
   * partial output's files as GDAL lists them; only those that replace its extension can be another's.
   *
   * @throws ParameterException naming the output, the file and the dataset it belongs to
   */
  void checkReplacesNoOtherDataset(String label, String finalName, List<?> partialFiles) {
    String stem = partialStem() + ".";
    String named = partialPath.getFileName().toString();
    boolean hasExtension = !named.equals(partialStem());
    try (GdalConfig.Scope listing = LocalDatasetFiles.LISTING.applyToThisThread()) {
      for (Object f : partialFiles) {
        Path p = Path.of(f.toString()).toAbsolutePath().normalize();
        String n = p.getFileName().toString();
        if (!p.getParent().equals(partialPath.getParent()) || n.equals(named)
            || hasExtension && n.startsWith(named + ".") || !n.startsWith(stem)) {
          continue;   // the file itself and side-cars named after it belong to the final name
        }
        Path target = finalPath.resolveSibling(finalStem() + restAfterPartialStem(p));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Path owner = LocalDatasetFiles.otherDatasetListing(target, finalPath);
          if (owner != null) {
            throw new ParameterException("Output '" + label + "' (" + finalName + ") would replace " + target
                + ", which belongs to " + owner + " (its " + describeSideCar(target) + "); write the output "
                + "under another name or in another directory");
          }
        }
      }
    } catch (IOException e) {
      throw new OutputWriteException("Output '" + label + "' (" + finalName + "): could not list the files "
          + "beside it: " + e, e);
    }
  }

  private static String describeSideCar(Path p) {
    String n = p.getFileName().toString();
    return "side-car file ." + n.substring(n.indexOf('.') + 1);
  }

  /**
   * Deletes the partial main file, every file sharing its stem and the files only its driver knows (MRF's index
   * and data files, ILWIS's {@code .csy} and {@code .grf}, ...), listed afresh.
   */
  void deleteAll() throws IOException {
    List<Path> files = LocalDatasetFiles.filesByName(partialPath);
    for (Path p : files) {
      Files.deleteIfExists(p);
    }
    for (Path p : LocalDatasetFiles.strays(partialPath, files)) {
      LocalDatasetFiles.deleteTree(p);
    }
  }
}
