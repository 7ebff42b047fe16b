package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.grid.PixelGrid;
import org.rios.testutil.TestRasters;

/**
 * RIOS testsetinputnull: two identical Byte images (top half 0, bottom half 100, no NoData) reprojected with
 * cubic onto an EPSG:3577 grid. img1 has no null, so cubic smears values between 0 and 100 along the boundary;
 * img2 gets setInputNoDataValue(0), so its zeros are null in the warp and no smeared value appears.
 */
class SetInputNullTest {
  @TempDir File tmp;

  @Test
  void inputNullStopsCubicSmearing() {
    RasterArray data = RasterArray.create(DataType.UINT8, 1, 500, 500);
    for (int r = 250; r < 500; r++) {
      for (int c = 0; c < 500; c++) {
        data.setLong(0, r, c, 100);
      }
    }
    String wkt = TestRasters.wkt(TestRasters.STD_EPSG);
    String img1 = TestRasters.write(new File(tmp, "img1.img"), "HFA", data, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, wkt, null);
    String img2 = TestRasters.write(new File(tmp, "img2.img"), "HFA", data, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, wkt, null);
    PixelGrid g1 = PixelGrid.fromFile(img1);
    PixelGrid ref = new PixelGrid(TestRasters.wkt(3577), g1.geoTransform(), g1.nrows(), g1.ncols());

    long[] smeared = new long[2];
    long[] hundreds = new long[2];
    List<Double> nulls1 = new ArrayList<>();
    List<Double> nulls2 = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a1 = inputs.get("img1");
      RasterArray a2 = inputs.get("img2");
      nulls1.add(info.getNoDataValueFor(a1));
      nulls2.add(info.getNoDataValueFor(a2));
      RasterArray[] both = {a1, a2};
      for (int k = 0; k < 2; k++) {
        for (int i = 0; i < both[k].size(); i++) {
          long v = both[k].getLongAt(i);
          if (v != 0 && v != 100) {
            smeared[k]++;
          }
          if (v == 100) {
            hundreds[k]++;
          }
        }
      }
    }, new FilenameAssociations().put("img1", img1).put("img2", img2), new FilenameAssociations(),
        AvgTest.quiet(tmp).setReferencePixgrid(ref).setResampleMethod("cubic").setInputNoDataValue(0.0, "img2"));

    assertThat(smeared[0], greaterThan(0L));
    assertThat(smeared[1], is(0L));
    assertThat(hundreds[1], greaterThan(0L));
    assertThat(nulls1.get(0), is(nullValue()));
    assertThat(nulls2.get(0), is(0.0));
  }
}
