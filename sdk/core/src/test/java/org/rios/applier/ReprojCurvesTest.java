package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.List;
import java.util.Vector;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.WarpOptions;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/**
 * RIOS testreprojcurves: a lat/long image (lon 112..154, lat -15..-10, 0.1 degree) of 50s with a circle of
 * 100s touching its top edge, warped by GDAL to EPSG:3577 at 10 km with target-aligned pixels. Copying the
 * image through the applier with the GDAL result as reference must keep every 100 pixel: the working grid
 * comes from the densified (curved) outline, so the bulging top edge is not clipped.
 */
class ReprojCurvesTest {
  @TempDir File tmp;

  @Test
  void curvedTopEdgeIsNotClipped() {
    int rows = 50;
    int cols = 420;
    RasterArray data = RasterArray.create(DataType.UINT8, 1, rows, cols).fill(50);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double dr = r + 0.5 - 25;
        double dc = c + 0.5 - 210;
        if (dr * dr + dc * dc <= 25 * 25) {
          data.setLong(0, r, c, 100);
        }
      }
    }
    String in = TestRasters.write(new File(tmp, "latlong.img"), "HFA", data, 112, -10, 0.1, TestRasters.wkt(4326),
        null);
    String gdalOut = new File(tmp, "gdal_3577.img").getPath();
    Vector<String> opts = new Vector<>(List.of("-of", "HFA", "-t_srs", "EPSG:3577", "-tr", "10000", "10000",
        "-tap", "-r", "near"));
    Dataset src = gdal.Open(in, gdalconstConstants.GA_ReadOnly);
    gdal.Warp(gdalOut, new Dataset[] {src}, new WarpOptions(opts)).delete();
    src.delete();

    String riosOut = new File(tmp, "rios_3577.img").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", riosOut),
        AvgTest.quiet(tmp).setReferenceImage(gdalOut).setResampleMethod("near"));

    int gdalCount = TestRasters.count(TestRasters.read(gdalOut), 0, 100);
    int riosCount = TestRasters.count(TestRasters.read(riosOut), 0, 100);
    assertThat(gdalCount, greaterThan(0));
    assertThat(riosCount, is(gdalCount));
  }
}
