package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.File;
import java.util.Arrays;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.gdal.GdalRuntime;

/**
 * A bin of more than 2^31 pixels, for real: GDAL's Java binding would clamp its count to 2^31 - 1, so a band
 * this large is counted here in 64 bits (GdalStatistics refuses the binding's clamped count, as checked too). The band is a sparse GTiff of 9,000,000 x 256
 * zeros (2,304,000,000 pixels, a few hundred kB on disk); counting it takes seconds.
 */
class HistogramClampTest {
  @TempDir
  File tmp;

  @Test
  void aBinOfMoreThanTwoToThe31PixelsIsCountedExactly() {
    GdalRuntime.ensureLoaded();
    String path = new File(tmp, "huge.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(path, 9_000_000, 256, 1, gdalconstConstants.GDT_Float32,
        new String[] {"TILED=YES", "BLOCKXSIZE=4096", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "SPARSE_OK=TRUE",
            "BIGTIFF=YES"});
    try {
      HistogramParams p = HistogramParams.of(DataType.FLOAT32, false, 0, 0);   // one bin: [0, 0.5)
      // GDAL's count comes back clamped to 2^31 - 1 and is refused, so only the recount can give the true one
      assertThat(GdalStatistics.histogram(ds.GetRasterBand(1), p, false), is(nullValue()));
      assertThat(Arrays.toString(HistogramReadBack.gdalOrRecounted(ds, 1, DataType.FLOAT32, p, false)),
          is("[" + 9_000_000L * 256 + "]"));
    } finally {
      ds.delete();
    }
  }
}
