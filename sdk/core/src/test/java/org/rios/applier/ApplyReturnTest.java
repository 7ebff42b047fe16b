package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/**
 * RIOS testapplyreturn, sequential case: a 100 x 100 window splits the standard ramp into 25 blocks; otherArgs
 * accumulates the sum and count of the pixels, and sum / count over the returned otherArgs list equals the
 * exact mean of the ramp. Without compute workers the list holds the caller's own object.
 */
class ApplyReturnTest {
  @TempDir File tmp;

  @Test
  void otherArgsAccumulateTheExactMean() {
    String img = TestRasters.rampFile(new File(tmp, "ramp.img"));
    OtherInputs acc = new OtherInputs().put("sum", 0L).put("count", 0L);

    ApplierReturn<OtherInputs> rtn = Applier.apply((info, inputs, outputs, args) -> {
      RasterArray a = inputs.get("img");
      long s = 0;
      for (int i = 0; i < a.size(); i++) {
        s += a.getLongAt(i);
      }
      args.put("sum", args.getLong("sum") + s);
      args.put("count", args.getLong("count") + a.size());
    }, new FilenameAssociations().put("img", img), new FilenameAssociations(), acc,
        AvgTest.quiet(tmp).setWindowSize(100, 100));

    RasterArray ramp = TestRasters.ramp(TestRasters.STD_ROWS, TestRasters.STD_COLS, false);
    long expectedSum = 0;
    for (int i = 0; i < ramp.size(); i++) {
      expectedSum += ramp.getLongAt(i);
    }
    double exactMean = (double) expectedSum / ramp.size();

    long sum = 0;
    long count = 0;
    for (OtherInputs o : rtn.otherArgsList()) {
      sum += o.getLong("sum");
      count += o.getLong("count");
    }
    assertThat(count, is((long) ramp.size()));
    assertThat((double) sum / count, is(exactMean));
    assertThat(rtn.otherArgsList().size(), is(1));
    assertThat(rtn.otherArgsList().get(0), is(sameInstance(acc)));
    assertThat(rtn.timings().getDurationsForName("userfunction").size(), is(25));
    assertThat(rtn.timings().getDurationsForName("walltime").size(), is(1));
    assertThat(rtn.workingGrid().ncols(), is(500));
  }
}
