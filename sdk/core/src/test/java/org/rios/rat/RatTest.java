package org.rios.rat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.AttributeTableTypeException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.errors.OutputWriteException;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.testutil.ImmutableDirectory;
import org.rios.testutil.RatTestImages;
import org.rios.testutil.TestRasters;

/** RIOS testrat: columns of several types written to a thematic Byte HFA image and read back. */
class RatTest {
  @TempDir File tmp;

  private static int[] intValues() {
    int[] v = new int[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = i == 0 ? 500 : i + 10;
    }
    return v;
  }

  @Test
  void int32Float32AndStringColumnsRoundTrip() {
    String img = RatTestImages.thematicImage(new File(tmp, "rat.img"));
    int[] ints = intValues();
    float[] floats = new float[ints.length];
    String[] strings = new String[ints.length];
    for (int i = 0; i < ints.length; i++) {
      floats[i] = ints[i];
      strings[i] = Integer.toString(ints[i]);
    }
    Rat.writeColumn(img, "int32", ints);
    Rat.writeColumn(img, "float32", floats);
    Rat.writeColumn(img, "str", strings);

    assertThat(Rat.getColumnNames(img), is(List.of("int32", "float32", "str")));
    assertThat(Rat.getTypeOfColumn(img, "int32", 1), is(RatColumnType.INTEGER));
    assertThat(Rat.getTypeOfColumn(img, "float32", 1), is(RatColumnType.REAL));
    assertThat(Rat.getTypeOfColumn(img, "str", 1), is(RatColumnType.STRING));
    // a Byte band's table gets one row per possible pixel value
    assertThat(Rat.getRowCount(img), is(256));

    assertThat(Arrays.copyOf(Rat.readIntColumn(img, "int32"), 100), is(ints));
    double[] asDouble = Arrays.copyOf(Rat.readRealColumn(img, "float32"), 100);
    for (int i = 0; i < 100; i++) {
      assertThat(asDouble[i], is((double) floats[i]));
    }
    assertThat(Arrays.copyOf(Rat.readStringColumn(img, "str"), 100), is(strings));
    // cross-type reads convert
    assertThat(Rat.readColumn(img, "str").slice(0, 100).toIntArray(), is(ints));
    assertThat(Rat.readStringColumn(img, "float32")[0], is("500.0"));
  }

  @Test
  void hfaTableGrowsAfterAPartlyWrittenByteTable() {
    String img = RatTestImages.thematicImage(new File(tmp, "grow.img"));
    Rat.writeColumn(img, "first", intValues());          // 100 values in a 256-row table
    int[] more = new int[300];
    Arrays.setAll(more, i -> i * 2);
    Rat.writeColumn(img, "second", more);                // grows the table past 256
    assertThat(Rat.getRowCount(img), is(300));
    assertThat(Rat.readIntColumn(img, "second"), is(more));
    assertThat(Arrays.copyOf(Rat.readIntColumn(img, "first"), 100), is(intValues()));
    String[] names = {"a class name much longer than ten characters", "short", ""};
    Rat.writeColumn(img, "names", names);
    assertThat(Arrays.copyOf(Rat.readStringColumn(img, "names"), 3), is(names));
  }

  @Test
  void existingColumnKeepsItsTypeAndUsage() {
    String img = RatTestImages.thematicImage(new File(tmp, "keep.img"));
    Rat.writeColumn(img, "Area", new double[] {1.5, 2.5});
    Rat.writeColumn(img, "Area", new int[] {7, 8, 9});
    assertThat(Rat.getTypeOfColumn(img, "Area", 1), is(RatColumnType.REAL));
    assertThat(Rat.getUsageOfColumn(img, "Area"), is(RatColumnUsage.GENERIC));
    assertThat(Arrays.copyOf(Rat.readRealColumn(img, "Area"), 3), is(new double[] {7, 8, 9}));
  }

  @Test
  void hfaNamesSpecialColumnsAfterTheirUsage() {
    String img = RatTestImages.thematicImage(new File(tmp, "names.img"));
    Rat.writeColumn(img, "Count", new int[] {3, 4}, null, 1, RatColumnUsage.PIXEL_COUNT);
    assertThat(Rat.getColumnNames(img), is(List.of("Histogram")));
    assertThat(Rat.getUsageOfColumn(img, "Histogram"), is(RatColumnUsage.PIXEL_COUNT));
    assertThat(Arrays.copyOf(Rat.readIntColumn(img, "Histogram"), 2), is(new int[] {3, 4}));
  }

  /**
   * HFA stores a PixelCount column as "Histogram" whatever its name: a second one landed on the first and left
   * a file GDAL could no longer open. It now goes into the existing column, as HFA would store it, with a
   * warning; GTiff keeps both.
   */
  @Test
  void aSecondColumnOfASingularUsageGoesIntoHfasExistingOne() {
    String img = RatTestImages.thematicImage(new File(tmp, "twice.img"));
    Rat.writeColumn(img, "Count", new int[] {3, 4}, null, 1, RatColumnUsage.PIXEL_COUNT);
    org.rios.testutil.Stderr.Captured warned = org.rios.testutil.Stderr.capture(() -> {
      Rat.writeColumn(img, "Count2", new int[] {7, 8}, null, 1, RatColumnUsage.PIXEL_COUNT);
      return 0;
    });
    assertThat(warned.text(), allOf(containsString("'Count2'"), containsString("'Histogram'"),
        containsString("twice.img")));
    assertThat(Rat.getColumnNames(img), is(List.of("Histogram")));
    assertThat(Arrays.copyOf(Rat.readIntColumn(img, "Histogram"), 2), is(new int[] {7, 8}));
    // a Generic column of any name is still its own
    Rat.writeColumn(img, "Count2", new int[] {9, 9});
    assertThat(Rat.getColumnNames(img), is(List.of("Histogram", "Count2")));

    String tif = TestRasters.write(new File(tmp, "twice.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1, 4, 4),
        0, 4, 1, TestRasters.wkt(TestRasters.STD_EPSG), null);
    Rat.writeColumn(tif, "Count", new int[] {3, 4}, null, 1, RatColumnUsage.PIXEL_COUNT);
    Rat.writeColumn(tif, "Count2", new int[] {7, 8}, null, 1, RatColumnUsage.PIXEL_COUNT);
    assertThat(Rat.getColumnNames(tif), is(List.of("Count", "Count2")));
  }

  @Test
  void aColumnThatCannotBeSavedBesideAGtiffIsAnError() throws Exception {
    File dir = new File(tmp, "locked");
    assertThat(dir.mkdir(), is(true));
    String tif = TestRasters.write(new File(dir, "t.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1, 4, 4),
        0, 4, 1, TestRasters.wkt(TestRasters.STD_EPSG), null);
    try (ImmutableDirectory locked = ImmutableDirectory.lock(dir)) {
      OutputWriteException e = assertThrows(OutputWriteException.class,
          () -> Rat.writeColumn(tif, "area", new double[] {1, 2}));
      assertThat(e.getMessage(), allOf(containsString(tif), containsString("did not reach the file")));
    }
  }

  @Test
  void aValueThatDoesNotConvertNamesTheColumnFileAndRow() {
    String img = RatTestImages.thematicImage(new File(tmp, "conv.img"));
    Rat.writeColumn(img, "label", new String[] {"7", "seven"});
    AttributeTableTypeException e = assertThrows(AttributeTableTypeException.class,
        () -> Rat.readIntColumn(img, "label"));
    assertThat(e.getMessage(), allOf(containsString("'label'"), containsString("conv.img band 1"),
        containsString("Row 1 holds text 'seven'")));
    assertThrows(AttributeTableTypeException.class, () -> Rat.readRealColumn(img, "label"));
    AttributeTableColumnException unnamed = assertThrows(AttributeTableColumnException.class,
        () -> Rat.writeColumn(img, "", new int[] {1}));
    assertThat(unnamed.getMessage(), containsString("needs a column name"));
  }

  private static int[] levels() {
    int[] levels = new int[256];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = i;
    }
    return levels;
  }

  @Test
  void hfaColourColumnsRoundTrip0To255() {
    String img = RatTestImages.thematicImage(new File(tmp, "colour.img"));
    Rat.writeColumn(img, "Red", levels(), null, 1, RatColumnUsage.RED);
    assertThat(Rat.readIntColumn(img, "Red"), is(levels()));
    assertThat(Rat.getUsageOfColumn(img, "Red"), is(RatColumnUsage.RED));
  }

  @Test
  void gtiffColourColumnsAreIntegerAndRoundTrip() {
    String tif = org.rios.testutil.TestRasters.write(new File(tmp, "colour.tif"), "GTiff",
        org.rios.array.RasterArray.create(org.rios.array.DataType.UINT16, 1, 2, 2), 0, 0, 1,
        org.rios.testutil.TestRasters.wkt(28355), null);
    // GDAL 3.6 turns a Real colour column into an Integer one, so no 0..1 scaling applies here
    Rat.writeColumn(tif, "Red", levels(), RatColumnType.REAL, 1, RatColumnUsage.RED);
    assertThat(Rat.getTypeOfColumn(tif, "Red", 1), is(RatColumnType.INTEGER));
    assertThat(Rat.readIntColumn(tif, "Red"), is(levels()));
    assertThat(Rat.getUsageOfColumn(tif, "Red"), is(RatColumnUsage.RED));
  }

  @Test
  void realColourScalingRoundTrips() {
    RatColumn stored = Rat.colourToStored(RatColumn.ofInts(levels()));
    assertThat(stored.type(), is(RatColumnType.REAL));
    assertThat(stored.getDouble(51), is(51 / 255.0));
    assertThat(Rat.colourFromStored(stored).toIntArray(), is(levels()));
    assertThat(Rat.colourFromStored(RatColumn.ofDoubles(0, 0.5, 1)).toIntArray(), is(new int[] {0, 128, 255}));
  }

  @Test
  void nonByteGtiffBandGetsExactRowCountAndKeepsRatInAuxFile() {
    File f = new File(tmp, "u16.tif");
    org.rios.array.RasterArray a = org.rios.array.RasterArray.create(org.rios.array.DataType.UINT16, 1, 3, 3);
    String tif = org.rios.testutil.TestRasters.write(f, "GTiff", a, 0, 0, 1,
        org.rios.testutil.TestRasters.wkt(28355), null);
    Rat.writeColumn(tif, "Name", new String[] {"water", "forest", "urban"});
    // the second write goes through the band's existing (in-memory, PAM) table
    Rat.writeColumn(tif, "Code", List.of(10, 20, 30));
    assertThat(Rat.getRowCount(tif), is(3));
    assertThat(Rat.readStringColumn(tif, "Name"), is(new String[] {"water", "forest", "urban"}));
    assertThat(Rat.readIntColumn(tif, "Code"), is(new int[] {10, 20, 30}));
    assertThat(new File(tmp, "u16.tif.aux.xml").exists(), is(true));
  }

  @Test
  void missingColumnNamesColumnAndFile() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "missing.img"));
    AttributeTableColumnException e = assertThrows(AttributeTableColumnException.class,
        () -> Rat.readColumn(img, "NoSuchColumn"));
    assertThat(e.getMessage(), containsString("NoSuchColumn"));
    assertThat(e.getMessage(), containsString("missing.img"));
    assertThat(e.getMessage(), containsString("Value"));
    assertThrows(AttributeTableColumnException.class, () -> Rat.getUsageOfColumn(img, "NoSuchColumn"));
  }

  @Test
  void uninferableOrUnconvertibleValuesAreTypeErrors() {
    String img = RatTestImages.thematicImage(new File(tmp, "types.img"));
    AttributeTableTypeException e = assertThrows(AttributeTableTypeException.class,
        () -> Rat.writeColumn(img, "bad", new Object[] {new Object()}));
    assertThat(e.getMessage(), containsString("bad"));
    assertThrows(AttributeTableTypeException.class, () -> Rat.writeColumn(img, "bytes", new byte[] {1, 2}));
    assertThrows(AttributeTableTypeException.class,
        () -> Rat.writeColumn(img, "big", new long[] {1L << 40}));
    Rat.writeColumn(img, "ints", new int[] {1, 2});
    // a real value no int holds is refused, not cast to 0 or a clamped bound
    AttributeTableTypeException nan = assertThrows(AttributeTableTypeException.class,
        () -> Rat.writeColumn(img, "ints", new double[] {1, Double.NaN}));
    assertThat(nan.getMessage(), containsString("NaN"));
    assertThrows(AttributeTableTypeException.class, () -> Rat.writeColumn(img, "ints", new double[] {3e9}));
    assertThrows(AttributeTableTypeException.class, () -> Rat.writeColumn(img, "ints", new Object[] {3e9}));
    assertThat(RatColumn.ofDoubles(-2.7, 2147483647.5).toIntArray(), is(new int[] {-2, Integer.MAX_VALUE}));
    // counts beyond 32 bits go into a real column when asked for one, exactly (to 2^53)
    Rat.writeColumn(img, "counts", new long[] {3_000_000_000L, 1L << 40}, RatColumnType.REAL, 1,
        RatColumnUsage.GENERIC);
    assertThat(Rat.readColumn(img, "counts").getDouble(1), is((double) (1L << 40)));
    // untyped counts take the existing Real column's type; an existing Integer column still refuses them
    Rat.writeColumn(img, "counts", new long[] {5_000_000_000L, 7});
    assertThat(Rat.getTypeOfColumn(img, "counts", 1), is(RatColumnType.REAL));
    assertThat(Rat.readColumn(img, "counts").getDouble(0), is(5e9));
    AttributeTableTypeException big = assertThrows(AttributeTableTypeException.class,
        () -> Rat.writeColumn(img, "ints", new long[] {5_000_000_000L}));
    assertThat(big.getMessage(), containsString("5000000000"));
    assertThrows(AttributeTableTypeException.class,
        () -> Rat.writeColumn(img, "ints", new String[] {"one", "two"}));
    assertThat(Rat.getColumnNames(img), is(List.of("ints", "counts")));
  }

  @Test
  void inferColumnTypeFollowsJavaTypes() {
    assertThat(Rat.inferColumnType(new int[0]), is(RatColumnType.INTEGER));
    assertThat(Rat.inferColumnType(new long[] {3}), is(RatColumnType.INTEGER));
    assertThat(Rat.inferColumnType(new float[] {3}), is(RatColumnType.REAL));
    assertThat(Rat.inferColumnType(new Double[] {3.0}), is(RatColumnType.REAL));
    assertThat(Rat.inferColumnType(List.of("a")), is(RatColumnType.STRING));
    assertThat(Rat.inferColumnType(new Object[0]), is((RatColumnType) null));
    assertThat(Rat.inferColumnType(new byte[] {1}), is((RatColumnType) null));
    assertThat(Rat.inferColumnType("not an array"), is((RatColumnType) null));
  }

  @Test
  void badBandNumberIsLayerNumberError() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "layers.img"));
    GdalLayerNumberException e = assertThrows(GdalLayerNumberException.class,
        () -> Rat.readColumn(img, "Value", 2));
    assertThat(e.getMessage(), containsString("layers.img"));
  }

  @Test
  void aColumnNeedsAName() {
    String img = org.rios.testutil.RatTestImages.thematicImageWithRat(new File(tmp, "named.img"));
    org.rios.errors.AttributeTableColumnException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.AttributeTableColumnException.class, () -> Rat.writeColumn(img, null, new int[] {1}));
    org.hamcrest.MatcherAssert.assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("column name"));
  }
}
