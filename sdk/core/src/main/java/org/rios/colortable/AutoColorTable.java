package org.rios.colortable;

import java.util.Random;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.rios.errors.ColorTableGenerationException;
import org.rios.gdal.GdalRuntime;
import org.rios.rat.RatCells;

/**
 * Simple generated colour tables, and the automatic colour table added to thematic outputs after they are
 * closed (the {@code autoColorTableType} option). Named ramps and large tables are in {@link ColorTables}; GDAL
 * colour tables in {@link GdalColorTables}.
 *
 * <pre>{@code
 * int[][] rgba = AutoColorTable.genColorTable(10, "rainbow");   // 10 rows of {R, G, B, A}
 * AutoColorTable.apply(gdal.Open(fn, gdalconst.GA_Update), "random");
 * }</pre>
 */
public final class AutoColorTable {
  private static final Random RANDOM = new Random();

  private AutoColorTable() {}

  /**
   * Adds a generated colour table to every thematic band (LAYER_TYPE=thematic) of {@code ds}, which must be
   * open in update mode and already carry statistics. For each band the table has STATISTICS_MAXIMUM + 1
   * entries; it goes into Integer RAT columns found by usage Red/Green/Blue/Alpha (created if missing), and
   * is only written if at least one of those columns had to be created, so an existing colour table is never
   * overwritten. Bands without a STATISTICS_MAXIMUM (e.g. all pixels null) are left alone; RIOS fails there.
   *
   * @throws ColorTableGenerationException for an unknown {@code type}
   */
  public static void apply(Dataset ds, String type) {
    GdalRuntime.ensureLoaded();
    genColorTable(0, type); // validates the type even when no band qualifies
    for (int b = 1; b <= ds.GetRasterCount(); b++) {
      Band band = ds.GetRasterBand(b);
      if (!"thematic".equals(band.GetMetadataItem("LAYER_TYPE"))) {
        continue;
      }
      String maxText = band.GetMetadataItem("STATISTICS_MAXIMUM");
      if (maxText == null) {
        continue;
      }
      double max = Double.parseDouble(maxText.trim());
      if (!(max + 1 <= ColorBands.MAX_GDAL_TABLE_ENTRIES)) {
        System.err.println("WARNING: no automatic colour table on band " + b + " of " + ColorBands.describe(ds)
            + ": its maximum " + maxText.trim() + " would need more than " + ColorBands.MAX_GDAL_TABLE_ENTRIES
            + " colours");
        continue;
      }
      int[][] table = genColorTable(Math.max((int) (max + 1), 0), type);
      RasterAttributeTable rat = band.GetDefaultRAT();
      boolean fresh = rat == null;
      if (fresh) {
        rat = new RasterAttributeTable();
      }
      try {
        RatColorColumns.Columns cols = RatColorColumns.findOrCreate(rat);
        if (cols.anyCreated()) {
          if (rat.GetRowCount() < table.length) {
            RatCells.setRowCount(rat, table.length, "band " + b + " of " + ColorBands.describe(ds));
          }
          RatColorColumns.writeRows(rat, cols.indices(), table);
        }
        RatColorColumns.reattachIfNeeded(band, rat); // GDAL copies: passing the band's own table back is unsafe
      } finally {
        if (fresh) {
          rat.delete();
        }
      }
    }
    ds.FlushCache();
  }

  /**
   * An {@code n x 4} table of {R, G, B, A} rows, alpha always 255.
   * <ul>
   * <li>{@code rainbow}: the first n/2 entries go linearly from red to green, the rest from green to blue
   * <li>{@code gray}: black to white
   * <li>{@code random}: random RGB
   * </ul>
   * Linear ramps use evenly spaced values including both ends, truncated to integers.
   *
   * @throws ColorTableGenerationException for any other type or a negative {@code n}
   */
  public static int[][] genColorTable(int n, String type) {
    return genColorTable(n, type, RANDOM);
  }

  /** {@link #genColorTable(int, String)} with the random source for the {@code random} type. */
  public static int[][] genColorTable(int n, String type, Random random) {
    if (!"rainbow".equals(type) && !"gray".equals(type) && !"random".equals(type)) {
      throw new ColorTableGenerationException("Unknown colortype '" + type + "'");
    }
    if (n < 0) {
      throw new ColorTableGenerationException("Cannot generate a colour table of " + n + " entries");
    }
    int[][] t = new int[n][4];
    for (int[] row : t) {
      row[3] = 255;
    }
    switch (type) {
      case "rainbow": {
        int mid = n / 2;
        int[] down = ramp(255, 0, mid);
        int[] up = ramp(0, 255, mid);
        for (int i = 0; i < mid; i++) {
          t[i][0] = down[i];
          t[i][1] = up[i];
        }
        int rest = n - mid;
        int[] down2 = ramp(255, 0, rest);
        int[] up2 = ramp(0, 255, rest);
        for (int i = 0; i < rest; i++) {
          t[mid + i][1] = down2[i];
          t[mid + i][2] = up2[i];
        }
        break;
      }
      case "gray": {
        int[] g = ramp(0, 255, n);
        for (int i = 0; i < n; i++) {
          t[i][0] = g[i];
          t[i][1] = g[i];
          t[i][2] = g[i];
        }
        break;
      }
      default:
        for (int[] row : t) {
          row[0] = random.nextInt(256);
          row[1] = random.nextInt(256);
          row[2] = random.nextInt(256);
        }
    }
    return t;
  }

  /**
   * {@code num} evenly spaced values from start to stop, truncated toward zero, as numpy's
   * {@code mgrid[start:stop:num*1j]} makes them: value i is {@code i * step + start} with
   * {@code step = (stop - start) / (num - 1)}, so the last one can fall just short of {@code stop} and
   * truncate to one less (254 for a ramp to 255 of 26 values).
   */
  private static int[] ramp(double start, double stop, int num) {
    int[] out = new int[num];
    if (num == 0) {
      return out;
    }
    if (num == 1) {
      out[0] = (int) start;
      return out;
    }
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      out[i] = (int) (i * step + start);
    }
    return out;
  }
}
