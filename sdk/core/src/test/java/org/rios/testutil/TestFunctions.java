package org.rios.testutil;

import java.util.List;
import org.rios.applier.OtherInputs;
import org.rios.applier.UserFunction;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/** User functions shared by the tests of every driver, so each driver is checked against the same code. */
public final class TestFunctions {
  private TestFunctions() {}

  /** RIOS testavg: the mean of the two files of the list input "imgs", as uint8, into output "avg". */
  public static final UserFunction AVG = (info, inputs, outputs) -> {
    List<RasterArray> imgs = inputs.getList("imgs");
    RasterArray sum = RasterArray.create(DataType.UINT8, 1, imgs.get(0).rows(), imgs.get(0).cols());
    for (int i = 0; i < sum.size(); i++) {
      sum.setDoubleAt(i, (float) ((imgs.get(0).getDoubleAt(i) + imgs.get(1).getDoubleAt(i)) / 2));
    }
    outputs.put("avg", sum);
  };

  /** Accumulates the pixel sum and count of input "img" into otherArgs "sum" and "count". */
  public static final UserFunctionWithArgs<OtherInputs> SUM_COUNT = (info, inputs, outputs, o) -> {
    RasterArray x = inputs.get("img");
    double s = 0;
    for (int i = 0; i < x.size(); i++) {
      s += x.getDoubleAt(i);
    }
    o.put("sum", o.getDouble("sum") + s);
    o.put("count", o.getLong("count") + x.size());
  };
}
