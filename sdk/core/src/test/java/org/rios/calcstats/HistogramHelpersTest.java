package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.math.BigDecimal;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.SinglePassActionsException;
import org.rios.errors.ThematicException;
import org.rios.gdal.GdalRuntime;
import org.rios.fileinfo.ImageLayerStats;

/** HistogramParams table, re-binning, exact counters and Python-style number formatting. */
class HistogramHelpersTest {
  @Test
  void countsAbove32BitsRebuildAnIntegerPixelCountColumnAsARealOne(@TempDir File tmp) {
    GdalRuntime.ensureLoaded();
    String path = new File(tmp, "thematic.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(path, 4, 4, 1,
        gdalconstConstants.GDT_Byte);
    RasterAttributeTable rat = new RasterAttributeTable();
    rat.CreateColumn("Histogram", gdalconstConstants.GFT_Integer, gdalconstConstants.GFU_PixelCount);
    rat.CreateColumn("Name", gdalconstConstants.GFT_String, gdalconstConstants.GFU_Name);
    rat.SetRowCount(2);
    rat.SetValueAsInt(0, 0, 7);
    rat.SetValueAsInt(1, 0, 9);
    rat.SetValueAsString(0, 1, "water");
    rat.SetValueAsString(1, 1, "land");
    ds.GetRasterBand(1).SetDefaultRAT(rat);
    rat.delete();
    HistogramParams p = HistogramParams.of(DataType.UINT8, true, 0, 1);
    StatisticsWriter.writeHistogram(ds, ds.GetRasterBand(1), new long[] {1, 3_000_000_000L}, p, DataType.UINT8,
        true);
    ds.delete();
    ds = gdal.Open(path);
    try {
      RasterAttributeTable back = ds.GetRasterBand(1).GetDefaultRAT();
      assertThat(back.GetNameOfCol(0), is("Histogram"));
      assertThat(back.GetTypeOfCol(0), is(gdalconstConstants.GFT_Real));
      assertThat(back.GetUsageOfCol(0), is(gdalconstConstants.GFU_PixelCount));
      assertThat(back.GetValueAsDouble(1, 0), is(3e9));
      assertThat(back.GetValueAsString(1, 1), is("land"));
      assertThat(new ImageLayerStats(ds.GetRasterBand(1)).histoCounts(),
          is(new long[] {1, 3_000_000_000L}));
    } finally {
      ds.delete();
    }
  }

  @Test
  void anIntegerPixelCountColumnFitsOnlyCountsOf32Bits() {
    GdalRuntime.ensureLoaded();
    long[] small = {1, 2, Integer.MAX_VALUE};
    long[] big = {1, 3_000_000_000L};
    RasterAttributeTable none = new RasterAttributeTable();
    RasterAttributeTable ints = new RasterAttributeTable();
    RasterAttributeTable reals = new RasterAttributeTable();
    try {
      ints.CreateColumn("Histogram", gdalconstConstants.GFT_Integer,
          gdalconstConstants.GFU_PixelCount);
      reals.CreateColumn("Histogram", gdalconstConstants.GFT_Real,
          gdalconstConstants.GFU_PixelCount);
      assertThat(StatisticsWriter.fitsPixelCountColumn(ints, small), is(true));
      assertThat("GDAL would wrap 3e9 into an integer column", StatisticsWriter.fitsPixelCountColumn(ints, big),
          is(false));
      assertThat(StatisticsWriter.fitsPixelCountColumn(reals, big), is(true));
      assertThat("a new column is a real one", StatisticsWriter.fitsPixelCountColumn(none, big), is(true));
    } finally {
      none.delete();
      ints.delete();
      reals.delete();
    }
  }


  @Test
  void thematicAndByteAreDirectFromZero() {
    HistogramParams p = HistogramParams.of(DataType.UINT8, false, 3, 100);
    assertThat(p.binFunction(), is("direct"));
    assertThat(p.minText(), is("0"));
    assertThat(p.maxText(), is("100"));
    assertThat(p.nbins(), is(101));
    assertThat(p.calcMin(), is(-0.5));
    assertThat(p.calcMax(), is(100.5));
    assertThat(p.step(), is(1.0));
    HistogramParams t = HistogramParams.of(DataType.UINT16, true, 10, 999.2);
    assertThat(t.maxText(), is("1000"));
    assertThat(t.nbins(), is(1001));
    assertThrows(ThematicException.class, () -> HistogramParams.of(DataType.INT16, true, -1, 5));
  }

  @Test
  void integerRangeUpTo256IsDirectAbove256Linear() {
    HistogramParams d = HistogramParams.of(DataType.INT16, false, -128, 127);
    assertThat(d.binFunction(), is("direct"));
    assertThat(d.nbins(), is(256));
    assertThat(d.minText(), is("-128"));
    assertThat(d.calcMin(), is(-128.5));
    assertThat(d.calcMax(), is(127.5));
    HistogramParams l = HistogramParams.of(DataType.INT16, false, -128, 128);
    assertThat(l.binFunction(), is("linear"));
    assertThat(l.nbins(), is(256));
    assertThat(l.calcMin(), is(-128.0));
    assertThat(l.calcMax(), is(128.0));
    assertThat(l.step(), is(1.0));
    HistogramParams big = HistogramParams.of(DataType.UINT64, false, BigDecimal.ZERO,
        new BigDecimal("18446744073709551615"));
    assertThat(big.maxText(), is("18446744073709551615"));
    assertThat(big.step(), is(Math.scalb(1.0, 56)));
  }

  @Test
  void floatsAreLinearWithOneBinWhenConstant() {
    HistogramParams f = HistogramParams.of(DataType.FLOAT32, false, 0.0, 100.0);
    assertThat(f.minText(), is("0.0"));
    assertThat(f.maxText(), is("100.0"));
    assertThat(f.nbins(), is(256));
    assertThat(f.step(), is(100.0 / 256));
    HistogramParams c = HistogramParams.of(DataType.FLOAT64, false, 5.0, 5.0);
    assertThat(c.nbins(), is(1));
    assertThat(c.calcMax(), is(5.5));
    assertThat(c.step(), is(0.5));
    assertThat(c.maxText(), is("5.0"));
  }

  @Test
  void linearHistFromDirectFollowsTheTruncatedEdges() {
    long[] counts = new long[301];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = 1;
    }
    long[] out = HistogramBinning.linearHistFromDirect(256, 300.0 / 256, counts);
    long total = 0;
    for (long c : out) {
      total += c;
    }
    assertThat(total, is(301L));
    // bin 0 gathers offsets [int(0), int(1.171875)) = {0}; bin 1 gathers [1, int(2.34375)) = {1}
    assertThat(out[0], is(1L));
    assertThat(out[1], is(1L));
    // bin 5 gathers [int(5.859375), int(7.03125)) = {5, 6}
    assertThat(out[5], is(2L));
    assertThat(out[255], is(3L)); // [int(298.83), int(300) + 1) = {298, 299, 300}
    assertThrows(SinglePassActionsException.class, () -> HistogramBinning.linearHistFromDirect(256, 1, new long[10]));
  }

  @Test
  void exactHistogramSwitchesFromDenseToSparseAndStaysExact() {
    BandAccumulator acc = new BandAccumulator(DataType.INT64, null, false, true);
    RasterArray a = RasterArray.create(DataType.INT64, 1, 1, 4);
    a.longs()[0] = 5;
    a.longs()[1] = 5;
    a.longs()[2] = 7;
    a.longs()[3] = 10;
    acc.addHistogram(a, 0);
    RasterArray far = RasterArray.create(DataType.INT64, 1, 1, 2);
    far.longs()[0] = Long.MIN_VALUE;
    far.longs()[1] = Long.MAX_VALUE;
    acc.addHistogram(far, 0);
    acc.addHistogram(a, 0);
    long[][] e = acc.histogramEntries();
    assertThat(e[0], is(new long[] {Long.MIN_VALUE, 5, 7, 10, Long.MAX_VALUE}));
    assertThat(e[1], is(new long[] {1, 4, 2, 2, 1}));
  }

  @Test
  void accumulatorSkipsOnlyExactNullsAndNaN() {
    BandAccumulator acc = new BandAccumulator(DataType.FLOAT32, 0.1, true, false);
    RasterArray a = RasterArray.create(DataType.FLOAT32, 1, 1, 4);
    a.floats()[0] = 0.1f;      // equals (float) 0.1: null
    a.floats()[1] = Float.NaN; // always ignored
    a.floats()[2] = 2f;
    a.floats()[3] = 4f;
    acc.addStats(a, 0, 0, 0);
    BandStatistics s = acc.finalStats();
    assertThat(s.mean(), is(3.0));
    assertThat(s.stddev(), is(1.0));
    assertThat(s.min(), is(2.0));
    BandAccumulator ints = new BandAccumulator(DataType.UINT8, 52.5, true, true);
    RasterArray b = RasterArray.filled(DataType.UINT8, 1, 1, 3, 52);
    ints.addStats(b, 0, 0, 0);
    assertThat(ints.finalStats().mean(), is(52.0)); // a fractional null matches no integer pixel
  }

  @Test
  void pythonReprOfFloats() {
    assertThat(PyFormat.reprFloat(52.0), is("52.0"));
    assertThat(PyFormat.reprFloat(0.1f), is("0.10000000149011612"));
    assertThat(PyFormat.reprFloat(0.52), is("0.52"));
    assertThat(PyFormat.reprFloat(-20.0), is("-20.0"));
    assertThat(PyFormat.reprFloat(1e16), is("1e+16"));
    // powers of two, where the nearest 16-digit decimal reads back as the double below and Python takes the
    // one above (repr(2.0**-24), repr(2.0**-44)); the 17-digit form was written
    assertThat(PyFormat.reprFloat(Math.pow(2, -24)), is("5.960464477539063e-08"));
    assertThat(PyFormat.reprFloat(Math.pow(2, -44)), is("5.684341886080802e-14"));
    assertThat(PyFormat.reprFloat(-Math.pow(2, -24)), is("-5.960464477539063e-08"));
    assertThat(PyFormat.reprFloat(1234567890123456.0), is("1234567890123456.0"));
    assertThat(PyFormat.reprFloat(1.5e-5), is("1.5e-05"));
    assertThat(PyFormat.reprFloat(0.0001), is("0.0001"));
    assertThat(PyFormat.reprFloat(123456789012345678.0), is("1.2345678901234568e+17"));
    assertThat(PyFormat.reprFloat(-0.0), is("-0.0"));
    assertThat(PyFormat.reprFloat(Double.NaN), is("nan"));
    assertThat(PyFormat.reprFloat(Double.NEGATIVE_INFINITY), is("-inf"));
    assertThat(PyFormat.reprFloat(Double.MIN_VALUE), is("5e-324"));
    assertThat(PyFormat.reprFloat(Double.MAX_VALUE), is("1.7976931348623157e+308"));
  }

  @Test
  void pythonRoundToIntIsHalfEven() {
    assertThat(PyFormat.reprRoundedInt(2.5), is("2"));
    assertThat(PyFormat.reprRoundedInt(3.5), is("4"));
    assertThat(PyFormat.reprRoundedInt(-14648.4375), is("-14648"));
    assertThat(PyFormat.reprRoundedInt(1.8446744073709552E19), is("18446744073709551616"));
    assertThat(PyFormat.reprInt(new BigDecimal("-7.9")), is("-7"));
  }

  @Test
  void medianAndModeBins() {
    assertThat(StatisticsWriter.medianBin(new long[] {1, 1, 1, 1}), is(1));
    assertThat(StatisticsWriter.medianBin(new long[] {0, 5, 0, 1}), is(1));
    assertThat(StatisticsWriter.modeBin(new long[] {3, 7, 7, 1}), is(1));
  }
}
