package org.rios.gdal;

import java.util.List;
import java.util.Locale;
import org.rios.errors.ParameterException;

/**
 * File names that are not local files: GDAL virtual paths ({@code /vsis3/bucket/key},
 * {@code /vsicurl/http://...}, {@code /vsimem/...}), URLs, and {@code s3://bucket/key}, which GDAL 3.6 does
 * not know and which means {@code /vsis3/bucket/key}.
 *
 * <pre>{@code
 * VirtualPaths.toGdal("s3://scenes/2024/a.tif");   // "/vsis3/scenes/2024/a.tif"
 * VirtualPaths.isObjectStore("s3://scenes/a.tif");  // true: written locally, uploaded when complete
 * VirtualPaths.bucket("/vsis3/scenes/a.tif");       // "scenes"
 * }</pre>
 */
public final class VirtualPaths {
  private static final String S3_URL = "s3://";
  /** GDAL's object-store file systems: objects are written whole, never renamed in place. */
  private static final String[] OBJECT_STORES = {"/vsis3/", "/vsigs/", "/vsiaz/", "/vsiadls/", "/vsioss/",
      "/vsiswift/"};

  /**
   * Object stores GDAL (3.6) uploads to by appending at the final name, so the object is visible and
   * incomplete while it is written: refused as outputs ({@link #checkedObjectKey}).
   */
  private static final String[] APPENDED_UPLOADS = {"/vsiaz/", "/vsiadls/"};

  private static final String SUBFILE = "/vsisubfile/";
  /** A driver's subdataset name: its prefix in capitals (two characters or more, so not a drive letter). */
  private static final java.util.regex.Pattern SUBDATASET = java.util.regex.Pattern.compile("([A-Z][A-Z0-9_]+):(.+)");

  private VirtualPaths() {}

  /** True for anything that is not a path on a local (or mounted) file system. */
  public static boolean isVirtual(String name) {
    return name.startsWith("/vsi") || name.contains("://");
  }

  /**
   * True for a name that can only be a local file: not a GDAL virtual path, URL or connection string
   * ({@code NETCDF:"f.nc":var}, {@code PG:...}); only such a name is checked with the local file system
   * before GDAL is asked (for a clear "does not exist"), and made absolute to be compared with others. A name
   * with a colon is one when what comes before its first colon cannot be a driver's prefix (letters, digits
   * and underscores, in any case, as GDAL's drivers match them): {@code /data/2024-01-01T10:00/x.tif} and
   * {@code d/t10:00.tif} are files, {@code netcdf:x.nc:ndvi} and {@code t10:00.tif} may not be.
   */
  public static boolean isPlainLocalPath(String name) {
    if (name.startsWith("/vsi") || name.contains("://")) {
      return false;
    }
    int colon = name.indexOf(':');
    return colon < 0 || !name.substring(0, colon).matches("[A-Za-z0-9_]+");
  }

  /**
   * Whether {@code name} is a local file that is neither a regular file nor a directory (a device, FIFO or
   * socket): GDAL blocks opening a FIFO and reads a device without end, so no one hands such a file to it.
   */
  public static boolean isSpecialLocalFile(String name) {
    if (name == null || !isPlainLocalPath(name)) {
      return false;
    }
    java.io.File f = new java.io.File(name);
    return f.exists() && !f.isFile() && !f.isDirectory();
  }

  /**
   * Why this JVM cannot pass local file name {@code name} to the file system, else null: its characters are
   * not all in the JVM's file-name encoding, which the locale sets when the JVM starts (ASCII under LANG=C).
   */
  public static String unencodableBecause(String name) {
    if (name == null || !isPlainLocalPath(name)) {
      return null;
    }
    String encoding = System.getProperty("sun.jnu.encoding", java.nio.charset.Charset.defaultCharset().name());
    java.nio.charset.Charset cs;
    try {
      cs = java.nio.charset.Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      return null; // an encoding this JVM does not know by name: leave it to the file system
    }
    if (cs.newEncoder().canEncode(name)) {
      return null;
    }
    return "has characters this JVM cannot pass to the file system: its file-name encoding is " + encoding
        + ", which comes from the locale it started under (LANG/LC_ALL=" + localeSetting() + "); start Java under "
        + "a UTF-8 locale (for example LC_ALL=C.UTF-8)";
  }

  private static String localeSetting() {
    for (String v : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String s = System.getenv(v);
      if (s != null && !s.isEmpty()) {
        return s;
      }
    }
    return "unset";
  }

  /** The name GDAL understands: {@code s3://b/k} becomes {@code /vsis3/b/k}; anything else is unchanged. */
  public static String toGdal(String name) {
    if (name != null && name.regionMatches(true, 0, S3_URL, 0, S3_URL.length())) {
      return "/vsis3/" + name.substring(S3_URL.length());
    }
    return name;
  }

  /**
   * One spelling per file, to tell whether two names are the same file: a plain local path made absolute and
   * normalized ("a.img" and "./a.img" alike), with symbolic links resolved as far as the path exists (a file
   * not yet written, named through a linked directory, gets the directory's real path); any other name as
   * GDAL names it ({@code s3://b/k} as {@code /vsis3/b/k}).
   */
  public static String sameFileKey(String name) {
    if (!isPlainLocalPath(name)) {
      return toGdal(name);
    }
    try {
      return GdalPaths.realAsFarAsItExists(java.nio.file.Path.of(name).toAbsolutePath()).normalize().toString();
    } catch (java.nio.file.InvalidPathException e) {
      return name;
    }
  }

  /**
   * The {@link #sameFileKey} of the file GDAL reads for {@code name}, to tell whether writing one file changes
   * what another name reads: a subdataset name is reduced to its file ({@code GTIFF_DIR:2:a.tif},
   * {@code NETCDF:"a.nc":sst}, {@code NETCDF:a.nc:sst}, {@code HDF5:"a.h5"://grid}), a
   * {@code /vsisubfile/offset_size,a.bin} to {@code a.bin}. An unquoted subdataset name loses its leading
   * number fields and is cut at its colons to the longest part that is an existing file (a GDAL file-system
   * name is taken as it stands); a name with no file behind it (a connection string, {@code PG:...}) is its
   * own key. Unlike {@link #sameFileKey}, two subdatasets of one file have one key: they are not one dataset.
   */
  public static String fileKeyBehind(String name) {
    if (name == null) {
      return null;
    }
    Behind b = Behind.of(name);
    if (b.inner() != null) {
      return fileKeyBehind(b.inner());
    }
    if (b.unquoted() == null) {
      return sameFileKey(name);
    }
    // unquoted: leading number fields (GTIFF_DIR:2:, NITF_IM:0:) go, then the file is the rest, or the rest up
    // to one of its colons (NETCDF:a.nc:sst, HDF5:a.h5://grid): the longest such part that exists, or, for an
    // object in a GDAL file system, the rest whole after number fields and up to its last colon otherwise
    Unquoted u = b.unquoted();
    if (u.file().startsWith("/vsi")) {
      int colon = u.file().lastIndexOf(':');
      return fileKeyBehind(u.hadNumbers() || colon < 0 ? u.file() : u.file().substring(0, colon));
    }
    String existing = u.existing();
    return sameFileKey(existing != null ? existing : name);
  }

  /**
   * What a name reads through: a name inside it ({@code inner}: a {@code /vsisubfile/}'s file, a quoted
   * subdataset's file, with the fields {@code before} and the text {@code after} its quotes), an unquoted
   * subdataset name's rest ({@code unquoted}), or neither (it is its own file).
   */
  private record Behind(String inner, Unquoted unquoted, boolean subfile, String before, String after) {
    static Behind of(String name) {
      if (name.startsWith(SUBFILE)) {
        int comma = name.indexOf(',', SUBFILE.length());
        return new Behind(comma < 0 ? null : name.substring(comma + 1), null, true, "", "");
      }
      java.util.regex.Matcher m = SUBDATASET.matcher(name);
      if (!m.matches()) {
        return new Behind(null, null, false, "", "");
      }
      String rest = m.group(2);
      int open = rest.indexOf('"');
      int close = open < 0 ? -1 : rest.indexOf('"', open + 1);
      return close > open
          ? new Behind(rest.substring(open + 1, close), null, false, rest.substring(0, open), rest.substring(close + 1))
          : new Behind(null, Unquoted.of(rest), false, "", "");
    }
  }

  /**
   * A subdataset name's parts: the file GDAL opens ({@code x.nc} of {@code NETCDF:x.nc:ndvi} and of
   * {@code NETCDF:"x.nc":ndvi}) and what names the subdataset within it ({@code ndvi}; {@code 2} of
   * {@code GTIFF_DIR:2:a.tif}; {@code MOD_Grid:NDVI} of {@code HDF4_EOS:EOS_GRID:"f.hdf":MOD_Grid:NDVI}).
   */
  public record Subdataset(String file, String within) {}

  /**
   * {@code name}'s {@link Subdataset} parts, or null for a name that is not a driver's subdataset name. An
   * unquoted name's file is the longest part before one of its colons that is an existing file, else the
   * shortest such part that looks like a file (its last field holds a '.' or a '/' and is not a URL's scheme),
   * else the whole rest after the number fields.
   */
  public static Subdataset subdataset(String name) {
    Behind b = name == null ? null : Behind.of(name);
    if (b == null || b.subfile() || b.inner() == null && b.unquoted() == null) {
      return null;
    }
    if (b.inner() != null) {
      return new Subdataset(b.inner(), joinFields(Unquoted.of(b.before()).numbers(), b.after()));
    }
    Unquoted u = b.unquoted();
    String upToFile = u.fileGuess();
    String file = upToFile;
    // a guessed file loses the kind fields before it (EOS_GRID:/d/f.hdf -> /d/f.hdf), as a quoted name does
    while (!new java.io.File(file).isFile() && file.matches("[A-Za-z0-9_]+:.+")) {
      file = file.substring(file.indexOf(':') + 1);
    }
    return new Subdataset(file, joinFields(u.numbers(), u.file().substring(upToFile.length())));
  }

  /** Two colon-separated parts joined by one colon, with no colon at either end. */
  private static String joinFields(String a, String b) {
    return (a + ":" + b).replaceAll("^:+|:+$", "").replaceAll(":{2,}", ":");
  }

  /**
   * A URL's name without its query and fragment ({@code https://h/a.tif?sig=x} and
   * {@code /vsicurl/https://h/a.tif?sig=x} end at {@code a.tif}; GDAL's {@code /vsicurl?...&url=...} is its
   * {@code url} option, decoded, likewise): what names the file, not the request. Other names are returned
   * unchanged (an object key or a local file may hold '?' or '#').
   */
  public static String withoutUrlQuery(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("/vsicurl?")) {
      // GDAL's option form: the file is its url= option (percent-encoded when it holds '?' or '&'); the other
      // options (a proxy's password, a cookie) are no part of its name
      for (String option : name.substring("/vsicurl?".length()).split("&")) {
        if (option.regionMatches(true, 0, "url=", 0, 4)) {
          return withoutUrlQuery(java.net.URLDecoder.decode(option.substring(4),
              java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      return "/vsicurl";
    }
    boolean url = lower.startsWith("/vsicurl/") || lower.startsWith("http://") || lower.startsWith("https://")
        || lower.startsWith("ftp://");
    if (!url) {
      return name;
    }
    int cut = name.length();
    for (char c : new char[] {'?', '#'}) {
      int i = name.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return name.substring(0, cut);
  }

  /**
   * An unquoted subdataset name's rest without its leading number fields ({@code 2:a.tif} -> {@code a.tif}),
   * and those fields ({@code numbers}: {@code "2:"}, or "").
   */
  private record Unquoted(String file, String numbers) {
    static Unquoted of(String rest) {
      String[] fields = rest.split(":", -1);
      int from = 0;
      while (from < fields.length - 1 && !fields[from].isEmpty()
          && fields[from].chars().allMatch(Character::isDigit)) {
        from++;
      }
      String file = String.join(":", java.util.Arrays.copyOfRange(fields, from, fields.length));
      return new Unquoted(file, rest.substring(0, rest.length() - file.length()));
    }

    boolean hadNumbers() {
      return !numbers.isEmpty();
    }

    /** The longest of its {@link #candidates} that is an existing file, or null. */
    String existing() {
      for (String c : candidates()) {
        if (new java.io.File(c).isFile()) {
          return c;
        }
      }
      return null;
    }

    /**
     * The file it names: the longest {@link #candidates} that is an existing file, else the shortest whose
     * last field holds a '.' or '/' and is not a URL's scheme or host ({@code /vsicurl/https},
     * {@code /vsicurl/https://h} before a port), else the whole.
     */
    String fileGuess() {
      String existing = existing();
      if (existing != null) {
        return existing;
      }
      List<String> all = candidates();
      for (int i = all.size() - 1; i >= 0; i--) {
        String c = all.get(i);
        String last = c.substring(c.lastIndexOf(':') + 1);
        boolean scheme = file.startsWith("//", c.length() + 1) && !last.substring(last.lastIndexOf('/') + 1)
            .contains(".");
        int authority = c.lastIndexOf("://");
        boolean host = authority >= 0 && c.indexOf('/', authority + 3) < 0; // https://h of https://h:8443/...
        if ((last.contains(".") || last.contains("/")) && !scheme && !host) {
          return c;
        }
      }
      return file;
    }

    /** The files it may name, longest first: the whole, then cut at each colon from the right. */
    List<String> candidates() {
      List<String> out = new java.util.ArrayList<>();
      for (String c = file; !c.isEmpty(); ) {
        out.add(c);
        int colon = c.lastIndexOf(':');
        c = colon < 0 ? "" : c.substring(0, colon);
      }
      return out;
    }
  }

  /**
   * The keys of every file {@code name} may read, for ordering work (waiting for a file too often is safe,
   * missing one is not): {@link #fileKeyBehind}'s, and for an unquoted subdataset name whose file does not exist
   * yet (one another step is still to write) every part it could be ({@code NETCDF:a.nc:sst}: {@code a.nc:sst}
   * and {@code a.nc}; {@code GTIFF_DIR:2:a.tif}: {@code a.tif}).
   */
  public static List<String> fileKeysMaybeBehind(String name) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    keys.add(fileKeyBehind(name));
    Behind b = Behind.of(name);
    if (b.inner() != null) {
      keys.addAll(fileKeysMaybeBehind(b.inner()));
    } else if (b.unquoted() != null) {
      b.unquoted().candidates().forEach(c -> keys.add(sameFileKey(c)));
    }
    return List.copyOf(keys);
  }

  /**
   * The archive prefix {@code name} starts with ({@code /vsizip/}, {@code /vsitar/}, {@code /vsigzip/},
   * {@code /vsi7z/}, {@code /vsirar/}, alone or after other prefixes such as {@code /vsis3/}), or null.
   */
  public static String archivePrefix(String name) {
    if (name == null || !name.startsWith("/vsi")) {
      return null;
    }
    for (String p : ARCHIVES) {
      if (name.contains(p)) {
        return p;
      }
    }
    return null;
  }

  private static final List<String> ARCHIVES = List.of("/vsizip/", "/vsitar/", "/vsigzip/",
      "/vsi7z/", "/vsirar/");

  /** True for a file in an object store, which is written locally and uploaded whole when complete. */
  public static boolean isObjectStore(String name) {
    String g = toGdal(name).toLowerCase(Locale.ROOT);
    for (String p : OBJECT_STORES) {
      if (g.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for a file GDAL reads over the network: an object store, {@code /vsicurl/} (or its option form
   * {@code /vsicurl?...&url=...}), or a URL.
   */
  public static boolean isNetwork(String name) {
    String g = toGdal(name).toLowerCase(Locale.ROOT);
    return isObjectStore(g) || g.startsWith("/vsicurl/") || g.startsWith("/vsicurl?") || g.startsWith("http://")
        || g.startsWith("https://") || g.startsWith("ftp://");
  }

  /**
   * GDAL's name for an object-store file to be written: {@code /vsis3/bucket/key}, after checking that it has
   * a bucket and a key that does not end in '/' or hold '//', and that GDAL's Java bindings pass it intact.
   *
   * @param what how to call the name in the message ("Output file name")
   * @throws ParameterException naming the file otherwise
   */
  public static String checkedObjectKey(String name, String what) {
    String g = toGdal(name);
    String rest = g.substring(g.indexOf('/', 1) + 1);
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || rest.endsWith("/") || rest.contains("//")) {
      throw new ParameterException(what + " '" + name + "' is not an object in a bucket: it needs the form "
          + "s3://bucket/key (or /vsis3/bucket/key), with a key that does not end in '/' or hold an empty "
          + "part ('//')");
    }
    for (String part : rest.split("/")) {
      if (part.equals(".") || part.equals("..")) {
        // GDAL signs the request for the key as written and the store resolves it: they never match
        throw new ParameterException(what + " '" + name + "' has a '" + part + "' part in its key: object keys "
            + "are names, not paths, so write the key without it");
      }
    }
    if (!GdalPaths.passesIntact(g)) {
      throw new ParameterException(what + " '" + name + "' has characters outside Unicode's Basic Multilingual "
          + "Plane, which GDAL's Java bindings cannot pass on for a virtual or remote path");
    }
    return g;
  }

  /**
   * Refuses an output in an object store GDAL uploads to by appending at the final name ({@link
   * #APPENDED_UPLOADS}: Azure's blob and ADLS file systems), where the object is visible half written during
   * the upload and stays truncated if it fails.
   *
   * @param label the output's name in the run, for the message
   * @throws ParameterException naming the output
   */
  public static void checkUploadedWhole(String name, String label) {
    String g = toGdal(name);
    for (String appending : APPENDED_UPLOADS) {
      if (g.regionMatches(true, 0, appending, 0, appending.length())) {
        GdalRuntime.ensureLoaded();
        throw new ParameterException("Output '" + label + "' (" + forMessage(name) + ") is in Azure storage, "
            + "where GDAL " + org.gdal.gdal.gdal.VersionInfo("RELEASE_NAME") + " writes an object of more than 4 MB "
            + "by appending to it at its final name (an append blob, or an ADLS file): readers would see it half "
            + "written, and a failed upload would leave it truncated there. Write the output to a local path and "
            + "copy it to Azure once the run has finished, or write it to an S3 or GCS bucket, whose uploads "
            + "appear only when complete");
      }
    }
  }

  /** The bucket (container) of an object-store name, for messages; null for other names. */
  public static String bucket(String name) {
    if (!isObjectStore(name)) {
      return null;
    }
    String g = toGdal(name);
    String rest = g.substring(g.indexOf('/', 1) + 1);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /**
   * {@code name} as it may appear in a message or a log: a user name and password in a URL
   * ({@code https://user:pass@host/...}) and the values of query parameters that carry a signature, a
   * credential, a token or a key (a presigned URL's {@code X-Amz-Signature}, a SAS {@code sig}) shown as
   * {@code ****}.
   */
  public static String forMessage(String name) {
    return org.rios.errors.ErrorText.maskSecrets(name);
  }
}
