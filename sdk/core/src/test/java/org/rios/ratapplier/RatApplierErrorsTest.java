package org.rios.ratapplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.AttributeTableTypeException;
import org.rios.errors.FileOpenException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.errors.RatBlockLengthException;
import org.rios.errors.RatMismatchException;
import org.rios.errors.UserFunctionException;
import org.rios.rat.Rat;
import org.rios.rat.RatColumnUsage;
import org.rios.testutil.ImmutableDirectory;
import org.rios.testutil.RatTestImages;
import org.rios.testutil.TestRasters;

/** Bad inputs to the RAT applier give the library's typed errors, naming what is at fault. */
class RatApplierErrorsTest {
  @TempDir File tmp;

  private RatAssociations rats(String name, String file) {
    return new RatAssociations().put(name, new RatHandle(file));
  }

  @Test
  void unknownInputColumn() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    AttributeTableColumnException e = assertThrows(AttributeTableColumnException.class,
        () -> RatApplier.apply((info, in, out) -> in.get("in").getColumn("Nope"), rats("in", img), null));
    assertThat(e.getMessage(), containsString("Nope"));
    assertThat(e.getMessage(), containsString("in.img"));
  }

  @Test
  void uninferableAndUnconvertibleOutputTypes() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "types.img"));
    AttributeTableTypeException e = assertThrows(AttributeTableTypeException.class,
        () -> RatApplier.apply((info, in, out) -> out.get("out").setColumn("odd", new Object[] {new Object()}),
            rats("in", img), rats("out", img)));
    assertThat(e.getMessage(), containsString("odd"));
    Rat.writeColumn(img, "ints", new int[] {1});
    assertThrows(AttributeTableTypeException.class,
        () -> RatApplier.apply((info, in, out) -> out.get("out").setColumn("ints", new String[] {"x"}),
            rats("in", img), rats("out", img)));
  }

  /** On HFA a new PixelCount column goes into the existing "Histogram" (a second one corrupted the file). */
  @Test
  void aSecondPixelCountColumnGoesIntoHfasHistogramAndTheFileStaysReadable() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "hist.img"));
    double[] counts = new double[Rat.getRowCount(img)];
    Arrays.setAll(counts, r -> r % 5);
    RatApplier.apply((info, in, out) -> {
      out.get("out").setUsage("counts", RatColumnUsage.PIXEL_COUNT);
      out.get("out").setColumn("counts", Arrays.copyOfRange(counts, info.getStartRow(),
          info.getStartRow() + info.getBlockLen()));
    }, rats("in", img), rats("out", img));
    assertThat(Rat.getColumnNames(img), is(List.of("Histogram", "Value")));
    assertThat(Rat.readRealColumn(img, "Histogram"), is(counts));
  }

  @Test
  void aFixedTotalSizeTooBigForMemoryIsATypedErrorNotANativeAbort() {
    // 2^31 rows of a String and a Real column take 80 GB: on a machine with more, GDAL would really allocate
    long physical = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    org.junit.jupiter.api.Assumptions.assumeTrue(physical < 64L << 30, "needs a machine with less than 64 GB");
    // a GTiff's table lives in memory until the file closes: GDAL would abort the JVM on this resize
    String tif = TestRasters.write(new File(tmp, "big.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1, 4, 4),
        0, 4, 1, TestRasters.wkt(TestRasters.STD_EPSG), null);
    RatApplierControls c = new RatApplierControls()
        .setOutputRowCountHandling(RowCountMethod.RCM_FIXED, Integer.MAX_VALUE, null).setRowCount(10);
    AttributeTableColumnException e = assertThrows(AttributeTableColumnException.class,
        () -> RatApplier.apply((info, in, out) -> {
          String[] names = new String[info.getBlockLen()];
          Arrays.fill(names, "class");
          out.get("out").setColumn("name", names);
          out.get("out").setColumn("area", new double[info.getBlockLen()]);
        }, new RatAssociations(), rats("out", tif), c));
    assertThat(e.getMessage(), allOf(containsString("big.tif"), containsString(Integer.toString(Integer.MAX_VALUE)),
        containsString("MB")));
  }

  @Test
  void aValueThatDoesNotConvertNamesTheColumnTableAndRows() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "conv.img"));
    String[] labels = new String[Rat.getRowCount(img)];
    Arrays.fill(labels, "3");
    labels[12] = "many";
    Rat.writeColumn(img, "label", labels);
    AttributeTableTypeException e = assertThrows(AttributeTableTypeException.class,
        () -> RatApplier.apply((info, in, out) -> in.get("in").getInts("label"), rats("in", img), null,
            new RatApplierControls().setBlockLength(10)));
    assertThat(e.getMessage(), allOf(containsString("'label'"), containsString("conv.img"),
        containsString("rows from 10"), containsString("Row 2 holds text 'many'")));
  }

  @Test
  void nullOrEmptyColumnNamesAreRefusedAlike() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "names.img"));
    for (String bad : new String[] {null, ""}) {
      AttributeTableColumnException set = assertThrows(AttributeTableColumnException.class,
          () -> RatApplier.apply((info, in, out) -> out.get("out").setColumn(bad, new int[info.getBlockLen()]),
              rats("in", img), rats("out", img)));
      assertThat(set.getMessage(), containsString("setColumn on RAT 'out'"));
      assertThrows(AttributeTableColumnException.class,
          () -> RatApplier.apply((info, in, out) -> in.get("in").getColumn(bad), rats("in", img), null));
    }
  }

  /** Two outputs on one table each cut it back to their own rows at the end: rows were lost. */
  @Test
  void twoOutputsOnOneTableAreRefused() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "two.img"));
    RatAssociations outs = new RatAssociations().put("a", new RatHandle(img)).put("b", new RatHandle(img));
    ParameterException e = assertThrows(ParameterException.class,
        () -> RatApplier.apply((info, in, out) -> {
          out.get("a").setColumn("x", new int[info.getBlockLen()]);
          out.get("b").setColumn("y", new int[info.getBlockLen() / 2]);
        }, rats("in", img), outs));
    assertThat(e.getMessage(), allOf(containsString("'a'"), containsString("'b'"), containsString("two.img")));
    assertThat(Rat.getColumnNames(img), is(List.of("Histogram", "Value")));
  }

  @Test
  void anInputWithoutATableRunsNoBlockAndSaysSo() {
    String plain = TestRasters.write(new File(tmp, "plain.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1, 2, 2),
        0, 0, 1, TestRasters.wkt(28355), null);
    org.rios.testutil.WarningsKept kept = new org.rios.testutil.WarningsKept();
    List<String> warnings = kept.warnings;
    int[] calls = {0};
    RatApplier.apply((info, in, out) -> calls[0]++, rats("classes", plain), null,
        new RatApplierControls().setProgress(kept));
    assertThat(calls[0], is(0));
    // RIOS runs nothing here without a word; the file and its missing table are named
    assertThat(warnings.toString(), allOf(containsString("classes (" + plain + " layer 1): 0"),
        containsString("a band without a raster attribute table has none")));
  }

  @Test
  void inputsWithDifferentRowCounts() {
    String a = RatTestImages.thematicImageWithRat(new File(tmp, "a.img"));
    String b = TestRasters.write(new File(tmp, "b.tif"), "GTiff", RasterArray.create(DataType.UINT16, 1, 2, 2), 0,
        0, 1, TestRasters.wkt(28355), null);
    Rat.writeColumn(b, "Value", new double[] {1, 2, 3});
    RatMismatchException e = assertThrows(RatMismatchException.class,
        () -> RatApplier.apply((info, in, out) -> { }, new RatAssociations().put("a", new RatHandle(a))
            .put("b", new RatHandle(b)), null));
    assertThat(e.getMessage(), containsString("a (" + a + " layer 1): 256"));
    assertThat(e.getMessage(), containsString("b (" + b + " layer 1): 3"));
  }

  @Test
  void raggedColumnsInOneBlock() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "ragged.img"));
    RatBlockLengthException e = assertThrows(RatBlockLengthException.class,
        () -> RatApplier.apply((info, in, out) -> {
          out.get("out").setColumn("a", new int[info.getBlockLen()]);
          out.get("out").setColumn("b", new int[info.getBlockLen() - 1]);
        }, rats("in", img), rats("out", img), new RatApplierControls().setBlockLength(10)));
    assertThat(e.getMessage(), containsString("a=10, b=9"));
  }

  /** A GTiff's table goes into an .aux.xml beside it; where that cannot be written GDAL only warned. */
  @Test
  void aTableThatCannotBeSavedBesideAGtiffIsAnError() throws Exception {
    File dir = new File(tmp, "locked");
    assertThat(dir.mkdir(), is(true));
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    String out = TestRasters.write(new File(dir, "out.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1, 4, 4),
        0, 0, 10, TestRasters.wkt(28355), null);
    try (ImmutableDirectory locked = ImmutableDirectory.lock(dir)) {
      OutputWriteException e = assertThrows(OutputWriteException.class,
          () -> RatApplier.apply((info, in, o) -> o.get("out").setColumn("a", new int[info.getBlockLen()]),
              rats("in", img), rats("out", out)));
      assertThat(e.getMessage(), allOf(containsString(out), containsString("did not reach the file")));
    }
  }

  @Test
  void badLayerNumbers() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "layer.img"));
    GdalLayerNumberException e = assertThrows(GdalLayerNumberException.class,
        () -> RatApplier.apply((info, in, out) -> { }, new RatAssociations().put("in", new RatHandle(img, 3)),
            null));
    assertThat(e.getMessage(), containsString("layer.img"));
    assertThrows(ParameterException.class, () -> new RatHandle(img, 0));
  }

  @Test
  void missingFilesAndRowCount() {
    assertThrows(FileOpenException.class, () -> RatApplier.apply((info, in, out) -> { },
        rats("in", new File(tmp, "none.img").getPath()), null));
    assertThrows(ParameterException.class, () -> RatApplier.apply((info, in, out) -> { }, null, null));
  }

  @Test
  void userFunctionErrorsAndInputWrites() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "fn.img"));
    UserFunctionException e = assertThrows(UserFunctionException.class,
        () -> RatApplier.apply((info, in, out) -> {
          throw new IOException("boom");
        }, rats("in", img), null));
    assertThat(e.getCause(), instanceOf(IOException.class));
    assertThrows(ParameterException.class,
        () -> RatApplier.apply((info, in, out) -> in.get("in").setColumn("x", new int[1]), rats("in", img), null));
    assertThrows(ParameterException.class,
        () -> RatApplier.apply((info, in, out) -> in.get("other"), rats("in", img), null));
    // nothing was added by the failed runs
    assertThat(Rat.getColumnNames(img), is(List.of("Histogram", "Value")));
  }

  @Test
  void rowCountBeyondTheInput() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "short.img"));
    assertThrows(RatMismatchException.class,
        () -> RatApplier.apply((info, in, out) -> in.get("in").getColumn("Value"), rats("in", img), null,
            new RatApplierControls().setRowCount(300)));
  }
}
