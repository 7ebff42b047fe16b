package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ParameterException;
import org.rios.testutil.TestRasters;

/**
 * RIOS testreaderinfo. Part 1: on a 1000-row x 900-col row/col image (20 m pixels, origin (30000, 50000)) with
 * a 256 x 256 window, every block's info fields agree with the row and column numbers held in the pixels.
 * Part 2 (run sequentially here): getFilenameFor and getNoDataValueFor identify each input array, including
 * the arrays of a list entry, with nulls 253, 254 and 255.
 */
class ReaderInfoTest {
  private static final int ROWS = 1000;
  private static final int COLS = 900;
  private static final double PIX = 20;
  private static final double XLEFT = 30000;
  private static final double YTOP = 50000;
  private static final int WINDOW = 256;

  @TempDir File tmp;

  @Test
  void blockFieldsMatchRowColImage() {
    String img = TestRasters.rowColFile(new File(tmp, "rowcol.img"), ROWS, COLS, PIX, XLEFT, YTOP);
    List<String> errors = new ArrayList<>();
    List<int[]> seen = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("img");
      int row0 = (int) a.getLong(0, 0, 0);
      int col0 = (int) a.getLong(1, 0, 0);
      int lastRow = (int) a.getLong(0, a.rows() - 1, a.cols() - 1);
      int lastCol = (int) a.getLong(1, a.rows() - 1, a.cols() - 1);
      String where = "block at row " + row0 + " col " + col0 + ": ";
      seen.add(new int[] {row0, col0});
      check(errors, where + "xsize", info.getTotalSize().x(), COLS);
      check(errors, where + "ysize", info.getTotalSize().y(), ROWS);
      check(errors, where + "xtotalblocks", info.getTotalBlocks().x(), 4);
      check(errors, where + "ytotalblocks", info.getTotalBlocks().y(), 4);
      check(errors, where + "blockwidth", info.getBlockSize().x(), a.cols());
      check(errors, where + "blockheight", info.getBlockSize().y(), a.rows());
      check(errors, where + "xblock", info.getBlockCount().x(), col0 / WINDOW);
      check(errors, where + "yblock", info.getBlockCount().y(), row0 / WINDOW);
      check(errors, where + "blocktl.x", info.getBlockTopLeft().x(), XLEFT + col0 * PIX);
      check(errors, where + "blocktl.y", info.getBlockTopLeft().y(), YTOP - row0 * PIX);
      check(errors, where + "blockbr.x", info.getBlockBottomRight().x(), XLEFT + (lastCol + 1) * PIX);
      check(errors, where + "blockbr.y", info.getBlockBottomRight().y(), YTOP - (lastRow + 1) * PIX);
      check(errors, where + "window", info.getWindowSize(), new Size(WINDOW, WINDOW));
      check(errors, where + "first", info.isFirstBlock(), row0 == 0 && col0 == 0);
      check(errors, where + "last", info.isLastBlock(), row0 == 768 && col0 == 768);
    }, new FilenameAssociations().put("img", img), new FilenameAssociations(),
        AvgTest.quiet(tmp).setWindowSize(WINDOW, WINDOW));

    assertThat(errors, is(empty()));
    assertThat(seen.size(), is(16));
    // Row-major block order: top to bottom, left to right within a row of blocks.
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i)[0], is((i / 4) * WINDOW));
      assertThat(seen.get(i)[1], is((i % 4) * WINDOW));
    }
  }

  @Test
  void aWindowNearTwoToThe31IsOneBlockAndItsLast() {
    // the block count was (size + window - 1) / window in int: 0 for such a window, so isLastBlock() was never
    // true and getPercent() divided by zero
    String img = TestRasters.rowColFile(new File(tmp, "rowcol.img"), ROWS, COLS, PIX, XLEFT, YTOP);
    List<String> errors = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      check(errors, "xtotalblocks", info.getTotalBlocks().x(), 1);
      check(errors, "ytotalblocks", info.getTotalBlocks().y(), 1);
      check(errors, "last", info.isLastBlock(), true);
      check(errors, "percent", info.getPercent(), 0);
    }, new FilenameAssociations().put("img", img), new FilenameAssociations(),
        AvgTest.quiet(tmp).setWindowSize(Integer.MAX_VALUE, Integer.MAX_VALUE));
    assertThat(errors, is(empty()));
  }

  @Test
  void filenameAndNullOfEachInputArray() {
    String f1 = TestRasters.rampFile(new File(tmp, "ramp253.img"), false, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, 253.0, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String f2 = TestRasters.rampFile(new File(tmp, "ramp254.img"), false, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, 254.0, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String f3 = TestRasters.rampFile(new File(tmp, "ramp255.img"), true, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, 255.0, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    List<String> errors = new ArrayList<>();
    int[] blocks = {0};
    Applier.apply((info, inputs, outputs) -> {
      blocks[0]++;
      RasterArray a1 = inputs.get("img1");
      List<RasterArray> list = inputs.getList("img2");
      check(errors, "filename img1", info.getFilenameFor(a1), f1);
      check(errors, "filename img2[0]", info.getFilenameFor(list.get(0)), f2);
      check(errors, "filename img2[1]", info.getFilenameFor(inputs.get("img2", 1)), f3);
      check(errors, "null img1", info.getNoDataValueFor(a1), 253.0);
      check(errors, "null img2[0]", info.getNoDataValueFor(list.get(0)), 254.0);
      check(errors, "null img2[1]", info.getNoDataValueFor(list.get(1), 1), 255.0);
      // Identity, not equality: an equal copy of an input array is not an input array.
      try {
        info.getFilenameFor(a1.copy());
        errors.add("getFilenameFor accepted a copy of an input array");
      } catch (ParameterException expected) {
        // as it should
      }
    }, new FilenameAssociations().put("img1", f1).put("img2", List.of(f2, f3)), new FilenameAssociations(),
        AvgTest.quiet(tmp).setWindowSize(200, 200));

    assertThat(errors, is(empty()));
    assertThat(blocks[0], is(9));
  }

  @Test
  void inputNoDataOverrideAndMissingNullAreReported() {
    String f1 = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String f2 = TestRasters.rampFile(new File(tmp, "ramp253.img"), false, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, 253.0, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    List<Object> nulls = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      if (info.isFirstBlock()) {
        nulls.add(info.getNoDataValueFor(inputs.get("plain")));
        nulls.add(info.getNoDataValueFor(inputs.get("overridden")));
        ParameterException e = assertThrows(ParameterException.class,
            () -> info.getNoDataValueFor(inputs.get("plain"), 2));
        nulls.add(e.getMessage());
      }
    }, new FilenameAssociations().put("plain", f1).put("overridden", f2), new FilenameAssociations(),
        AvgTest.quiet(tmp).setInputNoDataValue(7.0, "overridden"));

    assertThat(nulls.get(0), is(nullValue()));
    assertThat(nulls.get(1), is(7.0));
    assertThat((String) nulls.get(2), containsString("plain"));
  }

  @Test
  void noDataValueIsCastToTheArrayType() {
    RasterArray data = TestRasters.ramp(50, 50, false);
    // A UInt8 band with a null of 300 is impossible in GDAL, so override with -1 and expect the uint8 cast.
    String f = TestRasters.write(new File(tmp, "small.img"), "HFA", data, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    List<Double> got = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("img");
      assertThat(a.dataType(), is(DataType.UINT8));
      got.add(info.getNoDataValueFor(a));
    }, new FilenameAssociations().put("img", f), new FilenameAssociations(),
        AvgTest.quiet(tmp).setInputNoDataValue(-1.0, "img"));
    assertThat(got, is(List.of(255.0)));
  }

  private static void check(List<String> errors, String what, Object actual, Object expected) {
    if (!expected.equals(actual)) {
      errors.add(what + ": expected " + expected + " but got " + actual);
    }
  }

  /**
   * A 64-bit integer input whose null is its type's largest value (INT64_MAX, UINT64_MAX), which GDAL's Java
   * binding hands over as a double one beyond the type (2^63, 2^64): getNoDataValueFor equals the value of a
   * null pixel, and the fill outside the file (a union with a larger input) is that value. The null used to
   * wrap round to the other end of the range (INT64_MIN, 0).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"Int64, 9223372036854775807", "UInt64, 18446744073709551615"})
  void aSixtyFourBitNullAtTheTypesEndIsExact(String type, String nodata) {
    org.rios.gdal.GdalRuntime.ensureLoaded();
    String src = TestRasters.write(new File(tmp, "src-" + type + ".tif"), "GTiff",
        RasterArray.create(DataType.INT64, 1, 10, 10).fill(7), TestRasters.STD_XLEFT, TestRasters.STD_YTOP, 10,
        TestRasters.wkt(TestRasters.STD_EPSG), null);
    String f = new File(tmp, "null-" + type + ".tif").getPath();
    org.gdal.gdal.gdal.Translate(f, org.gdal.gdal.gdal.Open(src), new org.gdal.gdal.TranslateOptions(
        new java.util.Vector<>(List.of("-ot", type, "-a_nodata", nodata)))).delete();
    org.gdal.gdal.Dataset ds = org.gdal.gdal.gdal.Open(f, org.gdal.gdalconst.gdalconstConstants.GA_Update);
    RasterArray px = RasterArray.create(DataType.valueOf(type.toUpperCase()), 1, 1, 1);
    px.setLong(0, 0, 0, -1L >>> (type.equals("Int64") ? 1 : 0));   // the largest value: pixel (0, 0) is null
    org.rios.gdal.RasterIO.write(ds, 0, 0, px);
    ds.delete();
    String big = TestRasters.rampFile(new File(tmp, "big-" + type + ".img"), false, TestRasters.STD_XLEFT - 10,
        TestRasters.STD_YTOP + 10, null, 12, 12);
    long[] got = new long[2];
    boolean[] equal = new boolean[1];
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("a");
      got[0] = a.longs()[a.cols() + 1];   // file pixel (0, 0), one row and column into the union
      got[1] = a.longs()[0];              // outside the file
      equal[0] = info.getNoDataValueFor(a, 1) == a.getDouble(0, 1, 1);
    }, new FilenameAssociations().put("a", f).put("b", big), new FilenameAssociations(),
        new ApplierControls().setProgress(new org.rios.progress.SilentProgress()).setTempdir(tmp.getPath())
            .setFootprintType(Footprint.UNION));
    long expected = -1L >>> (type.equals("Int64") ? 1 : 0);
    assertThat(got[0], is(expected));
    assertThat("fill outside the file", got[1], is(expected));
    assertThat("getNoDataValueFor equals a null pixel's value", equal[0], is(true));
  }

  /**
   * getPercent, the progress shown and getPixColRow as RIOS computes them: getPercent in floating point
   * (block 29 of 100 is 28%, 0.29 * 100 being 28.999999999999996), the progress rounded half to even as
   * Python's round (1 of 8 blocks is 12%, not 13%), and a block's pixel (x, y) at the block's position times the
   * window size plus (x, y).
   */
  @Test
  void percentProgressAndPixelPositionsAsRios() {
    String in = TestRasters.rampFile(new File(tmp, "pct.img"));
    List<Integer> percents = new ArrayList<>();
    List<int[]> firstPixels = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      percents.add(info.getPercent());
      firstPixels.add(info.getPixColRow(3, 4));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations(),
        new ApplierControls().setProgress(new org.rios.progress.SilentProgress()).setWindowSize(50, 50));
    assertThat(percents.size(), is(100));
    assertThat(percents.subList(28, 31), is(List.of(28, 28, 30)));
    assertThat(percents.subList(56, 60), is(List.of(56, 56, 57, 59)));
    assertThat(firstPixels.get(13), is(new int[] {3 * 50 + 3, 1 * 50 + 4}));

    List<Integer> shown = new ArrayList<>();
    org.rios.progress.Progress recording = new org.rios.progress.Progress() {
      @Override public void setTotalSteps(int steps) {}
      @Override public void setProgress(int progress) {
        shown.add(progress);
      }
      @Override public void reset() {}
      @Override public void setLabelText(String text) {}
    };
    Applier.apply((info, inputs, outputs) -> { }, new FilenameAssociations().put("img", in),
        new FilenameAssociations(), new ApplierControls().setProgress(recording).setWindowSize(250, 125));
    assertThat(shown.stream().filter(p -> p > 0 && p < 100).toList(), is(List.of(12, 25, 38, 50, 62, 75, 88)));
  }
}
