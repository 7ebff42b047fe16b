package org.rios.cli;

import org.rios.gdal.GdalPaths;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.gdal.VersionProvider;
import org.rios.applier.RiosDefaults;
import org.rios.array.DataType;
import org.rios.errors.FileOpenException;
import org.rios.errors.ParameterException;
import org.rios.errors.OutputWriteException;
import org.rios.plan.RasterFileInfo;
import org.rios.calcstats.LegacyStats;
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

  @Option(names = {"-i", "--ignore"}, paramLabel = "FLOAT", converter = FloatArgument.class,
      description = "Null value to set on every band and leave out of the statistics "
          + "(default: band 1's existing NoData, if any); nan, inf and -inf in any case, as Python reads them.")
  Double ignore;

  /** A number as Python's float() reads one: Java's forms plus nan, inf, infinity in any case, signed. */
  static final class FloatArgument implements picocli.CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      String unsigned = v.startsWith("+") || v.startsWith("-") ? v.substring(1) : v;
      boolean negative = v.startsWith("-");
      if (unsigned.equals("nan")) {
        return Double.NaN;
      }
      if (unsigned.equals("inf") || unsigned.equals("infinity")) {
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      try {
        return Double.valueOf(value.trim());
      } catch (NumberFormatException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a number");
      }
    }
  }

  @Option(names = "--approx", description = "Allow approximate statistics and histogram (faster on big files).")
  boolean approx;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(RiosCli.execute(new CalcStatsCommand(), args));
  }

  @Override
  public Integer call() {
    RiosDefaults.get(); // a bad RIOS_DFLT_* variable is one error, before any file is opened for update
    return RiosCli.eachFile(spec, files, this::calcStats);
  }

  private void calcStats(String file) {
    Dataset ds = openForUpdate(file);
    List<Map<String, String>> expected;
    Progress progress = new TerminalProgressBar();
    try {
      Double nullValue = ignore;
      if (nullValue != null) {
        DataType type = DataType.fromGdalCode(ds.GetRasterBand(1).getDataType(), file);
        if (!type.canHold(nullValue)) {
          // no pixel could hold it: the statistics would silently ignore nothing
          throw new ParameterException("--ignore " + nullValue + " cannot be a pixel value of " + type + " ("
              + type.rangeText() + ")");
        }
      }
      if (nullValue == null) {
        Double[] nd = new Double[1];
        ds.GetRasterBand(1).GetNoDataValue(nd);
        nullValue = nd[0];
      }
      LegacyStats.calcStats(ds, progress, nullValue, approx);
      expected = statisticsItems(ds);
    } finally {
      progress.finish();
      ds.delete();
    }
    verifySaved(file, expected);
  }

  /**
   * The name under which {@link #statisticsItems} gives the counts of a band's attribute table column of usage
   * PixelCount, where a thematic band's histogram goes.
   */
  static final String PIXEL_COUNT_COLUMN = "the PixelCount column of the raster attribute table";

  /**
   * Per band, the STATISTICS_* metadata items the dataset holds, and the counts of its attribute table's
   * PixelCount column, if it has one (as {@code c0|c1|...|}).
   */
  private static List<Map<String, String>> statisticsItems(Dataset ds) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int b = 1; b <= ds.GetRasterCount(); b++) {
      Band band = ds.GetRasterBand(b);
      Map<String, String> items = new TreeMap<>();
      Hashtable<?, ?> md = band.GetMetadata_Dict("");
      if (md != null) {
        md.forEach((k, v) -> {
          if (k.toString().startsWith("STATISTICS_")) {
            items.put(k.toString(), String.valueOf(v));
          }
        });
      }
      RasterAttributeTable rat = band.GetDefaultRAT();
      int col = rat == null ? -1 : rat.GetColOfUsage(gdalconstConstants.GFU_PixelCount);
      if (col >= 0) {
        items.put(PIXEL_COUNT_COLUMN, fingerprint(rat, col));
      }
      out.add(items);
    }
    return out;
  }

  /**
   * A column's values in a few words, however many rows it has: "N rows summing to S, checksum C" (the
   * checksum over every value's bits, so any changed count shows).
   */
  private static String fingerprint(RasterAttributeTable rat, int col) {
    CRC32 crc = new CRC32();
    ByteBuffer bits = ByteBuffer.allocate(Double.BYTES);
    double sum = 0;
    int rows = rat.GetRowCount();
    for (int r = 0; r < rows; r++) {
      double v = rat.GetValueAsDouble(r, col);
      sum += v;
      crc.update(bits.clear().putDouble(v).array());
    }
    return rows + " rows summing to " + sum + ", checksum " + Long.toHexString(crc.getValue());
  }

  /** The same value, as text or, where both are numbers, to a millionth (a format may store them anew). */
  static boolean sameValue(String written, String saved) {
    if (written.equals(saved)) {
      return true;
    }
    try {
      double a = Double.parseDouble(written.trim());
      double b = Double.parseDouble(saved.trim());
      return a == b || (Double.isNaN(a) && Double.isNaN(b)) || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a),
          Math.abs(b));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The statistics must be in the file once it is closed: for formats whose metadata GDAL keeps in a
   * side-car {@code .aux.xml}, a directory that is not writable only makes GDAL warn, and the run looked done.
   */
  static void verifySaved(String file, List<Map<String, String>> expected) {
    Dataset back = gdal.OpenEx(GdalPaths.forGdal(file), gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY);
    if (back == null) {
      throw new OutputWriteException("Statistics of " + file + " could not be checked: GDAL cannot "
          + "open it again: " + gdal.GetLastErrorMsg());
    }
    try {
      List<Map<String, String>> saved = statisticsItems(back);
      for (int b = 0; b < expected.size(); b++) {
        if (!expected.get(b).containsKey("STATISTICS_MEAN") && saved.get(b).containsKey("STATISTICS_MEAN")) {
          // a band without valid pixels: its statistics were removed, but some formats (HFA) keep them
          System.err.println("Warning: band " + (b + 1) + " of " + file + " has no valid pixels, but the statistics"
              + " of an earlier run stay: this format keeps them in the file, where GDAL cannot remove them");
        }
        for (Map.Entry<String, String> item : expected.get(b).entrySet()) {
          String got = saved.get(b).get(item.getKey());
          if (got == null || !sameValue(item.getValue(), got)) {
            // a side-car that is there but cannot be rewritten keeps an earlier run's numbers
            throw new OutputWriteException("Statistics of band " + (b + 1) + " of " + file
                + " were not saved (" + item.getKey() + " is " + (got == null ? "missing" : got + ", not "
                + item.getValue()) + " in the file as read back" + sideCarHint(file) + ")");
          }
        }
      }
    } finally {
      back.delete();
    }
  }

  /** What to check when statistics did not reach {@code file}. */
  private static String sideCarHint(String file) {
    return "; GDAL keeps statistics in the file itself or, for a format that cannot hold them, in " + file
        + ".aux.xml beside it: are the file, that side-car and its directory writable?";
  }

  /**
   * Opens a raster for update ({@link RasterFileInfo#openRasterForUpdate}) that has bands of its own.
   *
   * @throws FileOpenException naming the file when it is missing, GDAL cannot open it for writing, or it only
   *     lists subdatasets
   */
  static Dataset openForUpdate(String file) {
    Dataset ds = RasterFileInfo.openRasterForUpdate(file);
    if (ds.GetRasterCount() == 0) {
      ds.delete();
      throw new FileOpenException(file + " has no raster bands (a container of subdatasets? name one of them)");
    }
    return ds;
  }
}
