package org.rios.colortable;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.Arrays;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.ColorTableException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.gdal.GdalRuntime;

/** GDAL colour tables as {value, R, G, B, A} arrays (RIOS's rat.getColorTable / setColorTable). */
class GdalColorTablesTest {
  @TempDir
  File dir;

  /** RIOS testcolortable: a 4-entry table on the standard thematic file reads back unchanged. */
  @Test
  void testcolortable() {
    String fn = ColorTestFiles.thematicZeros(new File(dir, "thematic.img"));
    int[][] table = {
        {0, 0, 0, 0, 0},
        {1, 255, 0, 0, 0},
        {2, 0, 255, 0, 0},
        {3, 0, 0, 255, 0}};
    GdalColorTables.setColorTable(fn, table, 1);
    int[][] back = GdalColorTables.getColorTable(fn, 1);
    assertThat(Arrays.copyOf(back, 4), is(table));
    assertThat(back.length, is(256)); // Byte band: an entry for every value
    assertThat(back[200], is(new int[] {200, 0, 0, 0, 0}));
  }

  @Test
  void fourColumnTableUsesRowIndexAsValue() {
    String fn = ColorTestFiles.thematicZeros(new File(dir, "four.img"));
    int[][] table = {{10, 20, 30, 255}, {40, 50, 60, 128}, {70, 80, 90, 1}};
    GdalColorTables.setColorTable(fn, table);
    int[][] back = GdalColorTables.getColorTable(fn);
    assertThat(back[0], is(new int[] {0, 10, 20, 30, 255}));
    assertThat(back[1], is(new int[] {1, 40, 50, 60, 128}));
    assertThat(back[2], is(new int[] {2, 70, 80, 90, 1}));
    assertThat(back[3], is(new int[] {3, 0, 0, 0, 0}));
  }

  @Test
  void sparseValuesOnUInt16BandFillZerosUpToMax() {
    GdalRuntime.ensureLoaded();
    Dataset ds = gdal.GetDriverByName("MEM").Create("", 8, 8, 1, DataType.UINT16.gdalCode());
    int[][] table = {{0, 1, 2, 3, 255}, {5, 50, 60, 70, 255}, {300, 9, 8, 7, 6}};
    GdalColorTables.setColorTable(ds, table, 1);
    int[][] back = GdalColorTables.getColorTable(ds, 1);
    ds.delete();
    assertThat(back.length, is(301));
    assertThat(back[0], is(table[0]));
    assertThat(back[4], is(new int[] {4, 0, 0, 0, 0}));
    assertThat(back[5], is(table[1]));
    assertThat(back[300], is(table[2]));
  }

  @Test
  void aValueTooLargeForAGdalTableIsRefusedBeforeAllocating() {
    String fn = ColorTestFiles.thematic(new File(dir, "i32.img"), "HFA", RasterArray.create(DataType.INT32, 1, 4, 4));
    // Integer.MAX_VALUE + 1 entries overflowed to a negative array size; 2^24 + 1 would take half a gigabyte
    for (int value : new int[] {Integer.MAX_VALUE, 1 << 24}) {
      ColorTableException e = assertThrows(ColorTableException.class,
          () -> GdalColorTables.setColorTable(fn, new int[][] {{value, 1, 2, 3, 255}}, 1));
      assertThat(e.getMessage(), allOf(containsString("i32.img"), containsString("at most 16777216")));
    }
  }

  @Test
  void badShapesRaise() {
    String fn = ColorTestFiles.thematicZeros(new File(dir, "shape.img"));
    assertThrows(ArrayShapeException.class, () -> GdalColorTables.setColorTable(fn, new int[][] {{1, 2, 3}}));
    assertThrows(ArrayShapeException.class,
        () -> GdalColorTables.setColorTable(fn, new int[][] {{0, 1, 2, 3, 4, 5}}));
    assertThrows(ArrayShapeException.class,
        () -> GdalColorTables.setColorTable(fn, new int[][] {{0, 1, 2, 3, 4}, {1, 2, 3, 4}}));
    assertThrows(ArrayShapeException.class, () -> GdalColorTables.setColorTable(fn, new int[0][]));
    assertThrows(AttributeTableColumnException.class, () -> GdalColorTables.getColorTable(fn, 1));
  }

  @Test
  void badValuesAndBandsRaise() {
    String fn = ColorTestFiles.thematicZeros(new File(dir, "vals.img"));
    assertThrows(ColorTableException.class,
        () -> GdalColorTables.setColorTable(fn, new int[][] {{-1, 0, 0, 0, 0}}));
    assertThrows(ColorTableException.class,
        () -> GdalColorTables.setColorTable(fn, new int[][] {{256, 0, 0, 0, 0}})); // Byte band
    assertThrows(ColorTableException.class,
        () -> GdalColorTables.setColorTable(fn, new int[][] {{0, 0, 300, 0, 0}}));
    assertThrows(GdalLayerNumberException.class,
        () -> GdalColorTables.setColorTable(fn, new int[][] {{0, 0, 0, 0, 0}}, 2));
    assertThrows(GdalLayerNumberException.class, () -> GdalColorTables.getColorTable(fn, 0));
  }
}
