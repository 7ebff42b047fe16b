package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/**
 * RIOS testoverlap: with an overlap of 2, a 5 x 5 maximum filter applied block by block (margins included)
 * gives exactly the 5 x 5 maximum filter of the whole image, edges included (the zero fill beyond the image
 * cannot win a maximum of non-negative values, so it matches a reflecting filter). Also run on the reversed
 * ramp, whose maxima lie towards the left edge, so the left-hand margins are exercised too.
 */
class OverlapTest {
  private static final int SIZE = 5;
  private static final int HALF = SIZE / 2;

  @TempDir File tmp;

  /** 5 x 5 maximum of every band over the window clipped to the array. */
  static RasterArray maxFilter(RasterArray a) {
    RasterArray out = RasterArray.create(a.dataType(), a.bands(), a.rows(), a.cols());
    for (int b = 0; b < a.bands(); b++) {
      for (int r = 0; r < a.rows(); r++) {
        for (int c = 0; c < a.cols(); c++) {
          long max = Long.MIN_VALUE;
          for (int rr = Math.max(0, r - HALF); rr <= Math.min(a.rows() - 1, r + HALF); rr++) {
            for (int cc = Math.max(0, c - HALF); cc <= Math.min(a.cols() - 1, c + HALF); cc++) {
              max = Math.max(max, a.getLong(b, rr, cc));
            }
          }
          out.setLong(b, r, c, max);
        }
      }
    }
    return out;
  }

  private int mismatches(boolean reverse, int window) {
    String in = TestRasters.rampFile(new File(tmp, "ramp" + reverse + ".img"), reverse, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, null, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String out = new File(tmp, "max" + reverse + window + ".img").getPath();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("img");
      if (a.rows() != info.getBlockSize().y() + 2 * HALF || a.cols() != info.getBlockSize().x() + 2 * HALF) {
        throw new AssertionError("input block " + a.shapeString() + " lacks the overlap margin");
      }
      outputs.put("out", maxFilter(a));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        AvgTest.quiet(tmp).setOverlap(HALF).setWindowSize(window, window));

    RasterArray direct = maxFilter(TestRasters.read(in));
    RasterArray result = TestRasters.read(out);
    assertThat(result.rows(), is(TestRasters.STD_ROWS));
    assertThat(result.cols(), is(TestRasters.STD_COLS));
    int n = 0;
    for (int i = 0; i < direct.size(); i++) {
      if (direct.getLongAt(i) != result.getLongAt(i)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void maxFilterThroughApplierEqualsWholeImageFilter() {
    assertThat(mismatches(false, 256), is(0));
  }

  @Test
  void reversedRampWithSmallWindows() {
    assertThat(mismatches(true, 64), is(0));
  }
}
