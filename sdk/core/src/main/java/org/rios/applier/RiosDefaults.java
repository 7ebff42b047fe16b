package org.rios.applier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rios.errors.ParameterException;

/**
 * Defaults that RIOS lets the environment override ({@code RIOS_DFLT_*} variables), read once per JVM.
 * Tests and embedders can build an instance from any map with {@link #fromEnvironment(Map)}.
 *
 * <pre>{@code
 * RIOS_DFLT_DRIVER=GTiff RIOS_DFLT_BLOCKXSIZE=512 java -cp ... MyProgram
 * }</pre>
 */
public final class RiosDefaults {
  public static final String DEFAULT_DRIVER = "HFA";
  public static final int DEFAULT_WINDOW = 256;
  public static final List<Integer> DEFAULT_OVERVIEW_LEVELS = List.of(4, 8, 16, 32, 64, 128, 256, 512);
  public static final int DEFAULT_OVERVIEW_MIN_DIM = 128;

  private static volatile RiosDefaults instance;

  private final String driver;
  private final Map<String, List<String>> creationOptions;
  /**
   * The environment variable that set a driver's creation options, by driver key (a RIOS_DFLT_CREOPT_*
   * replaces RIOS_DFLT_DRIVEROPTIONS; two RIOS_DFLT_CREOPT_* for one driver must agree).
   */
  private final Map<String, String> optionsVariable = new HashMap<>();
  private final boolean driverFromEnvironment;
  private final Footprint footprint;
  private final int windowXsize;
  private final int windowYsize;
  private final int overlap;
  private final List<Integer> overviewLevels;
  private final int overviewMinDim;
  private final String overviewAggType;
  private final String autoColorTableType;

  private RiosDefaults(Map<String, String> env) {
    String dfltDriver = env.get("RIOS_DFLT_DRIVER");
    if (dfltDriver != null && dfltDriver.isBlank()) {
      throw new ParameterException("Environment variable RIOS_DFLT_DRIVER is set but empty: unset it for "
          + DEFAULT_DRIVER + ", or name a GDAL driver");
    }
    driver = dfltDriver == null ? DEFAULT_DRIVER : dfltDriver.trim();
    driverFromEnvironment = dfltDriver != null;
    Map<String, List<String>> opts = new HashMap<>();
    opts.put("HFA", List.of("COMPRESSED=YES", "IGNOREUTM=YES"));
    opts.put("GTiff", List.of("TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=BAND", "BIGTIFF=IF_SAFER"));
    opts.put("ZARR", List.of("FORMAT=ZARR_V3", "COMPRESS=BLOSC"));
    // not a RIOS default (RIOS cannot write COGs): the GTiff defaults' compression, tiles of GDAL's 512
    opts.put("COG", List.of("COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"));
    // The deprecated variable applies to the default driver and is processed first, so the
    // per-driver variables below win over it.
    String deprecated = env.get("RIOS_DFLT_DRIVEROPTIONS");
    if (deprecated != null) {
      // under the built-in key whatever the spelling ("gtiff"): two keys for one driver made the lookup's
      // answer depend on hash order
      String key = canonicalDriverKey(driver, opts);
      opts.put(key, deprecated.trim().equals("None") ? List.of() : split(deprecated));
      optionsVariable.put(key, "RIOS_DFLT_DRIVEROPTIONS");
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      if (e.getKey().startsWith("RIOS_DFLT_CREOPT_")) {
        String drv = canonicalDriverKey(e.getKey().substring("RIOS_DFLT_CREOPT_".length()), opts);
        // "None" is no options, as for RIOS_DFLT_DRIVEROPTIONS (RIOS's rule for both)
        List<String> value = e.getValue().trim().equals("None") ? List.of() : split(e.getValue());
        String earlier = optionsVariable.put(drv, e.getKey());
        if (earlier != null && !earlier.equals("RIOS_DFLT_DRIVEROPTIONS") && !opts.get(drv).equals(value)) {
          // driver names match whatever their case: which one won depended on the environment's hash order
          throw new ParameterException("Environment variables " + earlier + " and " + e.getKey() + " both set the "
              + "creation options of driver " + drv + ", differently; keep one");
        }
        opts.put(drv, value);
      }
    }
    creationOptions = Collections.unmodifiableMap(opts);
    footprint = footprintVar(env);
    // a zero window would make the block loop spin forever; a level of 0 would divide by zero
    windowXsize = atLeast("RIOS_DFLT_BLOCKXSIZE", intVar(env, "RIOS_DFLT_BLOCKXSIZE", DEFAULT_WINDOW), 1);
    windowYsize = atLeast("RIOS_DFLT_BLOCKYSIZE", intVar(env, "RIOS_DFLT_BLOCKYSIZE", DEFAULT_WINDOW), 1);
    overlap = atLeast("RIOS_DFLT_OVERLAP", intVar(env, "RIOS_DFLT_OVERLAP", 0), 0);
    String levels = env.get("RIOS_DFLT_OVERVIEWLEVELS");
    if (levels != null && levels.isBlank()) {
      // RIOS fails on int(''); an empty list would silently build no overviews
      throw new ParameterException("Environment variable RIOS_DFLT_OVERVIEWLEVELS is set but empty: unset it for "
          + "the default levels " + DEFAULT_OVERVIEW_LEVELS + ", or give comma-separated levels (no overviews: "
          + "ApplierControls.setOmitPyramids(true))");
    }
    if (levels == null) {
      overviewLevels = DEFAULT_OVERVIEW_LEVELS;
    } else {
      List<Integer> l = new ArrayList<>();
      for (String s : levels.split(",")) {
        if (!s.isBlank()) {
          l.add(atLeast("RIOS_DFLT_OVERVIEWLEVELS", parseInt("RIOS_DFLT_OVERVIEWLEVELS", s.trim()), 1));
        }
      }
      overviewLevels = List.copyOf(l);
    }
    overviewMinDim = intVar(env, "RIOS_DFLT_MINOVERLEVELDIM", DEFAULT_OVERVIEW_MIN_DIM);
    String agg = env.get("RIOS_DFLT_OVERVIEWAGGTYPE");
    overviewAggType = agg == null || agg.isBlank() ? "NEAREST"
        : checkOverviewAggregation("Environment variable RIOS_DFLT_OVERVIEWAGGTYPE", agg.trim());
    String act = env.get("RIOS_DFLT_AUTOCOLORTABLETYPE");
    autoColorTableType = act == null || act.isBlank() ? null
        : checkAutoColorTableType("Environment variable RIOS_DFLT_AUTOCOLORTABLETYPE", act.trim());
  }

  /** The automatic colour tables of thematic outputs (RIOS's names). */
  public static final List<String> AUTO_COLOR_TABLE_TYPES = List.of("rainbow", "gray", "random");

  /**
   * {@code type} if it names an automatic colour table, else a {@link ParameterException} naming {@code what}:
   * refused when given, not after the run has written every block.
   */
  public static String checkAutoColorTableType(String what, String type) {
    if (!AUTO_COLOR_TABLE_TYPES.contains(type)) {
      throw new ParameterException(what + " must be one of " + AUTO_COLOR_TABLE_TYPES + " (or unset), got '"
          + type + "'");
    }
    return type;
  }

  /** Driver keys are matched case-insensitively so RIOS_DFLT_CREOPT_GTIFF and RIOS_DFLT_CREOPT_GTiff agree. */
  private static String canonicalDriverKey(String drv, Map<String, List<String>> known) {
    for (String k : known.keySet()) {
      if (k.equalsIgnoreCase(drv)) {
        return k;
      }
    }
    return drv;
  }

  private static List<String> split(String s) {
    String t = s.trim();
    return t.isEmpty() ? List.of() : List.copyOf(Arrays.asList(t.split("\\s+")));
  }

  private static Footprint footprintVar(Map<String, String> env) {
    int code = intVar(env, "RIOS_DFLT_FOOTPRINT", 0);
    if (code < 0 || code > 2) {
      throw new ParameterException("Environment variable RIOS_DFLT_FOOTPRINT must be 0 (INTERSECTION), "
          + "1 (UNION) or 2 (BOUNDS_FROM_REFERENCE), got " + code);
    }
    return Footprint.fromCode(code);
  }

  /** The overview resampling methods GDAL 3.6 builds overviews with (upper case; names are case-insensitive). */
  public static final List<String> OVERVIEW_AGGREGATION_TYPES = List.of("NEAREST", "AVERAGE", "RMS", "GAUSS",
      "CUBIC", "CUBICSPLINE", "LANCZOS", "BILINEAR", "MODE", "AVERAGE_MAGPHASE", "NONE");

  /**
   * {@code type} if GDAL can build overviews with it, else a {@link ParameterException} naming {@code what} (the
   * setting) and the choices, rather than a failure after every block has been computed.
   */
  static String checkOverviewAggregation(String what, String type) {
    if (!OVERVIEW_AGGREGATION_TYPES.contains(type.trim().toUpperCase(java.util.Locale.ROOT))) {
      throw new ParameterException(what + " must be one of " + OVERVIEW_AGGREGATION_TYPES + ", got '" + type + "'");
    }
    return type;
  }

  private static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new ParameterException("Environment variable " + name + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  private static int intVar(Map<String, String> env, String name, int dflt) {
    String v = env.get(name);
    return v == null ? dflt : parseInt(name, v.trim());
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ParameterException("Environment variable " + name + " must be an integer, got '" + v + "'");
    }
  }

  /** The defaults of this JVM's environment. */
  public static RiosDefaults get() {
    RiosDefaults d = instance;
    if (d == null) {
      synchronized (RiosDefaults.class) {
        if (instance == null) {
          instance = new RiosDefaults(System.getenv());
        }
        d = instance;
      }
    }
    return d;
  }

  /** Defaults as they would be with the given environment variables. */
  public static RiosDefaults fromEnvironment(Map<String, String> env) {
    return new RiosDefaults(env);
  }

  public String driver() { return driver; }

  /** Default creation options for a driver (case-insensitive name); empty when the driver has none. */
  /** Every driver's default creation options, by driver name. */
  public Map<String, List<String>> creationOptions() {
    return creationOptions;
  }

  public List<String> creationOptionsFor(String driverName) {
    for (Map.Entry<String, List<String>> e : creationOptions.entrySet()) {
      if (e.getKey().equalsIgnoreCase(driverName)) {
        return e.getValue();
      }
    }
    return List.of();
  }

  /**
   * For a message about driver {@code driverName}: " (RIOS_DFLT_DRIVER is 'X')" when that variable set the
   * default driver to this name (the output may also have named it itself), else "".
   */
  public String driverSource(String driverName) {
    return driverFromEnvironment && driver.equals(driverName) ? " (RIOS_DFLT_DRIVER is '" + driver + "')" : "";
  }

  /**
   * For a message about creation options: " (the defaults RIOS_DFLT_CREOPT_HFA sets)" when {@code options}
   * equal the default creation options of {@code driverName} and an environment variable set them, else "".
   */
  public String creationOptionsSource(String driverName, List<String> options) {
    for (Map.Entry<String, String> e : optionsVariable.entrySet()) {
      if (e.getKey().equalsIgnoreCase(driverName) && creationOptionsFor(driverName).equals(options)) {
        return " (the defaults " + e.getValue() + " sets)";
      }
    }
    return "";
  }

  public Footprint footprint() { return footprint; }
  public int windowXsize() { return windowXsize; }
  public int windowYsize() { return windowYsize; }
  public int overlap() { return overlap; }
  public List<Integer> overviewLevels() { return overviewLevels; }
  public int overviewMinDim() { return overviewMinDim; }
  /** Overview resampling used when an output has no aggregation type set. */
  public String overviewAggType() { return overviewAggType; }
  public String autoColorTableType() { return autoColorTableType; }
}
