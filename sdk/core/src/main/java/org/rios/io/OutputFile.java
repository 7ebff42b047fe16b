package org.rios.io;

import java.io.File;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalRuntime;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ImageOpenException;
import org.rios.errors.OutputWriteException;
import org.rios.errors.RiosException;
import org.rios.colortable.AutoColorTable;
import org.rios.calcstats.DriverProbeCache;
import org.rios.calcstats.OutputStatistics;
import org.rios.applier.SinglePassReport;
import org.rios.grid.PixelGrid;
import org.rios.plan.OutputSpec;
import org.rios.progress.Progress;
import org.rios.timing.Timers;
import org.rios.gdal.BeforeClose;
import org.rios.gdal.RasterIO;
import org.rios.plan.OutputSettings;
import org.rios.plan.OutputDrivers;

/**
 * One output raster from creation to close: created on its first block (band count and type come from that
 * block), written block by block, then finished with pyramids, statistics, histogram, the before-close hook
 * and an optional colour table. Used only by the single writer thread.
 */
final class OutputFile {
  /** Set once the dataset is closed: a second close of a GDAL dataset crashes the JVM. */
  private boolean dsClosed;
  private final OutputSpec spec;
  private final AtomicOutput target;
  /** GDAL's name of the file written block by block: the partial name, or a COG's staging GTiff. */
  private final String writtenName;
  private final Dataset ds;
  private final OutputStatistics stats;
  private final DataType dataType;
  private final int bandCount;
  private boolean hasNanOrInf;
  /** The file's own block (tile or strip) size, of band 1: the unit GDAL compresses and writes. */
  private final int fileBlockX;
  private final int fileBlockY;
  /** Set at the first block not made of whole file blocks: from then on the cache is flushed only at the end. */
  private boolean misaligned;
  /** The values of its type the file keeps, where its creation options narrow them (NBITS, SIGNEDBYTE). */
  private final StoredValues stored;

  private OutputFile(OutputSpec spec, AtomicOutput target, String writtenName, Dataset ds, OutputStatistics stats,
      DataType dataType, int bandCount, StoredValues stored) {
    this.stored = stored;
    this.spec = spec;
    this.target = target;
    this.writtenName = writtenName;
    this.ds = ds;
    this.stats = stats;
    this.dataType = dataType;
    this.bandCount = bandCount;
    Band first = ds.GetRasterBand(1);
    this.fileBlockX = Math.max(1, first.GetBlockXSize());
    this.fileBlockY = Math.max(1, first.GetBlockYSize());
  }

  /**
   * GDAL 3.6's Java bindings set a band's NoData through a double only; for a 64-bit integer band GDAL stores
   * that double as text ("%.18g") and reads it back as an integer, so a value with a fraction, NaN, or a
   * magnitude of 10^18 or more (exponent form: 1e+18 reads back as 1) would leave the file naming another
   * NoData than the one its statistics left out. Such a value is refused before the file is created.
   */
  static void checkNoDataFits(Double noData, DataType type, OutputSpec spec) {
    if (noData == null || (type != DataType.INT64 && type != DataType.UINT64)) {
      return;
    }
    double v = noData;
    boolean fits = !Double.isNaN(v) && v == Math.rint(v) && Math.abs(v) < 1e18 && (type.isSigned() || v >= 0);
    if (!fits) {
      throw new org.rios.errors.ParameterException("Output '" + spec.label() + "' (" + spec.filename() + "): the "
          + "NoData value " + noData + " (statsIgnore) cannot be stored exactly in a " + type.gdalName() + " band: "
          + "through GDAL's Java bindings a 64-bit integer band's NoData must be a whole number "
          + (type == DataType.UINT64 ? "from 0 " : "") + "of magnitude below 10^18 (GDAL would store another value)");
    }
  }

  /**
   * Creates the file under its partial name (see {@link AtomicOutput}), shaped like the working grid and the
   * first block. An existing output of the final name stays until this one is complete. A COG output is
   * written as a tiled GTiff first ({@link CogOutput}).
   */
  static OutputFile create(OutputSpec spec, PixelGrid grid, RasterArray firstBlock, DriverProbeCache probes,
      File tempDir, Timers timers) {
    boolean cog = CogOutput.isCog(spec.settings());
    OutputSettings s = cog ? CogOutput.stagingSettings(spec.settings()) : spec.settings();
    Driver driver = OutputDrivers.driver(s.driverName(), spec.label());
    AtomicOutput target = AtomicOutput.of(spec.filename(), tempDir);
    String writtenName = cog ? CogOutput.stagingName(target.gdalName()) : target.gdalName();
    DataType type = firstBlock.dataType();
    int nbands = firstBlock.bands();
    if (nbands < 1) {
      throw new org.rios.errors.ArrayShapeException("Output '" + spec.label() + "' block has no bands");
    }
    // outside the try: an unsupported type must keep its own error, with the output named
    int gdalType;
    try {
      gdalType = GdalRuntime.gdalTypeCode(type);
    } catch (org.rios.errors.UnsupportedDataTypeException e) {
      throw new org.rios.errors.UnsupportedDataTypeException("Output '" + spec.label() + "' ("
          + spec.filename() + "): " + e.getMessage(), e);
    }
    checkNoDataFits(s.statsIgnore(), type, spec);
    // the output's own codec (a COG's, not its staging file's)
    EncoderCheck.check(spec.settings().driverName(), spec.settings().creationOptions(), type, nbands, spec.label(),
        spec.filename());
    StoredValues stored = StoredValues.of(spec.settings().driverName(), spec.settings().creationOptions(), type,
        spec.label(), spec.filename());
    target.prepare();
    Dataset ds;
    try {
      ds = driver.Create(writtenName, grid.ncols(), grid.nrows(), nbands, gdalType,
          s.creationOptions().toArray(new String[0]));
    } catch (RuntimeException e) {
      target.discard();
      throw new ImageOpenException("Could not create output '" + spec.label() + "' (" + spec.filename()
          + ") with driver " + s.driverName() + ": " + e.getMessage(), e);
    }
    if (ds == null) {
      target.discard();
      throw new ImageOpenException("Could not create output '" + spec.label() + "' (" + spec.filename()
          + ") with driver " + s.driverName() + ": " + gdal.GetLastErrorMsg());
    }
    target.created();
    try {
      target.checkReplacesNoOtherDataset(spec.label(), ds.GetFileList());
      ds.SetGeoTransform(grid.geoTransform());
      if (grid.projection() != null && !grid.projection().isEmpty()) {
        ds.SetProjection(grid.projection());
      }
      for (int b = 1; b <= nbands; b++) {
        Band band = ds.GetRasterBand(b);
        if (s.thematic()) {
          band.SetMetadataItem("LAYER_TYPE", "thematic");
        }
        if (s.statsIgnore() != null) {
          band.SetNoDataValue(s.statsIgnore());
        }
        if (s.layerNames() != null && b <= s.layerNames().size()) {
          band.SetDescription(s.layerNames().get(b - 1));
        }
      }
      OutputStatistics st = new OutputStatistics(ds, spec.filename(), s, type, probes, tempDir, timers);
      return new OutputFile(spec, target, writtenName, ds, st, type, nbands, stored);
    } catch (RuntimeException | Error e) {
      // an Error too (out of memory making the statistics): the partial file and its clean-up must go
      ds.delete();
      target.discard();
      throw e;
    }
  }

  /** The pixel type the file was created with (its first block's). */
  DataType dataType() {
    return dataType;
  }

  /** The blocks will come in any order (see {@link BlockWriter#expectBlocksInAnyOrder}). */
  void expectBlocksInAnyOrder() {
    stats.expectBlocksInAnyOrder();
  }

  /** Writes one trimmed block at (xoff, yoff) of the output. */
  void write(RasterArray block, int xoff, int yoff, Timers timers) {
    if (block.bands() != bandCount) {
      throw new org.rios.errors.ArrayShapeException("Output '" + spec.label() + "' (" + spec.filename()
          + ") was created with " + bandCount + " bands from its first block, but the block at row " + yoff
          + ", column " + xoff + " has " + block.bands());
    }
    // Later blocks may come in another type; the file keeps the first block's type and holds what GDAL
    // makes of the block (rounded and clamped, as RIOS's WriteArray): statistics are taken on the same values.
    RasterArray typed = RasterIO.convert(block, dataType);
    stored.check(typed, spec.label(), spec.filename(), xoff, yoff);
    if (dataType.isFloatingPoint() && !hasNanOrInf) {
      hasNanOrInf = containsNanOrInf(typed);
    }
    // GDAL reports a failure to encode a file block (e.g. a compression the type does not allow) as the
    // thread's last error, not as a failed call: look at it after each block, before anything else resets it.
    // One "writing" interval per block, as RIOS times it; the single-pass statistics and overviews have timers
    // of their own and work on the block in memory (the overviews write and flush their own tiles, whose
    // failures GDAL reports the same way, so the check comes after them).
    gdal.ErrorReset();
    try (Timers.Interval t = timers.interval("writing")) {
      RasterIO.write(ds, xoff, yoff, typed);
      flushCompleteFileBlocks(xoff, yoff, typed.cols(), typed.rows());
    }
    stats.blockWritten(ds, typed, xoff, yoff);
    checkGdalError("writing the block at column " + xoff + ", row " + yoff);
  }

  /**
   * When the block just written covers whole file blocks (tiles or strips; the usual case, as RIOS's window
   * and the default tile are both 256), hands them to GDAL's encoder now rather than keeping them in GDAL's
   * cache until the file is closed: compression then runs as the blocks come instead of as one serial tail
   * after the last block, and the cache does not fill with a whole output. Partly covered file blocks stay
   * in the cache (flushing one early would make GDAL read it back and write it again when the rest comes),
   * and after the first such block nothing is flushed early any more, since a flush writes every dirty file
   * block of the band. For a pixel-interleaved file, flushing band 1 writes the whole tile of every band.
   */
  private void flushCompleteFileBlocks(int xoff, int yoff, int cols, int rows) {
    int xend = xoff + cols;
    int yend = yoff + rows;
    misaligned |= xoff % fileBlockX != 0 || yoff % fileBlockY != 0
        || (xend % fileBlockX != 0 && xend != ds.getRasterXSize())
        || (yend % fileBlockY != 0 && yend != ds.getRasterYSize());
    if (misaligned) {
      return;
    }
    for (int b = 1; b <= bandCount; b++) {
      ds.GetRasterBand(b).FlushCache();
    }
  }

  /** Only called for float outputs, on the typed array: this runs over every pixel of every block. */
  private static boolean containsNanOrInf(RasterArray a) {
    if (a.dataType() == org.rios.array.DataType.FLOAT32) {
      for (float v : a.floats()) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
          return true;
        }
      }
    } else {
      for (double v : a.doubles()) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Pyramids, statistics, histogram, NaN warning, before-close hook, close, auto colour table, the COG
   * conversion: everything but putting it in place ({@link OutputCommit}). Any error GDAL reports while
   * flushing or closing (a full disk, a refused upload) fails here, naming the output.
   */
  void finish(Progress progress, Timers timers, int gdalThreads) {
    String threads = finishingThreads(gdalThreads);
    try (GdalConfig.Scope s = threads == null ? GdalConfig.empty().applyToThisThread()
        : GdalConfig.empty().with("GDAL_NUM_THREADS", threads).applyToThisThread()) {
      finishInScope(progress, timers);
    }
  }

  /**
   * GDAL_NUM_THREADS while this output is finished: GDAL computes overviews ({@code BuildOverviews}, the COG
   * driver's) on that many threads, and would take them from the environment whatever the run's budget. The
   * output's own NUM_THREADS when its creation options hold one (the budget, or the user's), else the budget;
   * null, leaving it as it is, for a GTiff or COG without one: a LERC output, which asks for no threads.
   */
  String finishingThreads(int gdalThreads) {
    String own = OutputDrivers.optionValue(spec.settings().creationOptions(), "NUM_THREADS");
    if (own != null) {
      return own;
    }
    String driver = spec.settings().driverName();
    if (driver.equalsIgnoreCase("GTiff") || driver.equalsIgnoreCase(OutputDrivers.COG)) {
      return null;
    }
    return String.valueOf(Math.max(1, gdalThreads));
  }

  private void finishInScope(Progress progress, Timers timers) {
    gdal.ErrorReset();
    try (Timers.Interval t = timers.interval("writing")) {
      ds.FlushCache();
    }
    checkGdalError("flushing its blocks");
    stats.finish(ds, progress);
    if (hasNanOrInf) {
      System.err.println("WARNING: Output file " + spec.filename() + " contains NaN, Inf or -Inf");
    }
    BeforeClose hook = spec.settings().callBeforeClose();
    if (hook != null) {
      try (Timers.Interval t = timers.interval("beforeclose")) {
        hook.beforeClose(ds);
      } catch (RiosException e) {
        throw e;
      } catch (Exception e) {
        throw new RiosException("callBeforeClose for output '" + spec.label() + "' failed: " + e, e);
      }
    }
    gdal.ErrorReset();
    ds.FlushCache();
    checkGdalError("flushing it before close");
    dsClosed = true;
    ds.delete();
    checkGdalError("closing it");
    headerNamesTheFinalFile();
    String colorType = spec.settings().autoColorTableType();
    if (colorType != null && spec.settings().thematic()) {
      Dataset upd;
      try {
        upd = gdal.Open(writtenName, gdalconstConstants.GA_Update);
      } catch (RuntimeException e) {
        throw new OutputWriteException("GDAL could not open output '" + spec.label() + "' (" + spec.filename()
            + ") again to add its colour table: " + e.getMessage(), e);
      }
      try {
        AutoColorTable.apply(upd, colorType);
      } finally {
        // not checkGdalError here: it would hide the exception AutoColorTable.apply may be throwing
        gdal.ErrorReset();
        upd.delete();
      }
      checkGdalError("closing it after adding its colour table");
    }
    if (CogOutput.isCog(spec.settings())) {
      try (Timers.Interval t = timers.interval("cogconversion")) {
        CogOutput.convert(writtenName, target.gdalName(), spec.settings(), spec.label(), spec.filename());
      }
      target.created();
    }
  }

  /**
   * An ENVI header records, as its description, the name its file was created under: the partial name here,
   * where RIOS's header names the output. Rewritten to the output's name once the file is closed (the header
   * is then renamed into place with it).
   */
  private void headerNamesTheFinalFile() {
    if (!"ENVI".equalsIgnoreCase(spec.settings().driverName()) || target.writesInPlace()) {
      return;
    }
    java.nio.file.Path main = java.nio.file.Path.of(writtenName);
    String name = main.getFileName().toString();
    int dot = name.lastIndexOf('.');
    java.nio.file.Path header = main.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".hdr");
    if (!java.nio.file.Files.isRegularFile(header)) {
      header = main.resolveSibling(name + ".hdr");
      if (!java.nio.file.Files.isRegularFile(header)) {
        return;
      }
    }
    try {
      // ISO-8859-1: every byte maps to one char and back, whatever else the header holds
      String text = java.nio.file.Files.readString(header, java.nio.charset.StandardCharsets.ISO_8859_1);
      String written = "description = {\n" + new String(writtenName.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          java.nio.charset.StandardCharsets.ISO_8859_1) + "}";
      int at = text.indexOf(written);
      if (at >= 0) {
        String named = "description = {\n" + new String(spec.filename().getBytes(
            java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1) + "}";
        // in place: still the partial output's header, which a failure (or the next run, after a kill) deletes
        java.nio.file.Files.writeString(header, text.substring(0, at) + named + text.substring(at + written.length()),
            java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new OutputWriteException("Output '" + spec.label() + "' (" + spec.filename() + "): could not name it "
          + "in its ENVI header " + header + ": " + e, e);
    }
  }

  /** Where the output is written until it is complete, and how it is put in place ({@link OutputCommit}). */
  AtomicOutput target() {
    return target;
  }

  /**
   * GDAL reports write-back failures (ENOSPC, an upload refused at close) as errors without failing the call
   * that triggered them; they are only visible as the thread's last error.
   */
  private void checkGdalError(String when) {
    if (gdal.GetLastErrorType() >= gdalconstConstants.CE_Failure) {
      String msg = gdal.GetLastErrorMsg();
      gdal.ErrorReset();
      // an object-store output is written in the run's temp directory first: a full disk there is not the store's
      String where = target.uploads() ? ", written first to " + writtenName + " in the run's temp directory "
          + "(setTempdir; it needs room for the largest output)" : "";
      throw new OutputWriteException("GDAL failed while " + when + " for output '" + spec.label() + "' ("
          + spec.filename() + where + "): " + msg);
    }
  }

  /** Closes without finishing and removes the partial file, so a failed run leaves no complete-looking output. */
  void abort() {
    stats.discard();
    try {
      if (!dsClosed) {
        dsClosed = true;
        ds.delete();
      }
      if (!writtenName.equals(target.gdalName())) {
        deleteWithGdal(writtenName); // a COG's staging GTiff (the partial clean-up misses it when in place)
      }
      if (target.writesInPlace()) {
        deleteWithGdal(target.gdalName()); // written at its final name (/vsimem/...): half written, it goes
      }
    } finally {
      target.discard();
    }
  }

  /** Deletes a file GDAL wrote, with its side-cars (by its driver), if it is there. */
  private static void deleteWithGdal(String name) {
    try {
      Driver d = gdal.IdentifyDriver(name);
      if (d == null || d.Delete(name) != gdalconstConstants.CE_None) {
        gdal.Unlink(name);
      }
    } catch (RuntimeException e) {
      // not there (converted and deleted already, or never created), or not deleted: the run has failed anyway
    }
    gdal.ErrorReset();
  }

  SinglePassReport singlePassReport() {
    return stats.report();
  }

  OutputSpec spec() {
    return spec;
  }
}
