package org.rios.gdal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rios.errors.ParameterException;

/**
 * File names as GDAL's Java bindings can receive them.
 *
 * <p>The bindings hand strings to C in the JVM's "modified UTF-8", which writes a character outside the
 * Basic Multilingual Plane (an emoji, many CJK extension characters) as two 3-byte surrogates instead of
 * one 4-byte UTF-8 sequence. GDAL then opens or creates a different name. Java's own file API has no such
 * problem, so a local path with such characters is given to GDAL through symbolic links that Java makes, in
 * a private directory of this JVM: the directory part through a link to the directory, the file name
 * through links to the file and its side-cars (same stem), under plain names.
 *
 * <pre>{@code
 * Dataset ds = gdal.Open(GdalPaths.forGdal("/data/scene 🚀.tif"), GA_ReadOnly);
 * }</pre>
 */
public final class GdalPaths {
  private static final Object LOCK = new Object();
  private static final Map<Path, Path> ALIASES = new HashMap<>();
  private static Path aliasRoot;

  private GdalPaths() {}

  /** The longest file name (one path component) Linux file systems take, in bytes. */
  public static final int MAX_NAME_BYTES = 255;

  /** The length of {@code fileName} in bytes, as a file system counts it (UTF-8). */
  public static int nameBytes(String fileName) {
    return fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /**
   * The side-cars GDAL reads beside any raster whatever its format, named after it ({@code ndvi.tif.aux.xml}):
   * its auxiliary metadata (statistics, histograms), external overviews and mask.
   */
  public static final java.util.List<String> OWN_SIDECAR_SUFFIXES = java.util.List.of(".aux.xml", ".ovr", ".msk");

  /**
   * A file name (no directory) without its last extension, as GDAL's side-car files and RIOS's partial
   * names are formed: {@code ndvi.tif} -> {@code ndvi}; a name without a dot, or with its only dot first,
   * is its own stem.
   */
  public static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /** True if the bindings pass {@code s} to GDAL unchanged: no character outside the BMP and no NUL. */
  public static boolean passesIntact(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The name to give GDAL for {@code filename}: itself when it passes intact (also every GDAL virtual path
   * and URL; {@code s3://bucket/key} becomes {@code /vsis3/bucket/key}), else a link to the same local file,
   * made now. Side-car files of the same stem
   * ({@code .aux.xml}, {@code .ovr}, {@code .hdr}, ...) are linked beside it so GDAL finds them.
   *
   * @throws ParameterException naming the file if it cannot be reached under a name GDAL receives intact
   */
  public static String forGdal(String filename) {
    if (filename == null) {
      return null;
    }
    filename = VirtualPaths.toGdal(filename);
    if (passesIntact(filename)) {
      return filename;
    }
    if (VirtualPaths.isVirtual(filename)) {
      throw new ParameterException("File name '" + filename + "' has characters outside Unicode's Basic "
          + "Multilingual Plane, which GDAL's Java bindings cannot pass on for a virtual or remote path");
    }
    Path p = absolute(Path.of(filename));
    Path dir = directoryForGdal(p.getParent(), filename);
    String name = p.getFileName().toString();
    if (passesIntact(name)) {
      return dir.resolve(name).toString();
    }
    return fileAlias(p, filename).toString();
  }

  /**
   * {@code name} made absolute as the file system reads it: '.' parts dropped, and a '..' part taken after the
   * symbolic links before it, as the operating system does ({@code lnk/../a.tif}, where {@code lnk} links to
   * {@code real/sub}, is {@code real/a.tif}; a lexical {@link Path#normalize} says the directory holding
   * {@code lnk}). The last part is kept as named: a link there is not followed.
   */
  public static Path absolute(Path name) {
    Path abs = name.toAbsolutePath();
    boolean up = false;
    for (Path part : abs) {
      up |= part.toString().equals("..");
    }
    if (!up) {
      return abs.normalize();
    }
    Path last = abs.getFileName();
    if (last == null || last.toString().equals("..") || last.toString().equals(".")) {
      return realAsFarAsItExists(abs).normalize();
    }
    return realAsFarAsItExists(abs.getParent()).normalize().resolve(last);
  }

  /** The real path of the longest existing part of an absolute path, followed by the rest as spelled. */
  static Path realAsFarAsItExists(Path absolute) {
    Path existing = absolute;
    while (existing != null) {
      try {
        Path real = existing.toRealPath();
        return real.resolve(existing.relativize(absolute));
      } catch (IOException | SecurityException e) {
        existing = existing.getParent(); // not there yet (or not readable): resolve what is above it
      }
    }
    return absolute;
  }

  /**
   * {@code dir} under a name GDAL receives intact: itself, or a link to it.
   *
   * @param forFile the file the caller is after, for the error message
   */
  public static Path directoryForGdal(Path dir, String forFile) {
    Path abs = absolute(dir);
    if (passesIntact(abs.toString())) {
      return abs;
    }
    synchronized (LOCK) {
      Path link = ALIASES.get(abs);
      if (link == null) {
        link = root(forFile).resolve("d" + org.rios.lifecycle.UniqueNames.token());
        try {
          Files.createSymbolicLink(link, abs);
          removedAtExit(link);
        } catch (IOException e) {
          throw cannotAlias(forFile, e);
        }
        ALIASES.put(abs, link);
      }
      return link;
    }
  }

  /** A fresh directory of links to the file and its side-cars, all under a plain stem. */
  private static Path fileAlias(Path file, String filename) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    if (!passesIntact(name.substring(stem.length()))) {
      throw new ParameterException("File name '" + filename + "' has characters outside Unicode's Basic "
          + "Multilingual Plane in its extension, which GDAL's Java bindings cannot pass on");
    }
    synchronized (LOCK) {
      Path existing = ALIASES.get(file);
      if (existing != null) {
        return existing;
      }
      try {
        // a filter, not a glob: file names may hold glob syntax ([ ] { } ? *)
        List<Path> sidecars = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(), p -> {
          String sn = p.getFileName().toString();
          return sn.equals(stem) || sn.startsWith(stem + ".");
        })) {
          siblings.forEach(sidecars::add);
        }
        Path dir = Files.createTempDirectory(root(filename), "f");
        removedAtExit(dir);
        for (Path sc : sidecars) {
          String sn = sc.getFileName().toString();
          removedAtExit(Files.createSymbolicLink(dir.resolve("file" + sn.substring(stem.length())), sc));
        }
        // side-cars GDAL may create for the file (statistics and colour tables of a file opened read-only,
        // external overviews, masks): links to where they belong, so that GDAL creates them beside the
        // file, not in this directory
        String rest = name.substring(stem.length());
        // GDAL forms .aux and .rrd names by replacing the last extension: "a.b.tif" -> "a.b.aux"
        String beforeLast = rest.substring(0, Math.max(0, rest.lastIndexOf('.')));
        for (String suffix : List.of(rest + ".aux.xml", rest + ".ovr", rest + ".ovr.aux.xml", rest + ".msk",
            beforeLast + ".aux", beforeLast + ".rrd")) {
          Path link = dir.resolve("file" + suffix);
          if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            removedAtExit(Files.createSymbolicLink(link, file.getParent().resolve(stem + suffix)));
          }
        }
        Path alias = dir.resolve("file" + rest);
        ALIASES.put(file, alias);
        return alias;
      } catch (IOException e) {
        throw cannotAlias(filename, e);
      }
    }
  }

  private static Path root(String forFile) {
    if (aliasRoot == null) {
      Path r;
      try {
        r = Files.createTempDirectory("rios-names-");
      } catch (IOException e) {
        throw cannotAlias(forFile, e);
      }
      // the JDK's own exit list, not a hook thread of ours: a hook would hold this class (and, in a Flink
      // TaskManager, the job's class loader) for the life of the JVM; it deletes in the reverse order of
      // registration, so each link and directory below is registered as it is made
      removedAtExit(r);
      if (!passesIntact(r.toString())) {
        throw new ParameterException("File name '" + forFile + "' has characters outside Unicode's Basic "
            + "Multilingual Plane and java.io.tmpdir (" + r + ") has some too, so GDAL cannot be given "
            + "a name for it");
      }
      aliasRoot = r;
    }
    return aliasRoot;
  }

  /**
   * Registers a link or directory of this class with the JDK's exit list (a directory goes if it is empty
   * then: its links are registered after it, so they go first).
   */
  private static void removedAtExit(Path p) {
    try {
      p.toFile().deleteOnExit();
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already exiting: nothing will use the link after this run
    }
  }

  private static ParameterException cannotAlias(String filename, IOException e) {
    return new ParameterException("File name '" + filename + "' has characters outside Unicode's Basic "
        + "Multilingual Plane, which GDAL's Java bindings cannot pass on, and a link to it could not be made: "
        + e, e);
  }
}
