package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.RasterArray;
import org.rios.grid.GridRegions;
import org.rios.grid.PixelGrid;
import org.rios.testutil.TestRasters;

/**
 * RIOS testfilesforextent: ramp1 at the origin, ramp2 100 pixels right, ramp3 100 pixels down, all three
 * inputs, no reference. The working grid's top-left and size follow the INTERSECTION of all inputs, or of the
 * files given to setFilesForExtent instead.
 */
class FilesForExtentTest {
  private static final double PIX = TestRasters.STD_PIX;
  private static final double X0 = TestRasters.STD_XLEFT;
  private static final double Y0 = TestRasters.STD_YTOP;

  @TempDir File tmp;
  private String r1;
  private String r2;
  private String r3;

  @BeforeEach
  void files() {
    r1 = TestRasters.rampFile(new File(tmp, "ramp1.img"));
    r2 = TestRasters.rampFile(new File(tmp, "ramp2.img"), false, X0 + 100 * PIX, Y0, null, 500, 500);
    r3 = TestRasters.rampFile(new File(tmp, "ramp3.img"), false, X0, Y0 - 100 * PIX, null, 500, 500);
  }

  /** {xMin, yMax, ncols, nrows} as the user function saw them in the first block. */
  private double[] seen(List<String> filesForExtent, List<RasterArray> firstBlockRamp2) {
    double[][] out = new double[1][];
    ApplierControls c = AvgTest.quiet(tmp);
    if (filesForExtent != null) {
      c.setFilesForExtent(filesForExtent);
    }
    Applier.apply((info, inputs, outputs) -> {
      if (info.isFirstBlock()) {
        double[] t = info.getTransform();
        out[0] = new double[] {t[0], t[3], info.getTotalSize().x(), info.getTotalSize().y()};
        firstBlockRamp2.add(inputs.get("r2"));
      }
    }, new FilenameAssociations().put("r1", r1).put("r2", r2).put("r3", r3), new FilenameAssociations(), c);
    return out[0];
  }

  private static double[] expected(List<String> files) {
    List<PixelGrid> grids = new ArrayList<>();
    for (String f : files) {
      grids.add(PixelGrid.fromFile(f));
    }
    PixelGrid g = GridRegions.findCommonRegion(grids, grids.get(0), false);
    return new double[] {g.xMin(), g.yMax(), g.ncols(), g.nrows()};
  }

  @Test
  void allInputs() {
    double[] s = seen(null, new ArrayList<>());
    assertThat(s, is(expected(List.of(r1, r2, r3))));
    assertThat(s, is(new double[] {X0 + 1000, Y0 - 1000, 400, 400}));
  }

  @Test
  void firstTwoFiles() {
    double[] s = seen(List.of(r1, r2), new ArrayList<>());
    assertThat(s, is(expected(List.of(r1, r2))));
    assertThat(s, is(new double[] {X0 + 1000, Y0, 400, 500}));
  }

  @Test
  void firstFileOnlyLeavesOtherInputsPartlyFilled() {
    List<RasterArray> block = new ArrayList<>();
    double[] s = seen(List.of(r1), block);
    assertThat(s, is(expected(List.of(r1))));
    assertThat(s, is(new double[] {X0, Y0, 500, 500}));

    // ramp2 starts 100 columns into the grid: its first block is 0 (no null) left of that, ramp2 after it.
    RasterArray a = block.get(0);
    RasterArray ramp = TestRasters.ramp(500, 500, false);
    int mismatches = 0;
    for (int r = 0; r < a.rows(); r++) {
      for (int c = 0; c < a.cols(); c++) {
        long expected = c < 100 ? 0 : ramp.getLong(0, r, c - 100);
        if (a.getLong(0, r, c) != expected) {
          mismatches++;
        }
      }
    }
    assertThat(a.rows(), is(256));
    assertThat(a.cols(), is(256));
    assertThat(mismatches, is(0));
  }
}
