package org.rios.applier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.array.DataType;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.ParameterException;
import org.rios.gdal.BeforeClose;
import org.rios.gdal.GdalConfig;
import org.rios.grid.PixelGrid;
import org.rios.progress.Progress;

/**
 * Every option of a run, with RIOS's defaults. Per-image setters take the symbolic name as their last
 * argument; a per-image value overrides the global one for that name (and for every file of a list entry).
 * A plain value object: drivers read it, nothing in it runs.
 *
 * <pre>{@code
 * ApplierControls controls = new ApplierControls()
 *     .setWindowSize(512, 512)
 *     .setReferenceImage("dem")
 *     .setResampleMethod("bilinear", "landsat")
 *     .setOutputDriverName("GTiff")
 *     .setStatsIgnore(-9999.0, "ndvi");
 * }</pre>
 */
public final class ApplierControls implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Option keys, also used in error messages. */
  public static final String DRIVER = "drivername";
  public static final String CREATION_OPTIONS = "creationoptions";
  public static final String STATS_IGNORE = "statsIgnore";
  public static final String INPUT_NODATA = "inputnodata";
  public static final String OMIT_PYRAMIDS = "omitPyramids";
  public static final String OMIT_BASIC_STATS = "omitBasicStats";
  public static final String OMIT_HISTOGRAM = "omitHistogram";
  public static final String OVERVIEW_LEVELS = "overviewLevels";
  public static final String OVERVIEW_MIN_DIM = "overviewMinDim";
  public static final String OVERVIEW_AGG_TYPE = "overviewAggType";
  public static final String SINGLE_PASS_PYRAMIDS = "singlePassPyramids";
  public static final String SINGLE_PASS_BASIC_STATS = "singlePassBasicStats";
  public static final String SINGLE_PASS_HISTOGRAM = "singlePassHistogram";
  public static final String THEMATIC = "thematic";
  public static final String LAYER_NAMES = "layernames";
  public static final String RESAMPLE_METHOD = "resampleMethod";
  public static final String APPROX_STATS = "approxStats";
  public static final String AUTO_COLOR_TABLE_TYPE = "autoColorTableType";
  public static final String LAYER_SELECTION = "layerselection";
  public static final String CALL_BEFORE_CLOSE = "callBeforeClose";
  public static final String BURN_VALUE = "burnvalue";
  public static final String BURN_ATTRIBUTE = "burnattribute";
  public static final String VECTOR_NULL = "vectornull";
  public static final String FILTER_SQL = "filtersql";
  public static final String ALL_TOUCHED = "alltouched";
  public static final String VECTOR_DATATYPE = "vectordatatype";
  public static final String VECTOR_LAYER = "vectorlayer";

  private int windowXsize;
  private int windowYsize;
  private int overlap;
  private Footprint footprint;
  private List<String> filesForExtent;
  private String referenceImage;
  private PixelGrid referencePixgrid;
  private transient Progress progress;
  private String tempdir = ".";
  private String jobName;
  private Integer gdalThreads;
  private GdalConfig gdalConfig = GdalConfig.empty();
  private ConcurrencyStyle concurrencyStyle = ConcurrencyStyle.none();
  private boolean allowOverviewsGdalwarp;
  private List<String> beamPipelineArgs = List.of();
  /**
   * The creation options of each driver (RIOS's, or RIOS_DFLT_CREOPT_*) and the overview aggregation
   * (RIOS_DFLT_OVERVIEWAGGTYPE) as the JVM that made these controls read its environment, like every other
   * RIOS_DFLT_* default here: a Beam worker that plans a job in its own JVM uses the launcher's, not its own.
   */
  private LinkedHashMap<String, ArrayList<String>> defaultCreationOptions;
  private String defaultOverviewAggType;

  // option -> (imagename or null for global) -> value. Null values are stored explicitly (statsIgnore=None).
  // Linked maps: serialized in the order they were filled, and so again by a copy read back from that form,
  // where a HashMap read back with another capacity may serialize in another order (Beam's immutability
  // check compares a job's encodings)
  private final Map<String, Map<String, Serializable>> options = new LinkedHashMap<>();

  /**
   * A copy of these controls with {@code style} as the concurrency style (these controls stay as they are);
   * how {@code ConcurrencyStyle.auto()} runs with the style it chose.
   */
  public ApplierControls withConcurrencyStyle(ConcurrencyStyle style) {
    ApplierControls c = new ApplierControls();
    c.windowXsize = windowXsize;
    c.windowYsize = windowYsize;
    c.overlap = overlap;
    c.footprint = footprint;
    c.filesForExtent = filesForExtent;
    c.referenceImage = referenceImage;
    c.referencePixgrid = referencePixgrid;
    c.progress = progress;
    c.tempdir = tempdir;
    c.jobName = jobName;
    c.gdalThreads = gdalThreads;
    c.gdalConfig = gdalConfig;
    c.allowOverviewsGdalwarp = allowOverviewsGdalwarp;
    c.beamPipelineArgs = beamPipelineArgs;
    c.defaultCreationOptions = defaultCreationOptions;
    c.defaultOverviewAggType = defaultOverviewAggType;
    c.options.clear();
    options.forEach((k, v) -> c.options.put(k, new LinkedHashMap<>(v)));
    c.setConcurrencyStyle(style);
    return c;
  }

  /** Controls with RIOS's defaults, including the {@code RIOS_DFLT_*} environment overrides. */
  public ApplierControls() {
    RiosDefaults d = RiosDefaults.get();
    defaultCreationOptions = new LinkedHashMap<>();
    new java.util.TreeMap<>(d.creationOptions()).forEach((k, v) -> defaultCreationOptions.put(k, new ArrayList<>(v)));
    defaultOverviewAggType = d.overviewAggType();
    windowXsize = d.windowXsize();
    windowYsize = d.windowYsize();
    overlap = d.overlap();
    footprint = d.footprint();
    setGlobal(DRIVER, d.driver());
    setGlobal(STATS_IGNORE, 0.0);
    setGlobal(OMIT_PYRAMIDS, false);
    setGlobal(OMIT_BASIC_STATS, false);
    setGlobal(OMIT_HISTOGRAM, false);
    setGlobal(OVERVIEW_LEVELS, new ArrayList<>(d.overviewLevels()));
    setGlobal(OVERVIEW_MIN_DIM, d.overviewMinDim());
    setGlobal(THEMATIC, false);
    setGlobal(RESAMPLE_METHOD, "near");
    setGlobal(APPROX_STATS, false);
    setGlobal(AUTO_COLOR_TABLE_TYPE, d.autoColorTableType());
    setGlobal(BURN_VALUE, 1.0);
    setGlobal(VECTOR_NULL, 0.0);
    setGlobal(ALL_TOUCHED, false);
    setGlobal(VECTOR_DATATYPE, DataType.UINT8);
    setGlobal(VECTOR_LAYER, 0);
  }

  private void setGlobal(String option, Serializable value) {
    setOption(option, null, value);
  }

  private ApplierControls setOption(String option, String imagename, Serializable value) {
    options.computeIfAbsent(option, k -> new LinkedHashMap<>()).put(imagename, value);
    return this;
  }

  /** The per-image value of an option if one was set for {@code imagename}, else the global value (may be null). */
  @SuppressWarnings("unchecked")
  public <T> T getOptionForImagename(String option, String imagename) {
    Map<String, Serializable> m = options.get(option);
    if (m == null) {
      return null;
    }
    if (imagename != null && m.containsKey(imagename)) {
      return (T) m.get(imagename);
    }
    return (T) m.get(null);
  }

  /** Every symbolic name used in a per-image setter (checked against the files before a run). */
  public Set<String> imagenamesUsed() {
    Set<String> names = new LinkedHashSet<>();
    for (Map<String, Serializable> m : options.values()) {
      for (String k : m.keySet()) {
        if (k != null) {
          names.add(k);
        }
      }
    }
    return names;
  }

  /** Options that apply to output files only. */
  public static final Set<String> OUTPUT_OPTIONS = Set.of(DRIVER, CREATION_OPTIONS, STATS_IGNORE, OMIT_PYRAMIDS,
      OMIT_BASIC_STATS, OMIT_HISTOGRAM, OVERVIEW_LEVELS, OVERVIEW_MIN_DIM, OVERVIEW_AGG_TYPE, SINGLE_PASS_PYRAMIDS,
      SINGLE_PASS_BASIC_STATS, SINGLE_PASS_HISTOGRAM, THEMATIC, LAYER_NAMES, APPROX_STATS, AUTO_COLOR_TABLE_TYPE,
      CALL_BEFORE_CLOSE);
  /** Options that only vector inputs use. */
  public static final Set<String> VECTOR_OPTIONS = Set.of(BURN_VALUE, BURN_ATTRIBUTE, VECTOR_NULL, FILTER_SQL,
      ALL_TOUCHED, VECTOR_DATATYPE, VECTOR_LAYER);
  /** Options that apply to input files only (rasters and vectors). */
  public static final Set<String> INPUT_OPTIONS = union(Set.of(INPUT_NODATA, RESAMPLE_METHOD, LAYER_SELECTION),
      VECTOR_OPTIONS);

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new LinkedHashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

  /** Per-image names used with a given option. */
  public Set<String> imagenamesFor(String option) {
    Map<String, Serializable> m = options.get(option);
    Set<String> names = new LinkedHashSet<>();
    if (m != null) {
      for (String k : m.keySet()) {
        if (k != null) {
          names.add(k);
        }
      }
    }
    return names;
  }

  // ---------------------------------------------------------------- global settings

  /**
   * The creation options an output of {@code driverName} gets when none are set for it: RIOS's default for the
   * driver, or {@code RIOS_DFLT_CREOPT_<driver>}, read when these controls were made (as the driver, window and
   * the other RIOS_DFLT_* defaults are); empty for a driver without any.
   */
  public List<String> getDefaultCreationOptions(String driverName) {
    if (defaultCreationOptions == null) {
      return RiosDefaults.get().creationOptionsFor(driverName);
    }
    for (Map.Entry<String, ArrayList<String>> e : defaultCreationOptions.entrySet()) {
      if (e.getKey().equalsIgnoreCase(driverName)) {
        return List.copyOf(e.getValue());
      }
    }
    return List.of();
  }

  /** The overview aggregation of an output that names none and has no LAYER_TYPE ({@code RIOS_DFLT_OVERVIEWAGGTYPE},
   * else NEAREST), read when these controls were made. */
  public String getDefaultOverviewAggType() {
    return defaultOverviewAggType == null ? RiosDefaults.get().overviewAggType() : defaultOverviewAggType;
  }

  public ApplierControls setWindowSize(int x, int y) {
    setWindowXsize(x);
    return setWindowYsize(y);
  }

  public ApplierControls setWindowXsize(int x) {
    if (x <= 0) {
      throw new ParameterException("windowxsize must be > 0, got " + x);
    }
    windowXsize = x;
    return this;
  }

  public ApplierControls setWindowYsize(int y) {
    if (y <= 0) {
      throw new ParameterException("windowysize must be > 0, got " + y);
    }
    windowYsize = y;
    return this;
  }

  /** Margin in pixels added on each side of every input block; outputs must include it too. */
  public ApplierControls setOverlap(int n) {
    if (n < 0) {
      throw new ParameterException("overlap must be >= 0, got " + n);
    }
    overlap = n;
    return this;
  }

  public ApplierControls setFootprintType(Footprint f) {
    if (f == null) {
      throw new ParameterException("footprint type must be INTERSECTION, UNION or BOUNDS_FROM_REFERENCE, not null");
    }
    footprint = f;
    return this;
  }

  /** Files whose extents, rather than the inputs', define the INTERSECTION or UNION. */
  public ApplierControls setFilesForExtent(List<String> files) {
    if (files != null && files.stream().anyMatch(f -> f == null || f.isEmpty())) {
      throw new ParameterException("setFilesForExtent: the list " + files + " holds a null or empty filename");
    }
    filesForExtent = files == null ? null : List.copyOf(files);
    return this;
  }

  /** A symbolic input name or a filename supplying projection, pixel size and alignment. */
  public ApplierControls setReferenceImage(String nameOrFile) {
    referenceImage = nameOrFile;
    return this;
  }

  /** A reference grid; wins over the reference image if both are set. */
  public ApplierControls setReferencePixgrid(PixelGrid grid) {
    referencePixgrid = grid;
    return this;
  }

  /** Progress reporter; not serialized (workers never report progress). */
  public ApplierControls setProgress(Progress p) {
    progress = p;
    return this;
  }

  /** Parent directory of the per-run temporary directory (warp files, probes). Default ".". */
  public ApplierControls setTempdir(String dir) {
    tempdir = dir;
    return this;
  }

  /**
   * Threads GDAL may use to compress each GTiff output's tiles and decode each input's (the GTiff
   * {@code NUM_THREADS} creation option and GDAL's {@code GDAL_NUM_THREADS}). Default null: the run's
   * {@link org.rios.concurrency.ThreadBudget} decides from the cores and the concurrency style, unless the
   * environment variable {@code RIOS_GDAL_THREADS}, or {@code GDAL_NUM_THREADS} (in {@link #setGdalConfig} or
   * the environment), sets it. Outputs are the same bytes whatever the number (except with LZMA compression,
   * whose multi-threaded stream may differ; the pixels are the same). A LERC output gets no threads its
   * creation options do not ask for.
   *
   * @throws org.rios.errors.ParameterException unless from 1 to 1024 (GDAL's own limit)
   */
  public ApplierControls setGdalThreads(Integer n) {
    if (n != null && (n < 1 || n > org.rios.concurrency.ThreadBudget.MAX)) {
      throw new org.rios.errors.ParameterException("gdalThreads must be a whole number of threads from 1 to "
          + org.rios.concurrency.ThreadBudget.MAX + ", not " + n);
    }
    gdalThreads = n;
    return this;
  }

  public Integer getGdalThreads() { return gdalThreads; }

  /**
   * A GDAL configuration option for this run ({@code AWS_S3_ENDPOINT}, {@code AWS_ACCESS_KEY_ID},
   * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_HTTPS}, {@code AWS_VIRTUAL_HOSTING}, {@code GDAL_HTTP_TIMEOUT},
   * ...), set in every JVM that reads or writes the run's files: the launcher, read threads, worker
   * processes, batch jobs and Beam workers. A null value removes an option set earlier. Options in the
   * environment need no call: GDAL reads them itself. They are set for the calling thread only, around each
   * plan, read and write of this run, so other runs in the JVM do not see them; but GDAL's cache of what it
   * read from a remote file is per process and keyed by path: runs in one JVM that read the same object with
   * different endpoints or credentials need {@code CPL_VSIL_CURL_NON_CACHED}. Secret values (keys, tokens,
   * passwords) are never printed.
   */
  public ApplierControls setGdalConfig(String key, String value) {
    gdalConfig = gdalConfig.with(key, value);
    return this;
  }

  /** The GDAL configuration options set with {@link #setGdalConfig}. */
  public GdalConfig getGdalConfig() { return gdalConfig; }

  public ApplierControls setJobName(String name) {
    jobName = name;
    return this;
  }

  public ApplierControls setConcurrencyStyle(ConcurrencyStyle style) {
    concurrencyStyle = style == null ? ConcurrencyStyle.none() : style;
    return this;
  }

  /** Let reprojection read source overviews (gdalwarp {@code -ovr AUTO}); default false ({@code -ovr NONE}). */
  public ApplierControls setAllowOverviewsGdalwarp(boolean allow) {
    allowOverviewsGdalwarp = allow;
    return this;
  }

  /**
   * Beam pipeline arguments for CW_BEAM, e.g. {@code "--runner=FlinkRunner", "--flinkMaster=[local]"}
   * (embedded Flink) or {@code "--flinkMaster=host:8081"}; none means the DirectRunner. The ConcurrencyStyle's
   * numComputeWorkers becomes the runner's parallelism unless these arguments set it.
   */
  public ApplierControls setBeamPipelineOptions(String... args) {
    if (args != null && java.util.Arrays.stream(args).anyMatch(java.util.Objects::isNull)) {
      throw new ParameterException("setBeamPipelineOptions: the arguments " + java.util.Arrays.toString(args)
          + " hold a null");
    }
    beamPipelineArgs = args == null ? List.of() : List.of(args);
    return this;
  }

  public List<String> getBeamPipelineArgs() { return beamPipelineArgs; }
  public int getWindowXsize() { return windowXsize; }
  public int getWindowYsize() { return windowYsize; }
  public int getOverlap() { return overlap; }
  public Footprint getFootprintType() { return footprint; }
  public List<String> getFilesForExtent() { return filesForExtent; }
  public String getReferenceImage() { return referenceImage; }
  public PixelGrid getReferencePixgrid() { return referencePixgrid; }
  public Progress getProgress() { return progress; }
  public String getTempdir() { return tempdir; }
  public String getJobName() { return jobName; }
  public ConcurrencyStyle getConcurrencyStyle() { return concurrencyStyle; }
  public boolean isAllowOverviewsGdalwarp() { return allowOverviewsGdalwarp; }

  // ---------------------------------------------------------------- per-image settings (outputs)

  public ApplierControls setOutputDriverName(String name) { return setOutputDriverName(name, null); }
  public ApplierControls setOutputDriverName(String name, String imagename) {
    return setOption(DRIVER, imagename, name);
  }

  /** Creation options ("NAME=VALUE"); null means the driver's defaults. */
  public ApplierControls setCreationOptions(List<String> opts) { return setCreationOptions(opts, null); }
  public ApplierControls setCreationOptions(List<String> opts, String imagename) {
    return setOption(CREATION_OPTIONS, imagename, opts == null ? null : new ArrayList<>(opts));
  }

  /** Output NoData value, ignored by statistics; null = no NoData. Default 0. */
  public ApplierControls setStatsIgnore(Double v) { return setStatsIgnore(v, null); }
  public ApplierControls setStatsIgnore(Double v, String imagename) {
    return setOption(STATS_IGNORE, imagename, v);
  }

  /** Obsolete: sets omitPyramids, omitBasicStats and omitHistogram all to {@code !calc}. */
  public ApplierControls setCalcStats(boolean calc) { return setCalcStats(calc, null); }
  public ApplierControls setCalcStats(boolean calc, String imagename) {
    setOmitPyramids(!calc, imagename);
    setOmitBasicStats(!calc, imagename);
    return setOmitHistogram(!calc, imagename);
  }

  public ApplierControls setOmitPyramids(boolean b) { return setOmitPyramids(b, null); }
  public ApplierControls setOmitPyramids(boolean b, String imagename) { return setOption(OMIT_PYRAMIDS, imagename, b); }
  public ApplierControls setOmitBasicStats(boolean b) { return setOmitBasicStats(b, null); }
  public ApplierControls setOmitBasicStats(boolean b, String imagename) {
    return setOption(OMIT_BASIC_STATS, imagename, b);
  }
  public ApplierControls setOmitHistogram(boolean b) { return setOmitHistogram(b, null); }
  public ApplierControls setOmitHistogram(boolean b, String imagename) {
    return setOption(OMIT_HISTOGRAM, imagename, b);
  }

  public ApplierControls setOverviewLevels(List<Integer> levels) { return setOverviewLevels(levels, null); }
  public ApplierControls setOverviewLevels(List<Integer> levels, String imagename) {
    if (levels == null) {
      throw new ParameterException("overviewLevels must be a list (empty for none), not null");
    }
    for (Integer level : levels) {
      if (level == null || level < 1) {
        // GDAL divides by the level: 0 would crash the process, a negative one corrupts the file
        throw new ParameterException("overviewLevels must hold reduction factors of at least 1, got " + levels
            + (imagename == null ? "" : " for image '" + imagename + "'"));
      }
    }
    return setOption(OVERVIEW_LEVELS, imagename, new ArrayList<>(levels));
  }
  public ApplierControls setOverviewMinDim(int n) { return setOverviewMinDim(n, null); }
  public ApplierControls setOverviewMinDim(int n, String imagename) {
    return setOption(OVERVIEW_MIN_DIM, imagename, n);
  }
  /** GDAL overview resampling ("NEAREST", "AVERAGE", "MODE", ...); null = RIOS_DFLT_OVERVIEWAGGTYPE or NEAREST. */
  public ApplierControls setOverviewAggregationType(String s) { return setOverviewAggregationType(s, null); }
  public ApplierControls setOverviewAggregationType(String s, String imagename) {
    if (s != null) {
      RiosDefaults.checkOverviewAggregation("overviewAggregationType"
          + (imagename == null ? "" : " for image '" + imagename + "'"), s);
    }
    return setOption(OVERVIEW_AGG_TYPE, imagename, s);
  }

  /** Tri-state: null = automatic, TRUE = required, FALSE = GDAL after writing. */
  public ApplierControls setSinglePassPyramids(Boolean b) { return setSinglePassPyramids(b, null); }
  public ApplierControls setSinglePassPyramids(Boolean b, String imagename) {
    return setOption(SINGLE_PASS_PYRAMIDS, imagename, b);
  }
  public ApplierControls setSinglePassBasicStats(Boolean b) { return setSinglePassBasicStats(b, null); }
  public ApplierControls setSinglePassBasicStats(Boolean b, String imagename) {
    return setOption(SINGLE_PASS_BASIC_STATS, imagename, b);
  }
  public ApplierControls setSinglePassHistogram(Boolean b) { return setSinglePassHistogram(b, null); }
  public ApplierControls setSinglePassHistogram(Boolean b, String imagename) {
    return setOption(SINGLE_PASS_HISTOGRAM, imagename, b);
  }

  public ApplierControls setThematic(boolean b) { return setThematic(b, null); }
  public ApplierControls setThematic(boolean b, String imagename) { return setOption(THEMATIC, imagename, b); }

  /** Band descriptions of an output, one per band. */
  public ApplierControls setLayerNames(List<String> names) { return setLayerNames(names, null); }
  public ApplierControls setLayerNames(List<String> names, String imagename) {
    if (names != null && names.stream().anyMatch(java.util.Objects::isNull)) {
      throw new ParameterException("setLayerNames" + (imagename == null ? "" : " for '" + imagename + "'")
          + ": a layer name is null (" + names + ")");
    }
    return setOption(LAYER_NAMES, imagename, names == null ? null : new ArrayList<>(names));
  }

  public ApplierControls setApproxStats(boolean b) { return setApproxStats(b, null); }
  public ApplierControls setApproxStats(boolean b, String imagename) { return setOption(APPROX_STATS, imagename, b); }

  /** rainbow, gray or random: a colour table added to thematic outputs after closing. */
  public ApplierControls setAutoColorTableType(String s) { return setAutoColorTableType(s, null); }
  public ApplierControls setAutoColorTableType(String s, String imagename) {
    if (s != null) {
      RiosDefaults.checkAutoColorTableType("setAutoColorTableType" + (imagename == null ? "" : " for '" + imagename
          + "'"), s);
    }
    return setOption(AUTO_COLOR_TABLE_TYPE, imagename, s);
  }

  /** Called on the open output dataset after statistics, just before closing. */
  public ApplierControls setCallBeforeClose(BeforeClose fn) { return setCallBeforeClose(fn, null); }
  public ApplierControls setCallBeforeClose(BeforeClose fn, String imagename) {
    return setOption(CALL_BEFORE_CLOSE, imagename, fn);
  }

  // ---------------------------------------------------------------- per-image settings (inputs)

  /** Input null value for every band, overriding (or supplying) the file's own. */
  public ApplierControls setInputNoDataValue(Double v) { return setInputNoDataValue(v, null); }
  public ApplierControls setInputNoDataValue(Double v, String imagename) {
    return setOption(INPUT_NODATA, imagename, v);
  }
  /** Input null values per band (per file band for reprojection, per selected band for fill and info). */
  public ApplierControls setInputNoDataValues(List<Double> v) { return setInputNoDataValues(v, null); }
  public ApplierControls setInputNoDataValues(List<Double> v, String imagename) {
    return setOption(INPUT_NODATA, imagename, v == null ? null : new ArrayList<>(v));
  }

  /** gdalwarp resampling: near, bilinear, cubic, cubicspline, lanczos, average, mode, ... Default near. */
  public ApplierControls setResampleMethod(String m) { return setResampleMethod(m, null); }
  public ApplierControls setResampleMethod(String m, String imagename) {
    String method = m == null ? null : m.trim().toLowerCase(java.util.Locale.ROOT);
    if (method != null && method.startsWith("near")) {
      method = "near"; // gdalwarp reads any name starting with "near" ("nearest") as near
    }
    if (method == null || !RESAMPLE_METHODS.contains(method)) {
      throw new ParameterException("resampleMethod" + (imagename == null ? "" : " for image '" + imagename + "'")
          + " must be one of " + RESAMPLE_METHODS + ", got " + (m == null ? "null" : "'" + m + "'"));
    }
    return setOption(RESAMPLE_METHOD, imagename, method);
  }

  /** gdalwarp's resampling methods in GDAL 3.6 (names are case-insensitive). */
  public static final List<String> RESAMPLE_METHODS = List.of("near", "bilinear", "cubic", "cubicspline",
      "lanczos", "average", "rms", "mode", "max", "min", "med", "q1", "q3", "sum");

  /** 1-based band numbers to read, in this order. */
  public ApplierControls selectInputImageLayers(List<Integer> bands) { return selectInputImageLayers(bands, null); }
  public ApplierControls selectInputImageLayers(List<Integer> bands, String imagename) {
    return setOption(LAYER_SELECTION, imagename, bands == null ? null : new ArrayList<>(bands));
  }

  // ---------------------------------------------------------------- per-image settings (vector inputs)

  public ApplierControls setBurnValue(double v) { return setBurnValue(v, null); }
  public ApplierControls setBurnValue(double v, String vectorname) { return setOption(BURN_VALUE, vectorname, v); }
  public ApplierControls setBurnAttribute(String a) { return setBurnAttribute(a, null); }
  public ApplierControls setBurnAttribute(String a, String vectorname) {
    return setOption(BURN_ATTRIBUTE, vectorname, a);
  }
  public ApplierControls setVectorNull(double v) { return setVectorNull(v, null); }
  public ApplierControls setVectorNull(double v, String vectorname) { return setOption(VECTOR_NULL, vectorname, v); }
  public ApplierControls setFilterSQL(String s) { return setFilterSQL(s, null); }
  public ApplierControls setFilterSQL(String s, String vectorname) { return setOption(FILTER_SQL, vectorname, s); }
  public ApplierControls setAlltouched(boolean b) { return setAlltouched(b, null); }
  public ApplierControls setAlltouched(boolean b, String vectorname) { return setOption(ALL_TOUCHED, vectorname, b); }
  public ApplierControls setVectorDatatype(DataType t) { return setVectorDatatype(t, null); }
  public ApplierControls setVectorDatatype(DataType t, String vectorname) {
    return setOption(VECTOR_DATATYPE, vectorname, t);
  }
  public ApplierControls setVectorLayer(int index) { return setVectorLayer(index, null); }
  public ApplierControls setVectorLayer(int index, String vectorname) {
    return setOption(VECTOR_LAYER, vectorname, index);
  }
  public ApplierControls setVectorLayer(String name) { return setVectorLayer(name, null); }
  public ApplierControls setVectorLayer(String name, String vectorname) {
    return setOption(VECTOR_LAYER, vectorname, name);
  }

  /** Every option's global value, for diagnostics. */
  public Map<String, Object> globalOptions() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(options.keySet());
    Collections.sort(keys);
    for (String k : keys) {
      out.put(k, options.get(k).get(null));
    }
    return out;
  }
}
