package org.rios.testutil;

import java.io.File;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.rat.Rat;
import org.rios.rat.RatColumnType;
import org.rios.rat.RatColumnUsage;

/**
 * The small thematic image of RIOS's RAT tests: 100 rows x 1 column, HFA, Byte, LAYER_TYPE=thematic; pixel
 * values 1 in rows 0 and 10..49, the row number in rows 1..9, 0 in rows 50..99. Optionally with a RAT of 256
 * rows holding a "Histogram" (PixelCount) column of the pixel counts and a "Value" column = row + 10 except
 * row 0 = 500.
 */
public final class RatTestImages {
  public static final int ROWS = 100;
  public static final int RAT_ROWS = 256;

  private RatTestImages() {}

  /** The pixel value of image row {@code row}. */
  public static int pixel(int row) {
    if (row == 0 || (row >= 10 && row < 50)) {
      return 1;
    }
    return row < 10 ? row : 0;
  }

  /** RIOS's test RAT values: row + 10, except row 0 = 500. */
  public static double[] values(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i == 0 ? 500 : i + 10;
    }
    return v;
  }

  /** Writes the thematic image without a RAT. */
  public static String thematicImage(File file) {
    GdalRuntime.ensureLoaded();
    RasterArray a = RasterArray.create(DataType.UINT8, 1, ROWS, 1);
    for (int r = 0; r < ROWS; r++) {
      a.setLong(0, r, 0, pixel(r));
    }
    String path = TestRasters.write(file, "HFA", a, TestRasters.STD_XLEFT, TestRasters.STD_YTOP,
        TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    Dataset ds = gdal.Open(path, gdalconstConstants.GA_Update);
    try {
      ds.GetRasterBand(1).SetMetadataItem("LAYER_TYPE", "thematic");
    } finally {
      ds.FlushCache();
      ds.delete();
    }
    return path;
  }

  /** The thematic image with a 256-row RAT: "Histogram" (Real, PixelCount) and "Value" (Real, Generic). */
  public static String thematicImageWithRat(File file) {
    String path = thematicImage(file);
    double[] counts = new double[RAT_ROWS];
    for (int r = 0; r < ROWS; r++) {
      counts[pixel(r)]++;
    }
    Rat.writeColumn(path, "Histogram", counts, RatColumnType.REAL, 1, RatColumnUsage.PIXEL_COUNT);
    Rat.writeColumn(path, "Value", values(RAT_ROWS), RatColumnType.REAL, 1, RatColumnUsage.GENERIC);
    return path;
  }
}
