package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/**
 * RIOS testresample: ramp B is shifted 9 m right and 19 m down, so it is not on A's grid. With A (given by
 * filename) as the reference and nearest-neighbour resampling, B is snapped onto A's grid about 1 pixel right
 * and 2 pixels down, the intersection is 498 rows x 499 cols, and every output pixel is the mean of
 * A[2:, 1:] and A[:-2, :-1].
 */
class ResampleTest {
  @TempDir File tmp;

  @Test
  void misalignedInputIsResampledOntoReferenceGrid() {
    String a = TestRasters.rampFile(new File(tmp, "ramp1.img"));
    String b = TestRasters.rampFile(new File(tmp, "ramp2.img"), false, TestRasters.STD_XLEFT + 9,
        TestRasters.STD_YTOP - 19, null, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String out = new File(tmp, "avg.img").getPath();

    ApplierControls controls = AvgTest.quiet(tmp).setReferenceImage(a).setResampleMethod("near");
    ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> {
      RasterArray ia = inputs.get("a");
      RasterArray ib = inputs.get("b");
      RasterArray mean = RasterArray.create(DataType.FLOAT32, 1, ia.rows(), ia.cols());
      for (int i = 0; i < mean.size(); i++) {
        mean.setDoubleAt(i, (ia.getDoubleAt(i) + ib.getDoubleAt(i)) / 2.0);
      }
      outputs.put("avg", mean.astype(DataType.UINT8));
    }, new FilenameAssociations().put("a", a).put("b", b), new FilenameAssociations().put("avg", out), controls);

    RasterArray result = TestRasters.read(out);
    assertThat(result.rows(), is(498));
    assertThat(result.cols(), is(499));
    assertThat(rtn.workingGrid().xMin(), is(TestRasters.STD_XLEFT + 10));
    assertThat(rtn.workingGrid().yMax(), is(TestRasters.STD_YTOP - 20));

    RasterArray ramp = TestRasters.read(a);
    int mismatches = 0;
    for (int r = 0; r < 498; r++) {
      for (int c = 0; c < 499; c++) {
        double va = ramp.getDouble(0, r + 2, c + 1); // A[2:, 1:]
        double vb = ramp.getDouble(0, r, c);         // A[:-2, :-1]: B's nearest pixel
        long expected = (long) (float) ((va + vb) / 2.0);
        if (result.getLong(0, r, c) != expected) {
          mismatches++;
        }
      }
    }
    assertThat(mismatches, is(0));
  }
}
