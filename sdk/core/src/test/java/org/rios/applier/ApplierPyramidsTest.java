package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * RIOS testpyramids through the applier: a 2048 x 2048 input copied to a GTiff with default settings gets
 * exactly two overview levels (4 and 8). Single-pass overviews sample every f-th pixel from offset f/2, GDAL's
 * NEAREST overviews from offset 0.
 */
class ApplierPyramidsTest {
  private static final int SIZE = 2048;

  @TempDir
  File tmp;

  /** Neighbouring pixels differ, so a wrong sampling offset shows in (almost) every overview pixel. */
  private static RasterArray pattern() {
    RasterArray a = RasterArray.create(DataType.UINT8, 1, SIZE, SIZE);
    for (int r = 0; r < SIZE; r++) {
      for (int c = 0; c < SIZE; c++) {
        a.setLong(0, r, c, (r * 7L + c * 13L) % 251);
      }
    }
    return a;
  }

  @Test
  void singlePassAndGdalOverviewsSampleTheBase() {
    RasterArray image = pattern();
    String in = TestRasters.write(new File(tmp, "pattern.tif"), "GTiff", image, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null, "TILED=YES");
    String out = new File(tmp, "ramp.tif").getPath();
    for (boolean singlePass : new boolean[] {true, false}) {
      ApplierControls controls = new ApplierControls().setProgress(new SilentProgress())
          .setTempdir(tmp.getPath()).setOutputDriverName("GTiff").setSinglePassPyramids(singlePass);
      ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> outputs.put("outimg", inputs.get("inimg")),
          new FilenameAssociations().put("inimg", in), new FilenameAssociations().put("outimg", out), controls);
      SinglePassReport report = rtn.singlePassReports().get("outimg");
      assertThat(report.pyramids(), is(singlePass));

      assertThat(TestRasters.read(out).contentEquals(image), is(true));
      Dataset ds = gdal.Open(out, gdalconstConstants.GA_ReadOnly);
      try {
        Band band = ds.GetRasterBand(1);
        assertThat(band.GetOverviewCount(), is(2));
        int[] factors = {4, 8};
        for (int i = 0; i < 2; i++) {
          int f = factors[i];
          int offset = singlePass ? f / 2 : 0;
          Band ov = band.GetOverview(i);
          assertThat(ov.getXSize(), is(SIZE / f));
          assertThat(ov.getYSize(), is(SIZE / f));
          byte[] got = new byte[ov.getXSize() * ov.getYSize()];
          ov.ReadRaster(0, 0, ov.getXSize(), ov.getYSize(), gdalconstConstants.GDT_Byte, got);
          int w = ov.getXSize();
          int mismatches = 0;
          for (int r = 0; r < ov.getYSize(); r++) {
            for (int c = 0; c < w; c++) {
              long want = image.getLong(0, r * f + offset, c * f + offset);
              if ((got[r * w + c] & 0xFF) != want) {
                mismatches++;
              }
            }
          }
          assertThat("mismatching pixels in overview x" + f + " (single-pass " + singlePass + ")", mismatches,
              is(0));
        }
      } finally {
        ds.delete();
      }
    }
  }
}
