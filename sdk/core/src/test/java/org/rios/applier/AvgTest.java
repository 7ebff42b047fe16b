package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/** RIOS testavg: the mean of a ramp and a reverse ramp given as a list input. */
class AvgTest {
  @TempDir File tmp;

  static ApplierControls quiet(File tmp) {
    return new ApplierControls().setProgress(new org.rios.progress.SilentProgress()).setTempdir(tmp.getPath());
  }

  @Test
  void meanOfListInputEqualsIndependentMean() {
    String a = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String b = TestRasters.rampFile(new File(tmp, "rev.img"), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP,
        null, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String out = new File(tmp, "avg.img").getPath();

    ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> {
      List<RasterArray> imgs = inputs.getList("imgs");
      RasterArray first = imgs.get(0);
      RasterArray sum = RasterArray.create(DataType.FLOAT32, 1, first.rows(), first.cols());
      for (RasterArray img : imgs) {
        for (int i = 0; i < img.size(); i++) {
          sum.setDoubleAt(i, sum.getDoubleAt(i) + img.getDoubleAt(i));
        }
      }
      for (int i = 0; i < sum.size(); i++) {
        sum.setDoubleAt(i, sum.getDoubleAt(i) / imgs.size());
      }
      outputs.put("avg", sum.astype(DataType.UINT8));
    }, new FilenameAssociations().put("imgs", List.of(a, b)), new FilenameAssociations().put("avg", out),
        quiet(tmp));

    RasterArray ra = TestRasters.read(a);
    RasterArray rb = TestRasters.read(b);
    RasterArray result = TestRasters.read(out);
    assertThat(result.rows(), is(500));
    assertThat(result.cols(), is(500));
    int mismatches = 0;
    for (int i = 0; i < result.size(); i++) {
      long expected = (long) (float) ((ra.getDoubleAt(i) + rb.getDoubleAt(i)) / 2.0);
      if (result.getLongAt(i) != expected) {
        mismatches++;
      }
    }
    assertThat(mismatches, is(0));
    assertThat(rtn.timings().getDurationsForName("userfunction").size(), is(4));
  }
}
