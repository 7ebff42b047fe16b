package org.rios.plan;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.FileOpenException;
import org.rios.errors.ParameterException;
import org.gdal.gdal.gdal;
import org.rios.gdal.GdalCacheBudget;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalRuntime;
import org.rios.grid.PixelGrid;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.Footprint;
import org.rios.applier.ApplierControls;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.concurrency.ThreadBudget;

/**
 * Builds the {@link WorkingPlan} of a run: checks the controls against the files, opens every input once
 * to learn its grid and bands, decides the working grid, splits it into blocks and plans every input and
 * output. Everything that can be wrong with the request fails here, before any pixel is read.
 *
 * <p>An input GDAL cannot open as a raster is tried as an OGR vector (layer, filter and burn attribute are
 * checked now); it is rasterized lazily by the reading process, from the {@code VectorSpec} in its plan.
 */
public final class WorkingPlanBuilder {
  private WorkingPlanBuilder() {}

  public static WorkingPlan build(FilenameAssociations infiles, FilenameAssociations outfiles,
      ApplierControls controls) {
    GdalRuntime.ensureLoaded();
    GdalConfig config = usesNetwork(infiles) || usesNetwork(outfiles) ? controls.getGdalConfig().withNetworkDefaults()
        : controls.getGdalConfig();
    try (GdalConfig.Scope s = config.applyToThisThread()) {
      return buildInScope(infiles, outfiles, controls, config);
    }
  }

  /**
   * {@code plan} for the concurrency style of {@code controls} (chosen after planning, as {@code auto()}
   * does): the thread budget and the outputs' creation options that follow from it (GTiff's NUM_THREADS) are
   * planned again; grid, blocks and inputs are kept, so no input is opened twice and no planning warning is
   * given twice.
   */
  public static WorkingPlan withStyle(WorkingPlan plan, FilenameAssociations outfiles, ApplierControls controls) {
    ThreadBudget threads = threadBudget(controls.getConcurrencyStyle(), controls);
    if (threads.equals(plan.threads())) {
      return plan;
    }
    List<OutputSpec> outputs;
    try (GdalConfig.Scope s = plan.gdalConfig().applyToThisThread()) {
      outputs = OutputPlanner.planAll(outfiles, plan.grid(), controls, threads.gdalThreads());
    }
    return new WorkingPlan(plan.grid(), plan.windowXsize(), plan.windowYsize(), plan.overlap(), plan.blocks(),
        plan.inputs(), outputs, plan.tempDir(), threads, plan.gdalConfig(), plan.gdalCacheBytes());
  }

  /**
   * GDAL's thread budget of a run with {@code style} and {@code controls}' settings ({@code setGdalThreads},
   * {@code GDAL_NUM_THREADS} in its GDAL options), else the environment's, else the rule.
   */
  public static ThreadBudget threadBudget(ConcurrencyStyle style, ApplierControls controls) {
    return ThreadBudget.of(style, controls.getGdalThreads(),
        controls.getGdalConfig() == null ? null : controls.getGdalConfig().asMap());
  }

  /** Refuses a file name with a NUL character, which no file name can hold, naming its entry. */
  private static void checkNoNul(FilenameAssociations.Entry e, String kind) {
    if (e.filename() != null && e.filename().indexOf('\0') >= 0) {
      throw new ParameterException(kind + " '" + e.label() + "': its file name has a NUL character, which no file "
          + "name can hold");
    }
  }

  /**
   * Refuses an output named as one of GDAL's own side-cars of an input ({@code x.tif.ovr} beside input
   * {@code x.tif}): once in place it would be that input's overviews, metadata or mask from then on. And an
   * input that is such a side-car of an output: replacing the output removes a side-car the new one lacks.
   */
  private static void checkNoOutputIsAnInputsSideCar(FilenameAssociations infiles, FilenameAssociations outfiles) {
    java.util.Map<String, String> inputs = new java.util.HashMap<>();
    for (FilenameAssociations.Entry e : infiles.entries()) {
      if (e.filename() != null) {
        for (String key : namesOf(e.filename())) {
          inputs.putIfAbsent(key, e.label());
        }
      }
    }
    for (FilenameAssociations.Entry o : outfiles.entries()) {
      if (o.filename() == null) {
        continue;
      }
      for (String out : namesOf(o.filename())) {
        for (String suffix : org.rios.gdal.GdalPaths.OWN_SIDECAR_SUFFIXES) {
          String ofInput = out.endsWith(suffix) ? inputs.get(out.substring(0, out.length() - suffix.length())) : null;
          if (ofInput != null) {
            throw new ParameterException("Output '" + o.label() + "' (" + org.rios.gdal.VirtualPaths.forMessage(
                o.filename()) + ") is named as GDAL's " + suffix + " side-car of input '" + ofInput + "': in place, "
                + "GDAL would read it as that input's " + describe(suffix) + "; write it under another name");
          }
          String input = inputs.get(out + suffix);
          if (input != null) {
            throw new ParameterException("Input '" + input + "' is GDAL's " + suffix + " side-car of output '"
                + o.label() + "' (" + org.rios.gdal.VirtualPaths.forMessage(o.filename()) + "), which belongs to "
                + "the output's earlier file and goes when it is replaced; copy the input elsewhere first");
          }
        }
      }
    }
  }

  /**
   * The names under which GDAL may look for a file's side-cars: beside the name as given (links not followed:
   * GDAL looks there first) and beside the file it resolves to.
   */
  private static Set<String> namesOf(String name) {
    Set<String> names = new java.util.LinkedHashSet<>();
    names.add(org.rios.gdal.VirtualPaths.sameFileKey(name));
    if (org.rios.gdal.VirtualPaths.isPlainLocalPath(name)) {
      try {
        names.add(org.rios.gdal.GdalPaths.absolute(java.nio.file.Path.of(name)).toString());
      } catch (java.nio.file.InvalidPathException e) {
        // refused by name elsewhere
      }
    }
    return names;
  }

  private static String describe(String suffix) {
    return suffix.equals(".ovr") ? "overviews" : suffix.equals(".msk") ? "mask" : "metadata (statistics, "
        + "histograms, nulls)";
  }

  private static boolean usesNetwork(FilenameAssociations files) {
    return files != null && files.entries().stream()
        .anyMatch(e -> e.filename() != null && org.rios.gdal.VirtualPaths.isNetwork(e.filename()));
  }

  private static WorkingPlan buildInScope(FilenameAssociations infiles, FilenameAssociations outfiles,
      ApplierControls controls, GdalConfig config) {
    checkControls(infiles, outfiles, controls);
    List<WorkingGridMaker.NamedRaster> opened = new ArrayList<>();
    for (FilenameAssociations.Entry e : infiles.entries()) {
      opened.add(openInput(e, controls));
    }
    PixelGrid grid = WorkingGridMaker.make(opened, controls);
    List<BlockDefn> blocks = blocks(grid, controls.getWindowXsize(), controls.getWindowYsize());
    List<InputSpec> inputs = InputPlanner.planAll(opened, grid, controls);
    ThreadBudget threads = threadBudget(controls.getConcurrencyStyle(), controls);
    List<OutputSpec> outputs = OutputPlanner.planAll(outfiles, grid, controls, threads.gdalThreads());
    OutputPlanner.checkObjectStores(outfiles);
    checkBlockSize(inputs, grid, controls);
    String tempDir = new File(controls.getTempdir() == null ? "." : controls.getTempdir()).getAbsolutePath();
    return new WorkingPlan(grid, controls.getWindowXsize(), controls.getWindowYsize(), controls.getOverlap(), blocks,
        inputs, outputs, tempDir, threads, config, cacheBytes(opened, grid, outputs.size(), controls));
  }

  /**
   * GDAL's cache for the run ({@link GdalCacheBudget#needed}): each raster input's full width and every band,
   * at its widest type; rasterized vectors as one byte band over the working grid. 0 when the run's own GDAL
   * options set GDAL_CACHEMAX (they hold only while its files are used; GDAL reads that option once).
   */
  static long cacheBytes(List<WorkingGridMaker.NamedRaster> opened, PixelGrid grid, int outputs,
      ApplierControls c) {
    if (c.getGdalConfig().asMap().containsKey("GDAL_CACHEMAX")) {
      return 0;
    }
    long[] rowBytes = new long[opened.size()];
    for (int i = 0; i < rowBytes.length; i++) {
      RasterFileInfo info = opened.get(i).info();
      if (info == null) {
        rowBytes[i] = grid.ncols();
        continue;
      }
      int widest = info.gdalTypes() == null ? 8 : 1;
      for (int t : info.gdalTypes() == null ? new int[0] : info.gdalTypes()) {
        widest = Math.max(widest, gdal.GetDataTypeSize(t) / 8);
      }
      rowBytes[i] = (long) info.grid().ncols() * info.bandCount() * widest;
    }
    return GdalCacheBudget.needed(rowBytes, outputs, grid.ncols(), c.getWindowYsize(), c.getOverlap());
  }

  /**
   * A block with its overlap margin must fit in one array; RIOS would try to allocate it and fail deep in
   * numpy. Name the settings that make it too large.
   */
  static void checkBlockSize(List<InputSpec> inputs, PixelGrid grid, ApplierControls c) {
    int m = c.getOverlap();
    // blocks are clipped to the grid: a window larger than the raster makes blocks of the raster's size
    long rows = Math.min(c.getWindowYsize(), grid.nrows()) + 2L * m;
    long cols = Math.min(c.getWindowXsize(), grid.ncols()) + 2L * m;
    for (InputSpec in : inputs) {
      double n = (double) in.bands().length * rows * cols; // a long could overflow with a huge overlap
      if (n > Integer.MAX_VALUE - 8) {
        throw new ArrayShapeException("A block of input '" + in.label() + "' would be " + in.bands().length
            + " bands x " + rows + " x " + cols + " pixels, too large for one array: overlap " + m
            + " adds " + (2L * m) + " rows and columns to the window size " + c.getWindowXsize() + " x "
            + c.getWindowYsize() + "; use a smaller overlap or window");
      }
    }
  }

  /** Row-major blocks, clipped at the right and bottom edges. */
  static List<BlockDefn> blocks(PixelGrid grid, int wx, int wy) {
    List<BlockDefn> out = new ArrayList<>();
    int i = 0;
    for (int top = 0; top < grid.nrows(); top += wy) {
      for (int left = 0; left < grid.ncols(); left += wx) {
        out.add(new BlockDefn(i++, top, left, Math.min(wy, grid.nrows() - top), Math.min(wx, grid.ncols() - left)));
      }
    }
    return out;
  }

  private static WorkingGridMaker.NamedRaster openInput(FilenameAssociations.Entry e, ApplierControls c) {
    try {
      return new WorkingGridMaker.NamedRaster(e.name(), e.seq(), RasterFileInfo.open(e.filename()));
    } catch (FileOpenException ex) {
      if (!VectorInputLayer.isVector(e.filename())) {
        boolean exists = new File(e.filename()).exists();
        throw new FileOpenException("Input '" + e.label() + "': " + ex.getMessage()
            + (exists ? "; GDAL cannot open it as a vector either" : ""), ex);
      }
    }
    Object layer = c.getOptionForImagename(ApplierControls.VECTOR_LAYER, e.name());
    String sql = c.getOptionForImagename(ApplierControls.FILTER_SQL, e.name());
    String attribute = c.getOptionForImagename(ApplierControls.BURN_ATTRIBUTE, e.name());
    VectorInputLayer v = VectorInputLayer.open(e.filename(), layer, VectorFilter.parse(sql), attribute);
    return new WorkingGridMaker.NamedRaster(e.name(), e.seq(), null, v);
  }

  /**
   * Every local file name must reach the file system intact: under a locale without UTF-8 (LANG=C) the JVM
   * cannot name a file with other characters, and an input would look missing, an output fail at its first
   * block.
   */
  private static void checkEncodable(FilenameAssociations files, String kind) {
    for (FilenameAssociations.Entry e : files.entries()) {
      String why = org.rios.gdal.VirtualPaths.unencodableBecause(e.filename());
      if (why != null) {
        throw new ParameterException(kind + " '" + e.label() + "' (" + e.filename() + ") " + why);
      }
    }
  }

  /** Per-image settings of {@code options} must name an image of the kind they apply to. */
  private static void checkKind(Set<String> options, FilenameAssociations applies, FilenameAssociations other,
      String otherKind, String appliesTo, ApplierControls c) {
    for (String option : options) {
      for (String n : c.imagenamesFor(option)) {
        if (!applies.contains(n) && other.contains(n)) {
          throw new ParameterException("Setting '" + option + "' given for '" + n + "', which is " + otherKind
              + "; it applies to " + appliesTo + " only");
        }
      }
    }
  }

  /** RIOS's checks of the controls against the files, and ours of per-image settings. */
  static void checkControls(FilenameAssociations infiles, FilenameAssociations outfiles, ApplierControls c) {
    checkEncodable(infiles, "Input");
    checkEncodable(outfiles, "Output");
    org.rios.gdal.NativeHeapTrimmer.checkSetting();
    if (c.getTempdir() != null) {
      String why = org.rios.gdal.VirtualPaths.unencodableBecause(c.getTempdir());
      if (why != null) {
        throw new ParameterException("The temp directory '" + c.getTempdir() + "' " + why);
      }
    }
    Set<String> used = c.imagenamesUsed();
    for (String n : used) {
      if (!infiles.contains(n) && !outfiles.contains(n)) {
        throw new ParameterException("Per-image setting given for '" + n + "', which is not a name in the input "
            + "or output files (inputs " + infiles.names() + ", outputs " + outfiles.names() + ")");
      }
    }
    for (FilenameAssociations.Entry e : infiles.entries()) {
      checkNoNul(e, "Input");
      if (e.filename() != null && org.rios.gdal.VirtualPaths.isObjectStore(e.filename())) {
        // a '.' or '..' part: GDAL signs the key as written and the store resolves it, and the refusal read as a
        // wrong secret
        org.rios.gdal.VirtualPaths.checkedObjectKey(e.filename(), "Input '" + e.label() + "':");
      }
    }
    for (FilenameAssociations.Entry e : outfiles.entries()) {
      checkNoNul(e, "Output");
    }
    // two outputs writing one file: the second rename replaced the first, and the run looked complete
    java.util.Map<String, String> byFile = new java.util.HashMap<>();
    for (FilenameAssociations.Entry e : outfiles.entries()) {
      if (e.filename() == null) {
        continue;
      }
      String other = byFile.putIfAbsent(org.rios.gdal.VirtualPaths.sameFileKey(e.filename()), e.label());
      if (other != null) {
        throw new ParameterException("Outputs '" + other + "' and '" + e.label() + "' are the same file "
            + org.rios.gdal.VirtualPaths.forMessage(e.filename()) + ": each output needs its own file");
      }
    }
    checkNoOutputIsAnInputsSideCar(infiles, outfiles);
    // RIOS ignores an output setting given for an input (and the reverse) without a word
    checkKind(ApplierControls.OUTPUT_OPTIONS, outfiles, infiles, "an input", "outputs", c);
    checkKind(ApplierControls.INPUT_OPTIONS, infiles, outfiles, "an output", "inputs", c);
    if (c.getFootprintType() == null) {
      throw new ParameterException("footprint type must be INTERSECTION, UNION or BOUNDS_FROM_REFERENCE");
    }
    if (infiles.isEmpty() && (c.getFootprintType() != Footprint.BOUNDS_FROM_REFERENCE
        || (c.getReferenceImage() == null && c.getReferencePixgrid() == null))) {
      throw new ParameterException("With no input files, footprint must be BOUNDS_FROM_REFERENCE and a reference "
          + "image or pixel grid must be given");
    }
  }
}
