package org.rios.plan;

import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.Driver;
import org.rios.errors.ImageOpenException;
import org.rios.errors.ParameterException;
import org.rios.gdal.BeforeClose;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.ObjectStoreAnswer;
import org.rios.gdal.VirtualPaths;
import org.rios.grid.PixelGrid;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.ApplierControls;

/**
 * Resolves each output's settings (per-image over global, driver defaults, environment overrides) and
 * checks them before any block is read: driver, creation options, and the GTiff block-size rule.
 */
final class OutputPlanner {
  private OutputPlanner() {}

  /** @param gdalThreads GDAL's encoder threads for GTiff outputs whose creation options do not say */
  static List<OutputSpec> planAll(FilenameAssociations outfiles, PixelGrid grid, ApplierControls c,
      int gdalThreads) {
    List<OutputSpec> out = new ArrayList<>();
    for (FilenameAssociations.Entry e : outfiles.entries()) {
      out.add(plan(e, grid, c, gdalThreads));
    }
    return out;
  }

  /**
   * Asks the store of each object-store output (one key per bucket; see {@link ObjectStoreAnswer#refusalFor})
   * whether it would take any request of this run, before any block is computed: a missing bucket, a secret
   * that does not match the access key, refused credentials or an endpoint that does not answer would
   * otherwise be found only at the upload, after the whole run. A key that cannot be read is not an error (write-only credentials may still upload it).
   *
   * @throws ImageOpenException naming the output, its file name and what the store answered
   */
  static void checkObjectStores(FilenameAssociations outfiles) {
    for (FilenameAssociations.Entry e : outfiles.entries()) {
      if (!VirtualPaths.isObjectStore(e.filename())) {
        continue;
      }
      // a bucket that took the check is not asked again: the second output there costs no request
      ObjectStoreAnswer refusal = ObjectStoreAnswer.refusalFor(VirtualPaths.toGdal(e.filename()));
      if (refusal != null) {
        throw new ImageOpenException("Output '" + e.label() + "' (" + VirtualPaths.forMessage(e.filename())
            + ") cannot be uploaded, checked before computing: " + refusal.reason());
      }
    }
  }

  /**
   * GTiff's and COG's compression threads (NUM_THREADS) as the run's budget gives them, when the creation
   * options do not set them; the tiles are the same bytes either way. Also a budget of 1 is written: without
   * the option GTiff takes GDAL_NUM_THREADS (a user's environment or GDAL options), which the budget, and
   * setGdalThreads, must win over. Not for LERC, whose encoder GDAL 3.6 leaves some bytes of unset (run to run
   * they differ; pixels do not): one thread keeps a fresh process's output the same.
   */
  static List<String> withEncoderThreads(String driverName, List<String> opts, int gdalThreads) {
    boolean given = OutputDrivers.optionValue(opts, "NUM_THREADS") != null;
    boolean threaded = driverName.equalsIgnoreCase("GTiff") || driverName.equalsIgnoreCase(OutputDrivers.COG);
    String compress = OutputDrivers.optionValue(opts, "COMPRESS");
    boolean lerc = compress != null && compress.toUpperCase(java.util.Locale.ROOT).startsWith("LERC");
    if (given || !threaded || gdalThreads < 1 || lerc && gdalThreads > 1) {
      return List.copyOf(opts);
    }
    List<String> out = new ArrayList<>(opts);
    out.add("NUM_THREADS=" + gdalThreads);
    return List.copyOf(out);
  }

  private static OutputSpec plan(FilenameAssociations.Entry e, PixelGrid grid, ApplierControls c,
      int gdalThreads) {
    String n = e.name();
    String archive = VirtualPaths.archivePrefix(e.filename());
    if (archive != null) {
      // GDAL writes such files only as a stream, start to end: a raster's blocks are written where they go,
      // and the half-made archive was left at the final path
      throw new ParameterException("Output '" + e.label() + "' (" + e.filename() + ") is inside an archive ("
          + archive + "), which GDAL cannot write a raster into block by block: write the file, then archive it");
    }
    if (VirtualPaths.isObjectStore(e.filename())) {
      VirtualPaths.checkedObjectKey(e.filename(), "Output '" + e.label() + "' file name");
      VirtualPaths.checkUploadedWhole(e.filename(), e.label());
    }
    if (VirtualPaths.isPlainLocalPath(e.filename())) {
      java.io.File f = new java.io.File(e.filename()).getAbsoluteFile();
      // checked before any block is computed; the rename into place would otherwise replace an empty one
      if (f.isDirectory()) {
        throw new ImageOpenException("Output '" + e.label() + "' (" + e.filename()
            + ") is an existing directory, not a file name");
      }
      if (GdalPaths.nameBytes(f.getName()) > GdalPaths.MAX_NAME_BYTES) {
        throw new ImageOpenException("Output '" + e.label() + "' (" + e.filename()
            + "): its file name is longer than the " + GdalPaths.MAX_NAME_BYTES + " bytes a file system takes");
      }
      if (VirtualPaths.isSpecialLocalFile(e.filename())) {
        // a device, FIFO or socket: the rename into place would delete it (/dev/null, say), and a FIFO
        // would block GDAL when it looks at the file
        throw new ImageOpenException("Output '" + e.label() + "' (" + e.filename()
            + ") is an existing special file (a device, FIFO or socket), not a regular file: not replaced");
      }
      if (f.getParentFile() != null && !f.getParentFile().isDirectory()) {
        throw new ImageOpenException("Output '" + e.label() + "' (" + e.filename()
            + "): its directory " + f.getParent() + " does not exist or is not a directory");
      }
    }
    String driverName = c.getOptionForImagename(ApplierControls.DRIVER, n);
    Driver driver = OutputDrivers.driver(driverName, e.label());
    driverName = driver.getShortName();
    List<String> opts = c.getOptionForImagename(ApplierControls.CREATION_OPTIONS, n);
    if (opts == null) {
      opts = c.getDefaultCreationOptions(driverName);
    }
    String threads = OutputDrivers.optionValue(opts, "NUM_THREADS");
    if (threads != null && !threads.equalsIgnoreCase("ALL_CPUS") && !threads.matches("[1-9][0-9]{0,5}")) {
      // GDAL warns and compresses on one thread; the library's own NUM_THREADS would be dropped too
      throw new ParameterException("Output '" + e.label() + "': creation option NUM_THREADS=" + threads
          + " must be a positive number of threads or ALL_CPUS");
    }
    opts = withEncoderThreads(driverName, opts, gdalThreads);
    OutputDrivers.validateCreationOptions(driver, opts, e.label());
    if (driverName.equalsIgnoreCase(OutputDrivers.COG)) {
      OutputDrivers.checkCogOptions(opts, e.label());
    }
    if (driverName.equalsIgnoreCase("GTiff")) {
      OutputDrivers.checkGtiffBlockSize(opts, c.getWindowXsize(), c.getWindowYsize(), grid.ncols(), e.label());
    }
    boolean omitPyramids = c.<Boolean>getOptionForImagename(ApplierControls.OMIT_PYRAMIDS, n);
    boolean approx = c.<Boolean>getOptionForImagename(ApplierControls.APPROX_STATS, n);
    boolean thematic = c.<Boolean>getOptionForImagename(ApplierControls.THEMATIC, n);
    if (approx && omitPyramids) {
      throw new ParameterException("Output '" + e.label() + "': approxStats needs pyramids (overviews), but "
          + "omitPyramids is set");
    }
    if (approx && thematic) {
      System.err.println("Warning: output '" + e.label() + "' is thematic and uses approxStats; approximate "
          + "histograms of thematic layers can miss classes");
    }
    String aggType = c.getOptionForImagename(ApplierControls.OVERVIEW_AGG_TYPE, n);
    List<Integer> levels = c.getOptionForImagename(ApplierControls.OVERVIEW_LEVELS, n);
    List<String> layerNames = c.getOptionForImagename(ApplierControls.LAYER_NAMES, n);
    BeforeClose hook = c.getOptionForImagename(ApplierControls.CALL_BEFORE_CLOSE, n);
    OutputSettings s = new OutputSettings(
        driverName,
        opts,
        c.getOptionForImagename(ApplierControls.STATS_IGNORE, n),
        thematic,
        layerNames == null ? null : List.copyOf(layerNames),
        omitPyramids,
        c.<Boolean>getOptionForImagename(ApplierControls.OMIT_BASIC_STATS, n),
        c.<Boolean>getOptionForImagename(ApplierControls.OMIT_HISTOGRAM, n),
        List.copyOf(levels),
        c.<Integer>getOptionForImagename(ApplierControls.OVERVIEW_MIN_DIM, n),
        aggType,
        c.getDefaultOverviewAggType(),
        c.getOptionForImagename(ApplierControls.SINGLE_PASS_PYRAMIDS, n),
        c.getOptionForImagename(ApplierControls.SINGLE_PASS_BASIC_STATS, n),
        c.getOptionForImagename(ApplierControls.SINGLE_PASS_HISTOGRAM, n),
        approx,
        c.getOptionForImagename(ApplierControls.AUTO_COLOR_TABLE_TYPE, n),
        hook);
    return new OutputSpec(n, e.seq(), e.filename(), s);
  }
}
