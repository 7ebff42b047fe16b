package org.rios.rat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.rios.errors.AttributeTableTypeException;
import org.rios.gdal.GdalRuntime;

/** RatColumn conversions and the GDAL codes behind the type and usage enums. */
class RatColumnTest {
  @Test
  void conversionsBetweenTypes() {
    RatColumn reals = RatColumn.ofDoubles(1.9, -1.9, 510);
    assertThat(reals.toIntArray(), is(new int[] {1, -1, 510}));
    assertThat(reals.toStringArray(), is(new String[] {"1.9", "-1.9", "510.0"}));
    assertThat(RatColumn.ofInts(5, 6).toStringArray(), is(new String[] {"5", "6"}));
    assertThat(RatColumn.ofStrings(" 7", "8").toIntArray(), is(new int[] {7, 8}));
    assertThat(RatColumn.ofStrings("2.5").toDoubleArray(), is(new double[] {2.5}));
    assertThrows(AttributeTableTypeException.class, () -> RatColumn.ofStrings("x").toIntArray());
    assertThat(RatColumn.of(new Integer[] {1, 2}, RatColumnType.STRING), is(RatColumn.ofStrings("1", "2")));
    // reals written into a text column become GDAL's text of them ("%.16g"), as when RIOS writes a float
    // array into one: they were Python's repr ("510.0", "0.30000000000000004")
    assertThat(RatColumn.of(new double[] {510.0, 0.1 + 0.2, 1e20, -2.5e-7, Double.NaN}, RatColumnType.STRING),
        is(RatColumn.ofStrings("510", "0.3", "1e+20", "-2.5e-07", "nan")));
    assertThat(RatColumn.of(new Object[] {510.0, 7}, RatColumnType.STRING), is(RatColumn.ofStrings("510", "7")));
    assertThat(RatColumn.of(new Object[0], RatColumnType.REAL).length(), is(0));
    assertThat(RatColumn.ofInts(1, 2, 3, 4).slice(1, 3), is(RatColumn.ofInts(2, 3)));
  }

  @Test
  void factoriesCopy() {
    int[] v = {1, 2};
    RatColumn c = RatColumn.ofInts(v);
    v[0] = 99;
    assertThat(c.getInt(0), is(1));
    c.toIntArray()[1] = 99;
    assertThat(c.getInt(1), is(2));
  }

  @Test
  void enumCodesMatchGdal() {
    GdalRuntime.ensureLoaded();
    assertThat(RatColumnType.INTEGER.gdalCode(), is(gdalconstConstants.GFT_Integer));
    assertThat(RatColumnType.REAL.gdalCode(), is(gdalconstConstants.GFT_Real));
    assertThat(RatColumnType.STRING.gdalCode(), is(gdalconstConstants.GFT_String));
    assertThat(RatColumnUsage.GENERIC.gdalCode(), is(gdalconstConstants.GFU_Generic));
    assertThat(RatColumnUsage.PIXEL_COUNT.gdalCode(), is(gdalconstConstants.GFU_PixelCount));
    assertThat(RatColumnUsage.NAME.gdalCode(), is(gdalconstConstants.GFU_Name));
    assertThat(RatColumnUsage.MIN_MAX.gdalCode(), is(gdalconstConstants.GFU_MinMax));
    assertThat(RatColumnUsage.RED.gdalCode(), is(gdalconstConstants.GFU_Red));
    assertThat(RatColumnUsage.ALPHA.gdalCode(), is(gdalconstConstants.GFU_Alpha));
    assertThat(RatColumnUsage.RED_MIN.gdalCode(), is(gdalconstConstants.GFU_RedMin));
    assertThat(RatColumnUsage.ALPHA_MAX.gdalCode(), is(gdalconstConstants.GFU_AlphaMax));
    assertThat(RatColumnUsage.values().length, is(gdalconstConstants.GFU_MaxCount));
    assertThat(RatColumnUsage.BLUE.isColor(), is(true));
    assertThat(RatColumnUsage.BLUE_MIN.isColor(), is(false));
  }
}
