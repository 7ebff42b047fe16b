package org.rios.cli;

import org.rios.gdal.VirtualPaths;
import org.rios.gdal.GdalPaths;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.gdal.VersionProvider;
import org.rios.errors.FileOpenException;
import org.rios.gdal.OpenFailures;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.stats.LegacyStats;
import org.rios.progress.Progress;
import org.rios.progress.TerminalProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rios-calcstats [--ignore V] [--approx] imgfile...}: adds pyramids, basic statistics and a histogram
 * (with median and mode) to each file, in place, through GDAL — RIOS's {@code rioscalcstats}.
 *
 * <p>For each file: opened for update; the null value is {@code --ignore} if given, else band 1's NoData;
 * then {@link LegacyStats#calcStats} (NoData set on every band, GDAL overviews with the default levels,
 * minimum size and aggregation, GDAL statistics, GDAL histogram). A file with neither NoData nor
 * {@code --ignore} gets statistics over all its pixels (RIOS fails there). Files are processed in order;
 * a file that fails is reported as one {@code error: ...} line on stderr and the others are still done; the
 * exit code is then 1.
 */
@Command(name = "rios-calcstats", aliases = "calcstats", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Calculate pyramid layers, statistics and a histogram for raster files, in place.")
public final class CalcStatsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "imgfile", arity = "0..*", description = "Raster files to update.")
  List<String> files = new ArrayList<>();

  @Option(names = {"-i", "--ignore"}, paramLabel = "FLOAT",
      description = "Null value to set on every band and leave out of the statistics "
          + "(default: band 1's existing NoData, if any).")
  Double ignore;

  @Option(names = "--approx", description = "Allow approximate statistics and histogram (faster on big files).")
  boolean approx;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(RiosCli.execute(new CalcStatsCommand(), args));
  }

  @Override
  public Integer call() {
    if (files.isEmpty()) {
      spec.commandLine().usage(spec.commandLine().getErr());
      return RiosCli.EXIT_FAILED;
    }
    GdalRuntime.ensureLoaded();
    int rc = 0;
    for (String file : files) {
      try {
        calcStats(file);
      } catch (RuntimeException e) {
        RiosCli.println(spec.commandLine().getErr(), RiosCli.errorLine(file, e));
        rc = RiosCli.EXIT_FAILED;
      }
    }
    return rc;
  }

  private void calcStats(String file) {
    Dataset ds = openForUpdate(file);
    List<java.util.Set<String>> expected;
    Progress progress = new TerminalProgressBar();
    try {
      Double nullValue = ignore;
      if (nullValue != null) {
        org.rios.array.DataType type = org.rios.array.DataType.fromGdalCode(ds.GetRasterBand(1).getDataType(), file);
        if (!type.canHold(nullValue)) {
          // no pixel could hold it: the statistics would silently ignore nothing
          throw new org.rios.errors.ParameterException("--ignore " + nullValue + " cannot be a pixel value of "
              + type + " (" + (long) type.minValue() + " to " + (long) type.maxValue() + ")");
        }
      }
      if (nullValue == null) {
        Double[] nd = new Double[1];
        ds.GetRasterBand(1).GetNoDataValue(nd);
        nullValue = nd[0];
      }
      LegacyStats.calcStats(ds, progress, nullValue, approx);
      expected = statisticsKeys(ds);
    } finally {
      progress.finish();
      ds.delete();
    }
    verifySaved(file, expected);
  }

  /** Per band, the STATISTICS_* metadata keys the dataset holds. */
  private static List<java.util.Set<String>> statisticsKeys(Dataset ds) {
    List<java.util.Set<String>> out = new ArrayList<>();
    for (int b = 1; b <= ds.GetRasterCount(); b++) {
      java.util.Set<String> keys = new java.util.TreeSet<>();
      java.util.Hashtable<?, ?> md = ds.GetRasterBand(b).GetMetadata_Dict("");
      if (md != null) {
        md.keySet().forEach(k -> {
          if (k.toString().startsWith("STATISTICS_")) {
            keys.add(k.toString());
          }
        });
      }
      out.add(keys);
    }
    return out;
  }

  /**
   * The statistics must be in the file once it is closed: for formats whose metadata GDAL keeps in a
   * side-car {@code .aux.xml}, a directory that is not writable only makes GDAL warn, and the run looked done.
   */
  private static void verifySaved(String file, List<java.util.Set<String>> expected) {
    Dataset back = gdal.OpenEx(GdalPaths.forGdal(file), gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY);
    if (back == null) {
      throw new org.rios.errors.OutputWriteException("Statistics of " + file + " could not be checked: GDAL cannot "
          + "open it again: " + gdal.GetLastErrorMsg());
    }
    try {
      List<java.util.Set<String>> saved = statisticsKeys(back);
      for (int b = 0; b < expected.size(); b++) {
        if (!saved.get(b).containsAll(expected.get(b))) {
          throw new org.rios.errors.OutputWriteException("Statistics of band " + (b + 1) + " of " + file
              + " were not saved (GDAL keeps this format's in " + file + ".aux.xml: is its directory writable?)");
        }
      }
    } finally {
      back.delete();
    }
  }

  /**
   * Opens a raster for update.
   *
   * @throws FileOpenException naming the file when it is missing or GDAL cannot open it for writing
   */
  static Dataset openForUpdate(String file) {
    boolean looksLocal = VirtualPaths.isPlainLocalPath(file);
    if (looksLocal && !new File(file).exists()) {
      throw new FileOpenException("Unable to open " + file + ": file does not exist");
    }
    Dataset ds;
    try {
      ds = gdal.OpenEx(GdalPaths.forGdal(file), gdalconstConstants.OF_RASTER | gdalconstConstants.OF_UPDATE);
    } catch (RuntimeException e) {
      throw new FileOpenException("Unable to open " + file + " for update: "
          + OpenFailures.reason(file, e.getMessage(), true), e);
    }
    if (ds == null) {
      throw new FileOpenException("Unable to open " + file + " for update: "
          + OpenFailures.reason(file, gdal.GetLastErrorMsg(), true));
    }
    if (ds.GetRasterCount() == 0) {
      ds.delete();
      throw new FileOpenException(file + " has no raster bands (a container of subdatasets? name one of them)");
    }
    return ds;
  }
}
