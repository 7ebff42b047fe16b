package org.rios.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.rios.errors.ImageOpenException;
import org.rios.errors.UnknownDriverException;
import org.rios.gdal.GdalRuntime;

/**
 * Checks an output's driver and creation options before any block is processed, so a typo fails in
 * milliseconds with a message naming the option instead of after an hour of computing (GDAL itself only
 * warns about unknown creation options).
 */
public final class OutputDrivers {
  /** GDAL's Cloud Optimized GeoTIFF driver: copy-only, written through a staging GTiff. */
  public static final String COG = "COG";
  /**
   * COG creation options that would reproject or re-grid the output away from the working grid the run
   * computed (and its statistics described).
   */
  private static final Set<String> COG_REGRIDDING = Set.of("TARGET_SRS", "RES", "EXTENT", "TILING_SCHEME",
      "ZOOM_LEVEL", "ZOOM_LEVEL_STRATEGY", "ALIGNED_LEVELS", "ADD_ALPHA", "WARP_RESAMPLING");

  private OutputDrivers() {}

  /**
   * Rejects COG creation options that would change the output's grid.
   *
   * @throws ImageOpenException naming the option and the output
   */
  public static void checkCogOptions(List<String> options, String outputLabel) {
    for (String opt : options) {
      int eq = opt.indexOf('=');
      String name = (eq > 0 ? opt.substring(0, eq) : opt).trim().toUpperCase(Locale.ROOT);
      if (COG_REGRIDDING.contains(name)) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel + "' would make "
            + "the COG driver reproject or re-grid the output; the working grid is set by the applier's "
            + "controls (reference image, resolution, projection)");
      }
    }
  }

  /**
   * Whether GDAL encodes an output of {@code driverName} with {@code options} on its own threads (its
   * {@code NUM_THREADS}): a compressed GTiff or COG.
   */
  public static boolean encodesOnGdalThreads(String driverName, List<String> options) {
    String compress = optionValue(options, "COMPRESS");
    return ("GTiff".equalsIgnoreCase(driverName) || COG.equalsIgnoreCase(driverName)) && compress != null
        && !"NONE".equalsIgnoreCase(compress);
  }

  /**
   * The value of creation option {@code name} in {@code options} ("NAME=VALUE", the name in any case), trimmed;
   * the first one, as GDAL reads it; null if none.
   */
  public static String optionValue(List<String> options, String name) {
    for (String opt : options) {
      int eq = opt.indexOf('=');
      if (eq > 0 && opt.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return opt.substring(eq + 1).trim();
      }
    }
    return null;
  }

  /**
   * GTiff's and COG's {@code NUM_THREADS} creation option in {@code options} as a number of threads
   * ({@code ALL_CPUS}: {@code cores}); empty when the option is absent or not a number.
   */
  public static java.util.OptionalInt numThreads(List<String> options, int cores) {
    String v = optionValue(options, "NUM_THREADS");
    if (v == null) {
      return java.util.OptionalInt.empty();
    }
    if (v.equalsIgnoreCase("ALL_CPUS")) {
      return java.util.OptionalInt.of(cores);
    }
    try {
      return java.util.OptionalInt.of(Integer.parseInt(v));
    } catch (NumberFormatException e) {
      return java.util.OptionalInt.empty();
    }
  }

  /** {@code options} without creation option {@code name} (in any case). */
  public static List<String> withoutOption(List<String> options, String name) {
    List<String> out = new java.util.ArrayList<>();
    for (String opt : options) {
      if (optionValue(List.of(opt), name) == null) {
        out.add(opt);
      }
    }
    return out;
  }

  /**
   * The GDAL driver of that short name, which must be able to create rasters.
   *
   * @throws UnknownDriverException naming the driver and the output
   */
  public static Driver driver(String name, String outputLabel) {
    GdalRuntime.ensureLoaded();
    Driver d = name == null ? null : gdal.GetDriverByName(name);
    if (d == null) {
      throw new UnknownDriverException("Unknown GDAL driver '" + name + "' for output '" + outputLabel + "'"
          + environmentNote(dflt -> dflt.driverSource(name)));
    }
    if (!"YES".equalsIgnoreCase(d.GetMetadataItem("DCAP_RASTER"))) {
      throw new UnknownDriverException("GDAL driver '" + name + "' (output '" + outputLabel
          + "') does not write rasters");
    }
    if ("MEM".equalsIgnoreCase(d.getShortName())) {
      // it "creates" a dataset in memory: the run would end by failing to rename a file that never existed
      throw new UnknownDriverException("GDAL driver 'MEM' (output '" + outputLabel + "') keeps rasters in memory "
          + "and writes no file; choose a file format (GTiff, KEA, HFA, ...)");
    }
    if ("VRT".equalsIgnoreCase(d.getShortName())) {
      // it creates the .vrt, then refuses the first block: a VRT describes other files, it holds no pixels
      throw new UnknownDriverException("GDAL driver 'VRT' (output '" + outputLabel + "') describes other files "
          + "and cannot take pixels written block by block; write a file format (GTiff, KEA, HFA, ...) and "
          + "build a VRT over it with gdalbuildvrt");
    }
    String create = d.GetMetadataItem("DCAP_CREATE");
    if (COG.equalsIgnoreCase(d.getShortName()) && "YES".equalsIgnoreCase(d.GetMetadataItem("DCAP_CREATECOPY"))) {
      return d; // written as a tiled GTiff, then converted once (org.rios.io.CogOutput)
    }
    if (!"YES".equalsIgnoreCase(create)) {
      throw new UnknownDriverException("GDAL driver '" + name + "' (output '" + outputLabel
          + "') cannot create new files (it has no Create capability)");
    }
    return d;
  }

  /**
   * Which environment variable a refused setting may have come from, for the message; "" when this JVM's
   * environment cannot say (its RIOS_DFLT_* variables are themselves invalid: that must not replace the
   * error being reported).
   */
  private static String environmentNote(java.util.function.Function<org.rios.applier.RiosDefaults, String> note) {
    try {
      return note.apply(org.rios.applier.RiosDefaults.get());
    } catch (RuntimeException e) {
      return "";
    }
  }

  /**
   * Validates "NAME=VALUE" creation options against the driver's published option list: unknown names, values
   * outside a fixed choice list, and values not of the option's type (a whole number, a number, a yes or no)
   * or outside its documented range are rejected.
   *
   * @throws ImageOpenException naming the option, the driver and the output
   */
  public static void validateCreationOptions(Driver driver, List<String> options, String outputLabel) {
    Map<String, Set<String>> allowed = optionList(driver);
    if (allowed == null) {
      return; // the driver does not publish its options: nothing to check against
    }
    Map<String, String> types = parseOptionTypes(driver.GetMetadataItem("DMD_CREATIONOPTIONLIST"));
    for (String opt : options) {
      int eq = opt.indexOf('=');
      if (eq <= 0) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "' is not of the form NAME=VALUE");
      }
      String name = opt.substring(0, eq).trim().toUpperCase(Locale.ROOT);
      String value = opt.substring(eq + 1).trim();
      if (!allowed.containsKey(name)) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "' is not supported by the " + driver.getShortName() + " driver"
            + environmentNote(d -> d.creationOptionsSource(driver.getShortName(), options)));
      }
      Set<String> values = allowed.get(name);
      if (!values.isEmpty() && !values.contains(value.toUpperCase(Locale.ROOT))) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "': value must be one of " + values + " for the " + driver.getShortName() + " driver"
            + environmentNote(d -> d.creationOptionsSource(driver.getShortName(), options)));
      }
      String wrong = wrongValue(driver.getShortName(), name, value, types.get(name));
      if (wrong != null) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "': value must be " + wrong + " for the " + driver.getShortName() + " driver (GDAL would use "
            + "another value without saying so)"
            + environmentNote(d -> d.creationOptionsSource(driver.getShortName(), options)));
      }
    }
  }

  /** The values GDAL's drivers take as yes or no for a boolean option. */
  private static final Set<String> BOOLEANS = Set.of("YES", "NO", "TRUE", "FALSE", "ON", "OFF", "1", "0");

  /**
   * Ranges GDAL's documentation gives for integer options whose list does not publish one, where a value
   * outside is taken for another without a word (driver:option -> {min, max}).
   */
  private static final Map<String, long[]> RANGES = Map.of(
      "GTIFF:ZLEVEL", new long[] {1, 12}, "GTIFF:ZSTD_LEVEL", new long[] {1, 22},
      "GTIFF:JPEG_QUALITY", new long[] {1, 100}, "GTIFF:WEBP_LEVEL", new long[] {1, 100},
      "GTIFF:BLOCKXSIZE", new long[] {1, Integer.MAX_VALUE}, "GTIFF:BLOCKYSIZE", new long[] {1, Integer.MAX_VALUE},
      "GTIFF:NBITS", new long[] {1, 32}, "HFA:BLOCKSIZE", new long[] {32, 2048},
      "HFA:NBITS", new long[] {1, 4});

  /**
   * What an option's value must be, if {@code value} is not of its published type ({@code int}, {@code
   * integer}, {@code float}, {@code boolean}) or outside its known range; else null.
   */
  static String wrongValue(String driver, String name, String value, String type) {
    if (type == null) {
      return null;
    }
    switch (type) {
      case "int":
      case "integer": {
        long v;
        try {
          v = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return "a whole number";
        }
        long[] range = RANGES.get(driver.toUpperCase(Locale.ROOT) + ":" + name);
        return range == null || (v >= range[0] && v <= range[1]) ? null
            : "a whole number from " + range[0] + " to " + range[1];
      }
      case "float":
        try {
          return Double.isFinite(Double.parseDouble(value)) ? null : "a finite number";
        } catch (NumberFormatException e) {
          return "a number";
        }
      case "boolean":
        return BOOLEANS.contains(value.toUpperCase(Locale.ROOT)) ? null : "one of YES, NO, TRUE, FALSE, ON, OFF, 1, 0";
      default:
        return null;
    }
  }

  /** Option name -> allowed values (upper case; empty = free value), or null if the driver lists none. */
  private static Map<String, Set<String>> optionList(Driver driver) {
    return parseOptionList(driver.GetMetadataItem("DMD_CREATIONOPTIONLIST"));
  }

  private static final String ATTRS = "((?:\\s+[\\w:-]+\\s*=\\s*(?:'[^']*'|\"[^\"]*\"))*)\\s*";
  private static final Pattern OPTION = Pattern.compile("<Option" + ATTRS + "(?:/>|>(.*?)</Option>)", Pattern.DOTALL);
  private static final Pattern VALUE = Pattern.compile("<Value" + ATTRS + ">(.*?)</Value>", Pattern.DOTALL);
  private static final Pattern ATTR = Pattern.compile("([\\w:-]+)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")");

  /**
   * Reads GDAL's creation-option list (the driver's {@code DMD_CREATIONOPTIONLIST}: {@code <Option name=..
   * alias=.. type=..>} elements with {@code <Value alias=..>} children for string-select options) with a few
   * patterns rather than an XML parser, which costs a run about 50 ms of class loading for this one list.
   * Null when there is no list.
   */
  static Map<String, Set<String>> parseOptionList(String xml) {
    if (xml == null || xml.isBlank()) {
      return null;
    }
    Map<String, Set<String>> out = new HashMap<>();
    forEachOption(xml, (attrs, body) -> {
      Set<String> values = new HashSet<>();
      if ("string-select".equals(attrs.get("type")) && body != null) {
        Matcher value = VALUE.matcher(body);
        while (value.find()) {
          values.add(unescape(value.group(2)).trim().toUpperCase(Locale.ROOT));
          String alias = attributes(value.group(1)).get("alias");
          if (alias != null) {
            values.add(alias.trim().toUpperCase(Locale.ROOT));
          }
        }
      }
      return values;
    }, out);
    return out;
  }

  /** Option name (and alias) -> its published type ({@code int}, {@code boolean}, ...), from the same list. */
  static Map<String, String> parseOptionTypes(String xml) {
    Map<String, String> out = new HashMap<>();
    if (xml != null) {
      forEachOption(xml, (attrs, body) -> attrs.containsKey("type")
          ? attrs.get("type").trim().toLowerCase(Locale.ROOT) : null, out);
    }
    return out;
  }

  /**
   * Puts into {@code out}, under each {@code <Option>}'s name and aliases (upper case), what {@code what} makes of
   * its attributes and body (the text between its tags, or null); nothing for an option it gives null.
   */
  private static <T> void forEachOption(String xml,
      java.util.function.BiFunction<Map<String, String>, String, T> what, Map<String, T> out) {
    Matcher option = OPTION.matcher(xml);
    while (option.find()) {
      Map<String, String> attrs = attributes(option.group(1));
      T v = what.apply(attrs, option.group(2));
      if (v == null) {
        continue;
      }
      String names = attrs.getOrDefault("name", "") + (attrs.containsKey("alias") ? "," + attrs.get("alias") : "");
      for (String n : names.split(",")) {
        out.put(n.trim().toUpperCase(Locale.ROOT), v);
      }
    }
  }

  private static Map<String, String> attributes(String text) {
    Map<String, String> out = new HashMap<>();
    Matcher m = ATTR.matcher(text == null ? "" : text);
    while (m.find()) {
      out.put(m.group(1), unescape(m.group(2) != null ? m.group(2) : m.group(3)));
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  /**
   * RIOS's guard against GTiff rewrite bloat: the processing window must be a whole multiple of the TIFF
   * block size in both directions. Tiled default 256x256; untiled: full-width strips of max(1, 8192 / width)
   * rows (RIOS divides by zero above 8192 columns), which the window must span.
   * Only the TILED value YES/TRUE/ON/1 counts as tiled (RIOS treats any TILED option as tiled).
   *
   * @throws ImageOpenException naming the output and both sizes
   */
  public static void checkGtiffBlockSize(List<String> options, int windowX, int windowY, int ncols,
      String outputLabel) {
    boolean tiled = false;
    Integer bx = null;
    Integer by = null;
    for (String opt : options) {
      int eq = opt.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String n = opt.substring(0, eq).trim().toUpperCase(Locale.ROOT);
      String v = opt.substring(eq + 1).trim();
      try {
        if (n.equals("TILED")) {
          tiled = Set.of("YES", "TRUE", "ON", "1").contains(v.toUpperCase(Locale.ROOT));
        } else if (n.equals("BLOCKXSIZE")) {
          bx = Integer.parseInt(v);
        } else if (n.equals("BLOCKYSIZE")) {
          by = Integer.parseInt(v);
        }
      } catch (NumberFormatException e) {
        throw new ImageOpenException("Creation option '" + opt + "' for output '" + outputLabel
            + "' must be an integer");
      }
    }
    int tx;
    int ty;
    if (tiled) {
      tx = bx != null ? bx : 256;
      ty = by != null ? by : 256;
    } else {
      tx = ncols;
      ty = by != null ? by : Math.max(1, 8192 / Math.max(1, ncols));
    }
    // An untiled strip spans the full width: the window must too, or every block rewrites whole strips.
    boolean xOk = tiled ? (windowX >= tx && windowX % tx == 0) : windowX >= ncols;
    boolean yOk = windowY >= ty && windowY % ty == 0;
    if (!xOk || !yOk) {
      throw new ImageOpenException("GTiff output '" + outputLabel + "' has TIFF blocks of " + tx + " x " + ty
          + " but the processing window is " + windowX + " x " + windowY + ": the window must be a whole "
          + "multiple of the TIFF block size (set BLOCKXSIZE/BLOCKYSIZE creation options or the window size)");
    }
  }
}
