package org.rios.colortable;

import java.io.File;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/** Thematic test rasters for the colour table tests, written with GDAL directly. */
final class ColorTestFiles {
  private ColorTestFiles() {}

  /** RIOS's standard thematic zeros file: 500 x 500 Byte HFA, all 0, LAYER_TYPE=thematic. */
  static String thematicZeros(File file) {
    RasterArray zeros = RasterArray.create(DataType.UINT8, 1, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    return thematic(file, "HFA", zeros);
  }

  /** 100 x 100 UInt16 HFA thematic raster whose values spread evenly over 0..1000. */
  static String thematicUInt16(File file) {
    int rows = 100;
    int cols = 100;
    RasterArray a = RasterArray.create(DataType.UINT16, 1, rows, cols);
    int last = rows * cols - 1;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        a.setLong(0, r, c, (r * cols + c) * 1000L / last);
      }
    }
    return thematic(file, "HFA", a);
  }

  /** {@code data} written with the standard georeferencing, every band marked thematic. */
  static String thematic(File file, String driver, RasterArray data) {
    String path = TestRasters.write(file, driver, data, TestRasters.STD_XLEFT, TestRasters.STD_YTOP,
        TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    Dataset ds = gdal.Open(path, gdalconstConstants.GA_Update);
    try {
      for (int b = 1; b <= ds.GetRasterCount(); b++) {
        ds.GetRasterBand(b).SetMetadataItem("LAYER_TYPE", "thematic");
      }
    } finally {
      ds.delete();
    }
    return path;
  }
}
