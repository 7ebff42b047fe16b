package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/**
 * RIOS testfootprint, through the applier: ramp A at the standard origin and ramp B shifted 100 pixels right
 * and down; the output (zeros shaped like A's block) covers exactly the intersection, the union, or A's own
 * extent (BOUNDS_FROM_REFERENCE with A as reference). removeSurrounding itself is tested in org.rios.grid.
 */
class FootprintTest {
  private static final double PIX = TestRasters.STD_PIX;
  private static final double X0 = TestRasters.STD_XLEFT;
  private static final double Y0 = TestRasters.STD_YTOP;

  @TempDir File tmp;
  private String a;
  private String b;

  @BeforeEach
  void files() {
    a = TestRasters.rampFile(new File(tmp, "rampA.img"));
    b = TestRasters.rampFile(new File(tmp, "rampB.img"), false, X0 + 100 * PIX, Y0 - 100 * PIX, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
  }

  private double[] runWith(Footprint footprint, String outName) {
    String out = new File(tmp, outName).getPath();
    ApplierControls c = AvgTest.quiet(tmp).setFootprintType(footprint);
    if (footprint == Footprint.BOUNDS_FROM_REFERENCE) {
      c.setReferenceImage("a");
    }
    Applier.apply((info, inputs, outputs) -> {
      RasterArray ia = inputs.get("a");
      outputs.put("out", RasterArray.create(ia.dataType(), ia.bands(), ia.rows(), ia.cols()));
    }, new FilenameAssociations().put("a", a).put("b", b), new FilenameAssociations().put("out", out), c);
    return TestRasters.extent(out);
  }

  @Test
  void intersection() {
    assertThat(runWith(Footprint.INTERSECTION, "inter.img"),
        is(new double[] {X0 + 1000, X0 + 5000, Y0 - 5000, Y0 - 1000}));
  }

  @Test
  void union() {
    assertThat(runWith(Footprint.UNION, "union.img"),
        is(new double[] {X0, X0 + 6000, Y0 - 6000, Y0}));
  }

  @Test
  void boundsFromReference() {
    assertThat(runWith(Footprint.BOUNDS_FROM_REFERENCE, "ref.img"), is(TestRasters.extent(a)));
    assertThat(TestRasters.extent(a), is(new double[] {X0, X0 + 5000, Y0 - 5000, Y0}));
  }

  @Test
  void unionFillsOutsideEachFileWithZero() {
    // In the union, the part of the grid outside B reads as B's fill value (0: no null); inside, B's pixels.
    String out = new File(tmp, "bcopy.img").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("b")),
        new FilenameAssociations().put("a", a).put("b", b), new FilenameAssociations().put("out", out),
        AvgTest.quiet(tmp).setFootprintType(Footprint.UNION).setStatsIgnore(null));
    RasterArray result = TestRasters.read(out);
    RasterArray ramp = TestRasters.ramp(500, 500, false);
    int mismatches = 0;
    for (int r = 0; r < 600; r++) {
      for (int c = 0; c < 600; c++) {
        long expected = r >= 100 && c >= 100 ? ramp.getLong(0, r - 100, c - 100) : 0;
        if (result.getLong(0, r, c) != expected) {
          mismatches++;
        }
      }
    }
    assertThat(mismatches, is(0));
  }

  @Test
  void unionFillsOutsideAFileWithItsNull() {
    // With a null of 253 on B, the union area outside B reads as 253, and getNoDataValueFor reports it.
    String bNull = TestRasters.rampFile(new File(tmp, "rampBnull.img"), false, X0 + 100 * PIX, Y0 - 100 * PIX,
        253.0, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String out = new File(tmp, "bnullcopy.img").getPath();
    java.util.List<Double> nulls = new java.util.ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      nulls.add(info.getNoDataValueFor(inputs.get("b")));
      outputs.put("out", inputs.get("b"));
    }, new FilenameAssociations().put("a", a).put("b", bNull), new FilenameAssociations().put("out", out),
        AvgTest.quiet(tmp).setFootprintType(Footprint.UNION).setStatsIgnore(null).setWindowSize(128, 128));
    RasterArray result = TestRasters.read(out);
    RasterArray ramp = TestRasters.ramp(500, 500, false);
    int mismatches = 0;
    for (int r = 0; r < 600; r++) {
      for (int c = 0; c < 600; c++) {
        long expected = r >= 100 && c >= 100 ? ramp.getLong(0, r - 100, c - 100) : 253;
        if (result.getLong(0, r, c) != expected) {
          mismatches++;
        }
      }
    }
    assertThat(mismatches, is(0));
    assertThat(nulls.get(0), is(253.0));
    assertThat(nulls.size(), is(25));
  }

  /** Warnings given through the controls' progress. */
  private static final class Warnings implements org.rios.progress.Progress {
    final java.util.List<String> seen = new java.util.ArrayList<>();

    @Override public void setTotalSteps(int steps) {}
    @Override public void setProgress(int progress) {}
    @Override public void reset() {}
    @Override public void setLabelText(String text) {}

    @Override
    public void displayWarning(String message) {
      seen.add(message);
    }
  }

  /**
   * Two inputs far apart make a UNION grid of 10^8 pixels that are nearly all outside both (a global layer on
   * a fine grid made one of 10^12 and ran for hours without a word): planning warns, naming the footprint.
   * Next to each other, as in the RIOS test, it does not.
   */
  @Test
  void aUnionMostlyOutsideEveryInputIsWarnedAbout() {
    String far = TestRasters.rampFile(new File(tmp, "far.img"), false, X0 + 10_000 * PIX, Y0 - 10_000 * PIX, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String out = new File(tmp, "u.img").getPath();
    Warnings w = new Warnings();
    org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(
        new FilenameAssociations().put("a", a).put("far", far), new FilenameAssociations().put("out", out),
        AvgTest.quiet(tmp).setFootprintType(Footprint.UNION).setProgress(w));
    assertThat((double) plan.grid().nrows() * plan.grid().ncols() >= 1e8, is(true));
    assertThat(String.valueOf(w.seen), w.seen.size(), is(1));
    assertThat(w.seen.get(0), org.hamcrest.Matchers.allOf(
        org.hamcrest.Matchers.containsString("footprint UNION is " + plan.grid().ncols() + " x "
            + plan.grid().nrows()), org.hamcrest.Matchers.containsString("times the pixels of the inputs")));

    Warnings near = new Warnings();
    org.rios.plan.WorkingPlanBuilder.build(new FilenameAssociations().put("a", a).put("b", b),
        new FilenameAssociations().put("out", out), AvgTest.quiet(tmp).setFootprintType(Footprint.UNION)
            .setProgress(near));
    assertThat(String.valueOf(near.seen), near.seen.isEmpty(), is(true));
  }

  /**
   * A coarse global lat/long layer beside a UTM raster: on the UTM grid its extent is the whole union, so the
   * union is "covered", yet it has thousands of times the pixels of both inputs (the probe's case ran for
   * hours at 10 m; here a 300 m grid keeps the plan small). The warning names the global layer.
   */
  @Test
  void aUnionWithACoarseGlobalLayerIsWarnedAboutNamingIt() {
    String utm = TestRasters.write(new File(tmp, "utm.tif"), "GTiff",
        org.rios.array.RasterArray.create(org.rios.array.DataType.UINT8, 1, 100, 100), 500000, 7000000, 300,
        TestRasters.wkt(32755), null);
    String global = TestRasters.write(new File(tmp, "global.tif"), "GTiff",
        org.rios.array.RasterArray.create(org.rios.array.DataType.UINT8, 1, 170, 360), -180, 85, 1,
        TestRasters.wkt(4326), null);
    Warnings w = new Warnings();
    org.rios.plan.WorkingPlanBuilder.build(new FilenameAssociations().put("utm", utm).put("global", global),
        new FilenameAssociations().put("out", new File(tmp, "g.tif").getPath()),
        AvgTest.quiet(tmp).setFootprintType(Footprint.UNION).setReferenceImage("utm").setProgress(w));
    assertThat(String.valueOf(w.seen), w.seen.size(), is(1));
    assertThat(w.seen.get(0), org.hamcrest.Matchers.containsString("the widest on the grid is input 'global' ("
        + global + ")"));
  }
}
