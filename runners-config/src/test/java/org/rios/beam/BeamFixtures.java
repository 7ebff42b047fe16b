package org.rios.beam;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rios.applier.ApplierControls;
import org.rios.applier.UserFunction;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.progress.SilentProgress;
import org.rios.testutil.StatsAssertions;
import org.rios.testutil.TestRasters;

/** Shared inputs, user functions and controls of the Beam tests. */
final class BeamFixtures {
  private BeamFixtures() {}

  static String ramp(File dir, String name, boolean reverse) {
    return TestRasters.rampFile(new File(dir, name), reverse, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
  }

  /** 100 x 100 blocks: 25 blocks of the standard 500 x 500 rasters. */
  static ApplierControls controls(File tmp, ConcurrencyStyle style) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100)
        .setConcurrencyStyle(style);
  }

  static ConcurrencyStyle beam(int compute, int read, Boolean computeWorkersRead) {
    return ConcurrencyStyle.builder().computeWorkerKind(ComputeWorkerKind.CW_BEAM).numComputeWorkers(compute)
        .numReadWorkers(read).computeWorkersRead(computeWorkersRead).build();
  }

  /** RIOS testavg: the mean of the files of the list input "imgs", as uint8. */
  static final UserFunction AVG = org.rios.testutil.TestFunctions.AVG;

  /** Two inputs a, b to two outputs: their sum (uint16) and their difference (float32). */
  static final UserFunction SUM_DIFF = (info, inputs, outputs) -> {
    RasterArray a = inputs.get("a");
    RasterArray b = inputs.get("b");
    RasterArray sum = RasterArray.create(DataType.UINT16, 1, a.rows(), a.cols());
    RasterArray diff = RasterArray.create(DataType.FLOAT32, 1, a.rows(), a.cols());
    for (int i = 0; i < a.size(); i++) {
      sum.setDoubleAt(i, a.getDoubleAt(i) + b.getDoubleAt(i));
      diff.setDoubleAt(i, a.getDoubleAt(i) - b.getDoubleAt(i) * 0.5);
    }
    outputs.put("sum", sum);
    outputs.put("diff", diff);
  };

  /** Accumulates the pixel sum and count of input "img" into otherArgs. */
  static final UserFunctionWithArgs<OtherInputs> SUM_COUNT = org.rios.testutil.TestFunctions.SUM_COUNT;

  /** Every STATISTICS_* item of band {@code b}. */
  static Map<String, String> statistics(String path, int b) {
    Map<String, String> out = new TreeMap<>();
    StatsAssertions.metadata(path, b).forEach((k, v) -> {
      if (k.startsWith("STATISTICS_")) {
        out.put(k, v);
      }
    });
    return out;
  }
}
