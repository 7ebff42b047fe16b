package org.rios.colortable;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.ColorTableException;
import org.rios.errors.ColorTableMissingException;
import org.rios.errors.OutputWriteException;
import org.rios.testutil.ImmutableDirectory;

/** Colour tables through the RAT or the GDAL colour table (RIOS's colortable.getTable / setTable). */
class ColorTablesTest {
  @TempDir
  File dir;

  /** RIOS testratcolortable: a 1000-entry inferno table through the RAT reads back exactly. */
  @Test
  void testratcolortable() {
    String fn = ColorTestFiles.thematicUInt16(new File(dir, "thematic16.img"));
    assertThat(ColorTables.getRampNames().contains("inferno"), is(true));
    int[][] table = ColorTables.genTable(1000, "inferno", 0);
    ColorTables.setTable(fn, table, 1, false);
    int[][] back = ColorTables.getTable(fn, 1);
    assertThat(back, is(table));
    // the colour columns are found by usage; the table has one row per entry
    Dataset ds = gdal.Open(fn, gdalconstConstants.GA_ReadOnly);
    RasterAttributeTable rat = ds.GetRasterBand(1).GetDefaultRAT();
    assertThat(rat.GetRowCount(), is(1000));
    assertThat(rat.GetColOfUsage(gdalconstConstants.GFU_Red) >= 0, is(true));
    assertThat(rat.GetColOfUsage(gdalconstConstants.GFU_Alpha) >= 0, is(true));
    ds.delete();
  }

  @Test
  void ratRouteOnGeoTiffKeepsOtherColumnsAndOverwrites() {
    String fn = ColorTestFiles.thematic(new File(dir, "them.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1,
        10, 10));
    Dataset ds = gdal.Open(fn, gdalconstConstants.GA_Update);
    Band band = ds.GetRasterBand(1);
    RasterAttributeTable rat = new RasterAttributeTable();
    rat.CreateColumn("Name", gdalconstConstants.GFT_String, gdalconstConstants.GFU_Name);
    rat.SetRowCount(3);
    rat.SetValueAsString(2, 0, "water");
    band.SetDefaultRAT(rat);
    int[][] first = ColorTables.genTable(3, "viridis");
    ColorTables.setTable(ds, first);
    ds.delete();
    assertThat(ColorTables.getTable(fn), is(first));

    int[][] second = ColorTables.genTable(3, "Reds", 1);
    ColorTables.setTable(fn, second);
    assertThat(ColorTables.getTable(fn, 1), is(second));
    Dataset check = gdal.Open(fn, gdalconstConstants.GA_ReadOnly);
    RasterAttributeTable r = check.GetRasterBand(1).GetDefaultRAT();
    assertThat(r.GetColumnCount(), is(5));
    assertThat(r.GetValueAsString(2, 0), is("water"));
    check.delete();
  }

  @Test
  void colorTableApiRouteWritesAGdalColorTable() {
    String fn = ColorTestFiles.thematicZeros(new File(dir, "ct.img")); // HFA keeps alpha (GeoTIFF does not)
    int[][] table = ColorTables.genTable(256, "Spectral", 0);
    ColorTables.setTable(fn, table, 1, true);
    int[][] ct = GdalColorTables.getColorTable(fn, 1);
    assertThat(ct.length, is(256));
    for (int i = 0; i < 256; i++) {
      assertThat(ct[i], is(new int[] {i, table[0][i], table[1][i], table[2][i], table[3][i]}));
    }
  }

  @Test
  void colorTableApiRouteOnGeoTiffHasNoRatColumns() {
    String fn = ColorTestFiles.thematic(new File(dir, "ct.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1,
        10, 10));
    int[][] table = ColorTables.genTable(256, "magma");
    ColorTables.setTable(fn, table, 1, true);
    int[][] ct = GdalColorTables.getColorTable(fn, 1);
    assertThat(ct[100], is(new int[] {100, table[0][100], table[1][100], table[2][100], 255}));
    assertThrows(ColorTableMissingException.class, () -> ColorTables.getTable(fn, 1));
  }

  @Test
  void missingTablesRaise() {
    String fn = ColorTestFiles.thematic(new File(dir, "plain.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1,
        10, 10));
    assertThrows(ColorTableMissingException.class, () -> ColorTables.getTable(fn));
    Dataset ds = gdal.Open(fn, gdalconstConstants.GA_Update);
    RasterAttributeTable rat = new RasterAttributeTable();
    rat.CreateColumn("Red", gdalconstConstants.GFT_Integer, gdalconstConstants.GFU_Red);
    rat.CreateColumn("Green", gdalconstConstants.GFT_Integer, gdalconstConstants.GFU_Green);
    rat.CreateColumn("Blue", gdalconstConstants.GFT_Integer, gdalconstConstants.GFU_Blue);
    ds.GetRasterBand(1).SetDefaultRAT(rat);
    ds.delete();
    assertThrows(ColorTableMissingException.class, () -> ColorTables.getTable(fn)); // no rows
    Dataset upd = gdal.Open(fn, gdalconstConstants.GA_Update);
    rat.SetRowCount(2);
    upd.GetRasterBand(1).SetDefaultRAT(rat);
    upd.delete();
    assertThrows(ColorTableMissingException.class, () -> ColorTables.getTable(fn)); // no Alpha column
  }

  @Test
  void badTablesRaise() {
    String fn = ColorTestFiles.thematic(new File(dir, "bad.tif"), "GTiff", RasterArray.create(DataType.UINT8, 1,
        10, 10));
    assertThrows(ArrayShapeException.class, () -> ColorTables.setTable(fn, new int[3][5]));
    assertThrows(ArrayShapeException.class,
        () -> ColorTables.setTable(fn, new int[][] {new int[5], new int[5], new int[4], new int[5]}));
    assertThrows(ColorTableException.class,
        () -> ColorTables.setTable(fn, new int[][] {{256}, {0}, {0}, {0}}));
  }

  @Test
  void aGdalTableTheBandCannotHoldIsRefusedNamingTheBand() {
    // GTiff keeps colour tables on Byte and UInt16 bands only, and says so with an error code alone
    String f32 = thematic32(new File(dir, "f32.tif"));
    ColorTableException e = assertThrows(ColorTableException.class,
        () -> ColorTables.setTable(f32, ColorTables.genTable(10, "viridis"), 1, true));
    assertThat(e.getMessage(), allOf(containsString(f32),
        containsString("band 1"), containsString("Float32")));
    // a Byte band holds 256 entries: GDAL kept the first 256 of 1000 without a word
    String bytes = ColorTestFiles.thematic(new File(dir, "b.tif"), "GTiff",
        RasterArray.create(DataType.UINT8, 1, 10, 10));
    ColorTableException big = assertThrows(ColorTableException.class,
        () -> ColorTables.setTable(bytes, ColorTables.genTable(1000, "viridis"), 1, true));
    assertThat(big.getMessage(), containsString("at most 256"));
    ColorTables.setTable(bytes, ColorTables.genTable(256, "viridis"), 1, true);
    assertThat(GdalColorTables.getColorTable(bytes, 1).length, is(256));
  }

  @Test
  void aTableTooLargeToMakeIsRefused() {
    ColorTableException e = assertThrows(ColorTableException.class,
        () -> ColorTables.genTable(Integer.MAX_VALUE, "viridis"));
    assertThat(e.getMessage(), containsString(String.valueOf(Integer.MAX_VALUE)));
  }

  @Test
  void aRatTableThatCannotBeSavedBesideAGtiffIsAnError() throws Exception {
    File locked = new File(dir, "locked");
    assertThat(locked.mkdir(), is(true));
    String tif = ColorTestFiles.thematic(new File(locked, "t.tif"), "GTiff",
        RasterArray.create(DataType.UINT8, 1, 10, 10));
    try (ImmutableDirectory l = ImmutableDirectory.lock(locked)) {
      OutputWriteException e = assertThrows(OutputWriteException.class,
          () -> ColorTables.setTable(tif, ColorTables.genTable(5, "viridis"), 1, false));
      assertThat(e.getMessage(), allOf(containsString(tif), containsString("did not reach the file")));
    }
  }

  private static String thematic32(File file) {
    return ColorTestFiles.thematic(file, "GTiff", RasterArray.create(DataType.FLOAT32, 1, 10, 10));
  }
}
