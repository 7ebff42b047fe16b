package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/**
 * RIOS testlayerselection: a 5-band Byte image whose band i is the ramp plus (i - 1); selecting layers [2, 4]
 * reads exactly those bands, so the float64 total over all blocks is the sum of bands 2 and 4. Also checks the
 * order of the selection is kept.
 */
class LayerSelectionTest {
  @TempDir File tmp;
  private String img;
  private RasterArray ramp;

  @BeforeEach
  void file() {
    ramp = TestRasters.ramp(TestRasters.STD_ROWS, TestRasters.STD_COLS, false);
    RasterArray data = RasterArray.create(DataType.UINT8, 5, ramp.rows(), ramp.cols());
    for (int b = 0; b < 5; b++) {
      for (int r = 0; r < ramp.rows(); r++) {
        for (int c = 0; c < ramp.cols(); c++) {
          data.setLong(b, r, c, ramp.getLong(0, r, c) + b);
        }
      }
    }
    img = TestRasters.write(new File(tmp, "fiveband.img"), "HFA", data, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null, "COMPRESSED=YES");
  }

  @Test
  void selectedBandsAreSummed() {
    double[] total = {0};
    List<Integer> bandCounts = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("img");
      bandCounts.add(a.bands());
      for (int i = 0; i < a.size(); i++) {
        total[0] += a.getDoubleAt(i);
      }
    }, new FilenameAssociations().put("img", img), new FilenameAssociations(),
        AvgTest.quiet(tmp).selectInputImageLayers(List.of(2, 4), "img"));

    double rampSum = 0;
    for (int i = 0; i < ramp.size(); i++) {
      rampSum += ramp.getDoubleAt(i);
    }
    double expected = (rampSum + 1.0 * ramp.size()) + (rampSum + 3.0 * ramp.size());
    assertThat(total[0], is(expected));
    assertThat(bandCounts, is(List.of(2, 2, 2, 2)));
  }

  @Test
  void selectionOrderIsKept() {
    List<long[]> firstPixels = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("img");
      if (info.isFirstBlock()) {
        firstPixels.add(new long[] {a.getLong(0, 10, 20), a.getLong(1, 10, 20), a.getLong(2, 10, 20)});
      }
    }, new FilenameAssociations().put("img", img), new FilenameAssociations(),
        AvgTest.quiet(tmp).selectInputImageLayers(List.of(5, 1, 3)));
    long base = ramp.getLong(0, 10, 20);
    assertThat(firstPixels.get(0), is(new long[] {base + 4, base, base + 2}));
  }
}
