package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.Random;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.errors.ColorTableGenerationException;
import org.rios.gdal.GdalRuntime;
import org.rios.colortable.AutoColorTable;
import org.rios.testutil.Stderr;

/** genColorTable shapes and values, and the automatic colour table on thematic outputs. */
class ColorTableTest {
  @TempDir
  File dir;

  @Test
  void rainbowGoesRedGreenBlue() {
    int[][] t = AutoColorTable.genColorTable(10, "rainbow");
    assertThat(t.length, is(10));
    assertThat(t[0], is(new int[] {255, 0, 0, 255}));
    assertThat(t[1], is(new int[] {191, 63, 0, 255}));
    assertThat(t[4], is(new int[] {0, 255, 0, 255}));
    assertThat(t[5], is(new int[] {0, 255, 0, 255}));
    assertThat(t[7], is(new int[] {0, 127, 127, 255}));
    assertThat(t[9], is(new int[] {0, 0, 255, 255}));
    int[][] odd = AutoColorTable.genColorTable(3, "rainbow");
    assertThat(odd[0], is(new int[] {255, 0, 0, 255}));
    assertThat(odd[1], is(new int[] {0, 255, 0, 255}));
    assertThat(odd[2], is(new int[] {0, 0, 255, 255}));
  }

  @Test
  void grayAndRandom() {
    int[][] g = AutoColorTable.genColorTable(3, "gray");
    assertThat(g[0], is(new int[] {0, 0, 0, 255}));
    assertThat(g[1], is(new int[] {127, 127, 127, 255}));
    assertThat(g[2], is(new int[] {255, 255, 255, 255}));
    assertThat(AutoColorTable.genColorTable(1, "gray")[0], is(new int[] {0, 0, 0, 255}));
    // numpy's mgrid[0:255:26j].astype(uint8) and mgrid[255:0:26j]: the last step falls just short of 255
    // (254.99999999999997) and truncates to 254; it used to be pinned to 255
    int[] up26 = {0, 10, 20, 30, 40, 51, 61, 71, 81, 91, 102, 112, 122, 132, 142, 153, 163, 173, 183, 193, 204, 214,
        224, 234, 244, 254};
    int[] down26 = {255, 244, 234, 224, 214, 204, 193, 183, 173, 163, 153, 142, 132, 122, 112, 102, 91, 81, 71, 61,
        51, 40, 30, 20, 10, 0};
    int[][] g26 = AutoColorTable.genColorTable(26, "gray");
    int[][] rainbow52 = AutoColorTable.genColorTable(52, "rainbow");
    for (int i = 0; i < 26; i++) {
      assertThat(g26[i], is(new int[] {up26[i], up26[i], up26[i], 255}));
      assertThat(rainbow52[i], is(new int[] {down26[i], up26[i], 0, 255}));
      assertThat(rainbow52[26 + i], is(new int[] {0, down26[i], up26[i], 255}));
    }
    assertThat(AutoColorTable.genColorTable(52, "gray")[51][0], is(255));
    int[][] r = AutoColorTable.genColorTable(500, "random", new Random(1));
    assertThat(r.length, is(500));
    boolean varied = false;
    for (int[] row : r) {
      assertThat(row.length, is(4));
      assertThat(row[3], is(255));
      for (int c = 0; c < 3; c++) {
        assertThat(row[c] >= 0 && row[c] <= 255, is(true));
      }
      varied |= row[0] != r[0][0];
    }
    assertThat(varied, is(true));
    assertThat(AutoColorTable.genColorTable(0, "gray").length, is(0));
  }

  @Test
  void unknownTypeRaises() {
    assertThrows(ColorTableGenerationException.class, () -> AutoColorTable.genColorTable(5, "viridis"));
    assertThrows(ColorTableGenerationException.class, () -> AutoColorTable.genColorTable(-1, "gray"));
  }

  @Test
  void autoColorTableOnlyFillsNewColumns() {
    GdalRuntime.ensureLoaded();
    String path = new File(dir, "them.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(path, 10, 10, 2, DataType.UINT8.gdalCode());
    ds.GetRasterBand(1).SetMetadataItem("LAYER_TYPE", "thematic");
    ds.GetRasterBand(1).SetStatistics(0, 4, 2, 1);
    ds.GetRasterBand(2).SetStatistics(0, 9, 2, 1); // athematic band: left alone
    ds.delete();

    applyAuto(path, "gray");
    int[][] expected = AutoColorTable.genColorTable(5, "gray");
    assertThat(readColours(path, 1), is(expected));
    assertThat(readColours(path, 2) == null, is(true));

    applyAuto(path, "rainbow"); // all four columns exist now: nothing is rewritten
    assertThat(readColours(path, 1), is(expected));
  }

  @Test
  void aThematicBandWithAHugeMaximumGetsNoAutomaticTableAndAWarning() {
    GdalRuntime.ensureLoaded();
    String path = new File(dir, "segments.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(path, 10, 10, 1, DataType.UINT32.gdalCode());
    ds.GetRasterBand(1).SetMetadataItem("LAYER_TYPE", "thematic");
    ds.GetRasterBand(1).SetStatistics(0, 3e9, 2, 1);
    ds.delete();
    Stderr.Captured run = Stderr.capture(() -> {
      applyAuto(path, "random");
      return 0;
    });
    assertThat(run.text(), containsString("no automatic colour table on band 1 of " + path));
    assertThat(readColours(path, 1) == null, is(true));
  }

  private static void applyAuto(String path, String type) {
    Dataset upd = gdal.Open(path, gdalconstConstants.GA_Update);
    try {
      AutoColorTable.apply(upd, type);
    } finally {
      upd.delete();
    }
  }

  /** The Red/Green/Blue/Alpha columns of a band's RAT as rows, or null without a RAT. */
  private static int[][] readColours(String path, int b) {
    Dataset ds = gdal.Open(path, gdalconstConstants.GA_ReadOnly);
    try {
      Band band = ds.GetRasterBand(b);
      RasterAttributeTable rat = band.GetDefaultRAT();
      if (rat == null) {
        return null;
      }
      int[] usages = {gdalconstConstants.GFU_Red, gdalconstConstants.GFU_Green, gdalconstConstants.GFU_Blue,
          gdalconstConstants.GFU_Alpha};
      int[][] out = new int[rat.GetRowCount()][4];
      for (int c = 0; c < 4; c++) {
        int col = rat.GetColOfUsage(usages[c]);
        assertThat(rat.GetTypeOfCol(col), is(gdalconstConstants.GFT_Integer));
        for (int r = 0; r < out.length; r++) {
          out[r][c] = rat.GetValueAsInt(r, col);
        }
      }
      return out;
    } finally {
      ds.delete();
    }
  }
}
