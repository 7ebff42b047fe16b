package org.rios.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalPaths;

/**
 * The files of one local raster, renamed or deleted together: its main file and its side-cars ({@code .aux.xml},
 * {@code .ovr}, ENVI's {@code .hdr}, Imagine's {@code .rrd} and {@code .ige}, ...), as GDAL lists them for the
 * dataset (it knows each driver's); by name only GDAL's own side-cars, or for the library's own partial names.
 * Used to move an earlier output aside and back ({@link AtomicOutput}); callers set
 * {@code GDAL_DISABLE_READDIR_ON_OPEN=NO} so GDAL lists them.
 */
final class LocalDatasetFiles {
  /** The GDAL options under which it lists a dataset's files: set on the thread around the calls here. */
  static final GdalConfig LISTING = GdalConfig.empty().with("GDAL_DISABLE_READDIR_ON_OPEN", "NO");

  private LocalDatasetFiles() {}

  /**
   * Which of GDAL's own side-cars ({@link GdalPaths#OWN_SIDECAR_SUFFIXES}) the local raster {@code main} does not
   * have beside it: a stale one at the final name must not outlive the file or object it described, or GDAL
   * reads it as the new one's.
   */
  static List<String> sidecarsMissingBeside(Path main) {
    List<String> missing = new ArrayList<>();
    for (String side : GdalPaths.OWN_SIDECAR_SUFFIXES) {
      if (!Files.exists(main.resolveSibling(main.getFileName() + side))) {
        missing.add(side);
      }
    }
    return missing;
  }

  /**
   * Renames the file {@code fromStem + rest} beside {@code anchor} to {@code toStem + rest}, replacing what is
   * there, by an atomic rename.
   */
  static void moveBeside(Path anchor, String fromStem, String toStem, String rest) throws IOException {
    Files.move(anchor.resolveSibling(fromStem + rest), anchor.resolveSibling(toStem + rest),
        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * {@code main} (if it exists) and its side-cars by name: the files named after it, and those that replace its
   * extension with a side-car's ({@link #SIDE_CAR_EXTENSIONS}). Only for names that are the library's own (a
   * partial output's), which no other file shares.
   */
  static List<Path> filesByName(Path main) throws IOException {
    return filesByName(main, sharingStem(main));
  }

  /** {@link #filesByName}, picked from {@code listing} (see {@link #sharingStem}). */
  static List<Path> filesByName(Path main, List<Path> listing) {
    String own = main.getFileName().toString();
    String stem = GdalPaths.stem(own);
    boolean hasExtension = !own.equals(stem);
    return still(listing, n -> {
      if (n.equals(own) || n.startsWith(own + ".")) {
        return true; // the file and side-cars named after it (.tif.aux.xml, .tif.ovr, .img.msk)
      }
      // side-cars that replace the extension (ENVI's .hdr, Imagine's .rrd): only those, so the partial file
      // of another output with the same stem (a.tif beside a.img) is not taken for one
      return n.startsWith(stem + ".")
          && (!hasExtension || SIDE_CAR_EXTENSIONS.contains(n.substring(stem.length() + 1).toLowerCase(Locale.ROOT)));
    });
  }

  /** The files whose names start with {@code main}'s and a dot ({@code x.tif.aux.xml}), for the library's own names. */
  static List<Path> namedAfter(Path main) throws IOException {
    return namedAfter(main, sharingStem(main));
  }

  /** {@link #namedAfter}, picked from {@code listing} (see {@link #sharingStem}). */
  static List<Path> namedAfter(Path main, List<Path> listing) {
    String prefix = main.getFileName().toString() + ".";
    return still(listing, n -> n.startsWith(prefix));
  }

  /**
   * Every file beside {@code main} whose name starts with its stem, in one look at the directory: all the
   * files {@link #filesByName}, {@link #namedAfter} and {@link #strays} can find for it. The commit of an
   * output lists them once and picks from the listing while its files are renamed (a directory of many outputs
   * is then read once per output, not once per question).
   */
  static List<Path> sharingStem(Path main) throws IOException {
    String stem = GdalPaths.stem(main.getFileName().toString());
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(main.getParent())) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(main.getParent(),
          p -> p.getFileName().toString().startsWith(stem))) {
        s.forEach(out::add);
      }
    }
    return out;
  }

  /** The files of {@code listing} whose names {@code which} accepts and that are still there. */
  private static List<Path> still(List<Path> listing, Predicate<String> which) {
    List<Path> out = new ArrayList<>();
    for (Path p : listing) {
      if (which.test(p.getFileName().toString()) && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * The files and directories beside the library's partial output {@code partial} that share its partial stem
   * ({@code o.dat.rios-partial.idx}), other than {@code partial} and those in {@code known}: the files only its
   * driver knows, which GDAL does not list (MRF's index and data files, ILWIS's {@code .csy} and {@code .grf},
   * IDRISI's {@code .rdc}, SAGA's {@code .sgrd}, MFF's {@code .i00}, a Zarr directory). A partial stem holds
   * the final name's extension, so it is one output's alone. Symbolic links are left alone.
   */
  static List<Path> strays(Path partial, java.util.Collection<Path> known) throws IOException {
    return strays(partial, known, sharingStem(partial));
  }

  /** {@link #strays}, picked from {@code listing} (see {@link #sharingStem}). */
  static List<Path> strays(Path partial, java.util.Collection<Path> known, List<Path> listing) {
    String stem = GdalPaths.stem(partial.getFileName().toString());
    List<Path> out = new ArrayList<>();
    for (Path p : still(listing, n -> n.startsWith(stem + "."))) {
      if (!p.equals(partial) && !known.contains(p) && !Files.isSymbolicLink(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Deletes a file, or a directory with everything in it (not following links). */
  static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (java.util.stream.Stream<Path> s = Files.walk(p)) {
        List<Path> all = s.sorted(java.util.Comparator.reverseOrder()).collect(java.util.stream.Collectors.toList());
        for (Path q : all) {
          Files.deleteIfExists(q);
        }
      }
    } else {
      Files.deleteIfExists(p);
    }
  }

  /**
   * Extensions of side-car files that GDAL's drivers name by replacing the main file's extension: ENVI, EHdr
   * and friends' headers and statistics, Imagine's overviews and spill file, world files, projections.
   */
  static final Set<String> SIDE_CAR_EXTENSIONS = Set.of("hdr", "rrd", "ige", "aux",
      "prj", "wld", "tfw", "tifw", "stx", "sta", "clr", "rde", "aux.xml", "ovr", "msk", "xml", "imd", "rpb");

  /**
   * Renames a local dataset with its side-cars (the files GDAL lists for it, and GDAL's own side-cars named
   * after it: {@link #ownSideCars}), each by an atomic rename; if one cannot be renamed, those
   * renamed before it are moved back. Not GDAL's own rename, which copies a file it cannot rename and leaves
   * the copy when it then cannot delete the original.
   */
  static void rename(Path from, Path to) throws IOException {
    rename(from, to, false);
  }

  /**
   * {@link #rename}, the main file moved last when {@code mainLast}: to move an earlier output kept aside back,
   * where the aside main file is what tells the next run that there is something to move back (killed in
   * between, its side-cars are still found beside it).
   */
  static void rename(Path from, Path to, boolean mainLast) throws IOException {
    String fromName = from.getFileName().toString();
    String fromStem = GdalPaths.stem(fromName);
    String toName = to.getFileName().toString();
    String toStem = GdalPaths.stem(toName);
    List<Path[]> moves = new ArrayList<>();
    moves.add(new Path[] {from, to}); // the main file first: the one most likely to refuse
    Set<Path> sideCars = new LinkedHashSet<>(gdalSideCars(from));
    sideCars.addAll(ownSideCars(from));
    sideCars.remove(from);
    for (Path p : sideCars) {
      String n = p.getFileName().toString();
      String renamed = n.startsWith(fromName) ? toName + n.substring(fromName.length())
          : n.startsWith(fromStem + ".") ? toStem + n.substring(fromStem.length()) : null;
      if (renamed != null) {
        moves.add(new Path[] {p, to.resolveSibling(renamed)});
      }
    }
    if (mainLast) {
      moves.add(moves.remove(0));
    }
    List<Path[]> done = new ArrayList<>();
    try {
      for (Path[] m : moves) {
        Files.move(m[0], m[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done.add(m);
      }
    } catch (IOException | RuntimeException e) {
      for (int i = done.size() - 1; i >= 0; i--) {
        try {
          Files.move(done.get(i)[1], done.get(i)[0], StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
  }

  /** The side-cars GDAL lists for local dataset {@code file} in its directory (it knows each driver's). */
  static List<Path> gdalSideCars(Path file) throws IOException {
    List<Path> out = new ArrayList<>();
    if (GdalPaths.passesIntact(file.toString())) {
      Dataset ds = null;
      try {
        ds = gdal.OpenEx(file.toString(), gdalconstConstants.OF_READONLY);
        if (ds != null) {
          java.util.Vector<?> names = ds.GetFileList();
          for (Object n : names == null ? List.of() : names) {
            Path p = Path.of(n.toString()).toAbsolutePath().normalize();
            if (!p.equals(file) && file.getParent().equals(p.getParent()) && Files.isRegularFile(p)) {
              out.add(p);
            }
          }
        }
      } catch (RuntimeException e) {
        // not a file GDAL opens: its side-cars go by name
      } finally {
        if (ds != null) {
          ds.delete();
        }
        gdal.ErrorReset();
      }
    }
    return out;
  }

  /**
   * A dataset beside {@code file}, other than {@code except} (and the files GDAL lists for it) and the library's
   * own partial and set-aside files, whose files (as GDAL lists them) include {@code file}: the owner of a side-car that replaces the
   * extension ({@code o.hdr} of an ENVI {@code o.dat}); null if none. Only names that share the side-car's stem
   * are opened.
   */
  static Path otherDatasetListing(Path file, Path except) throws IOException {
    String stem = GdalPaths.stem(file.getFileName().toString()) + ".";
    // the earlier output's own files are not another dataset's, though GDAL may open one of them as a raster
    // (an EHdr e.bil's e.prj, which it opens through e.hdr and lists e.hdr for)
    List<Path> exceptFiles = except != null && Files.isRegularFile(except) ? gdalSideCars(except) : List.of();
    for (Path sibling : still(sharingStem(file), n -> n.startsWith(stem))) {
      String n = sibling.getFileName().toString();
      if (sibling.equals(file) || sibling.equals(except) || exceptFiles.contains(sibling)
          || n.contains(PartialNames.MARKER)
          || n.contains(PartialNames.REPLACED_MARKER) || !Files.isRegularFile(sibling, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (gdalSideCars(sibling).contains(file)) {
        return sibling;
      }
    }
    return null;
  }

  /**
   * Deletes a local dataset with its side-cars: the files GDAL lists for it that are named after it or its stem
   * (the ones {@link #rename} moves with it), and GDAL's own side-cars named after it. Not GDAL's own delete: an
   * Imagine file records its overviews under the name it was written with, so a file moved aside
   * ({@code out.img.rios-replaced.img}) still names {@code out.img}, and GDAL's delete would remove that too - by
   * then the new output. The main file last: killed in between, the next look finds it and deletes the rest.
   */
  static void delete(Path file) throws IOException {
    delete(file, false);
  }

  /**
   * {@link #delete}, the main file first when {@code mainFirst}: for an earlier output kept aside, whose main
   * file, while it exists, tells the next run to move it back over the new output; its side-cars are then left
   * under the library's own aside names ({@link #filesByName}).
   */
  static void delete(Path file, boolean mainFirst) throws IOException {
    String name = file.getFileName().toString();
    String stem = GdalPaths.stem(name);
    Set<Path> files = new LinkedHashSet<>();
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      for (Path p : gdalSideCars(file)) {
        String n = p.getFileName().toString();
        if (n.startsWith(name) || n.startsWith(stem + ".")) {
          files.add(p);
        }
      }
    }
    files.addAll(ownSideCars(file));
    if (mainFirst) {
      Files.deleteIfExists(file);
    }
    for (Path p : files) {
      Files.deleteIfExists(p);
    }
    Files.deleteIfExists(file);
  }

  /**
   * The side-cars GDAL itself names after a file whatever its format (its auxiliary metadata, external
   * overviews and mask), where GDAL cannot list them (a file it no longer recognises). Never other files that
   * share the name or the stem: a user's {@code scene.xml} or {@code scene.tif.bak}, or an ENVI input's
   * {@code scene.hdr} beside an output {@code scene.tif}.
   */
  static List<Path> ownSideCars(Path file) {
    List<Path> out = new ArrayList<>();
    for (String suffix : GdalPaths.OWN_SIDECAR_SUFFIXES) {
      Path p = file.resolveSibling(file.getFileName() + suffix);
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      }
    }
    return out;
  }
}
