package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.RasterArray;
import org.rios.io.BlockReader;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.testutil.TestRasters;
import org.rios.plan.WorkingPlanBuilder;

/**
 * GDAL datasets are opened once per input file per reader, on first use, and kept open: after the first
 * block is read the files are deleted from disk, and every later block still reads correctly through the
 * handles already open (a reader that reopened files would fail).
 */
class BlockReaderHandlesTest {
  @TempDir File tmp;

  @Test
  void eachFileIsOpenedOncePerReader() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String b = TestRasters.rampFile(new File(tmp, "b.img"), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("a", a).put("b", b),
        new FilenameAssociations(), AvgTest.quiet(tmp).setWindowSize(100, 100));
    RasterArray rampA = TestRasters.ramp(500, 500, false);
    RasterArray rampB = TestRasters.ramp(500, 500, true);
    List<InputSpec> inputs = plan.inputs();
    assertThat(plan.numBlocks(), is(25));

    try (BlockReader reader = new BlockReader(plan)) {
      assertThat(reader.openDatasetCount(), is(0));
      int mismatches = 0;
      for (BlockDefn block : plan.blocks()) {
        for (InputSpec spec : inputs) {
          RasterArray got = reader.read(spec, block);
          RasterArray whole = spec.name().equals("a") ? rampA : rampB;
          RasterArray expected = whole.subWindow(block.top(), block.left(), block.nrows(), block.ncols());
          if (!got.contentEquals(expected)) {
            mismatches++;
          }
        }
        if (block.index() == 0) {
          assertThat(reader.openDatasetCount(), is(2));
          assertThat(new File(a).delete(), is(true));
          assertThat(new File(b).delete(), is(true));
        }
      }
      assertThat(mismatches, is(0));
      assertThat(reader.openDatasetCount(), is(2));
    }
  }
}
