package org.rios.fileinfo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.File;
import java.util.Arrays;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * ImageLayerStats / ImageFileStats read back what the applier wrote: the standard ramp copied through
 * {@link Applier} with statsIgnore 52, compared with a direct computation over the non-null pixels.
 */
class ImageLayerStatsTest {
  @TempDir File tmp;

  private String applierCopy(String outName, String driver, boolean thematic, int bands) {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String out = new File(tmp, outName).getPath();
    ApplierControls controls = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName(driver).setStatsIgnore(52.0).setThematic(thematic);
    Applier.apply((info, inputs, outputs) -> {
      RasterArray img = inputs.get("img");
      RasterArray o = RasterArray.create(DataType.UINT8, bands, img.rows(), img.cols());
      for (int b = 0; b < bands; b++) {
        for (int r = 0; r < img.rows(); r++) {
          for (int c = 0; c < img.cols(); c++) {
            o.setLong(b, r, c, img.getLong(0, r, c) + b);
          }
        }
      }
      outputs.put("out", o);
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out), controls);
    return out;
  }

  /** Direct statistics of ramp values + offset over pixels != 52: {mean, stddev, min, max, median, mode}. */
  private static double[] direct(int offset, long[] countsOut) {
    RasterArray ramp = TestRasters.ramp(TestRasters.STD_ROWS, TestRasters.STD_COLS, false);
    double sum = 0;
    double ssq = 0;
    long n = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int i = 0; i < ramp.size(); i++) {
      double v = ramp.getDoubleAt(i) + offset;
      if (v == 52) {
        continue;
      }
      sum += v;
      ssq += v * v;
      n++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      countsOut[(int) v]++;
    }
    double mean = sum / n;
    long cum = 0;
    int median = -1;
    int mode = 0;
    for (int v = 0; v < countsOut.length; v++) {
      cum += countsOut[v];
      if (median < 0 && cum >= n / 2.0) {
        median = v;
      }
      if (countsOut[v] > countsOut[mode]) {
        mode = v;
      }
    }
    return new double[] {mean, Math.sqrt(ssq / n - mean * mean), min, max, median, mode};
  }

  @Test
  void statsWrittenByApplierMatchDirectComputation() {
    String out = applierCopy("copy.tif", "GTiff", false, 1);
    ImageFileStats fs = new ImageFileStats(out);
    assertThat(fs.size(), is(1));
    IndexOutOfBoundsException beyond = org.junit.jupiter.api.Assertions.assertThrows(
        IndexOutOfBoundsException.class, () -> fs.get(1));
    assertThat(beyond.getMessage(), org.hamcrest.Matchers.containsString("not a band of " + out));
    ImageLayerStats s = fs.get(0);
    long[] counts = new long[102];
    double[] d = direct(0, counts);
    assertThat(s.mean(), closeTo(d[0], 1e-6));
    assertThat(s.stddev(), closeTo(d[1], 1e-6));
    assertThat(s.min(), is(d[2]));
    assertThat(s.max(), is(d[3]));
    assertThat(s.median(), is(d[4]));
    assertThat(s.mode(), is(d[5]));
    assertThat(s.skipFactorX(), is(1.0));
    assertThat(s.skipFactorY(), is(1.0));
    assertThat(s.histoMin(), is(0.0));
    assertThat(s.histoMax(), is(100.0));
    assertThat(s.histoNumBins(), is(101));
    assertThat(Arrays.toString(s.histoCounts()), is(Arrays.toString(Arrays.copyOf(counts, 101))));
    assertThat(s.histoCounts()[52], is(0L));
    // integers stored without a decimal point print as integers, as RIOS prints the parsed literals
    String line = s.toString();
    assertThat(line.matches("Mean: [0-9.]+, Stddev: [0-9.]+, Min: 0, Max: 100, Median: " + (int) d[4] + ", Mode: "
        + (int) d[5]), is(true));
    assertThat(Double.parseDouble(line.replaceAll("Mean: ([0-9.]+),.*", "$1")), closeTo(d[0], 1e-9));
  }

  @Test
  void thematicHfaHistogramComesFromTheRat() {
    String out = applierCopy("thematic.img", "HFA", true, 1);
    Dataset ds = gdal.Open(out, gdalconstConstants.GA_ReadOnly);
    int histCol = ds.GetRasterBand(1).GetDefaultRAT().GetColOfUsage(gdalconstConstants.GFU_PixelCount);
    ImageLayerStats s = new ImageLayerStats(ds.GetRasterBand(1));
    ds.delete();
    assertThat(histCol >= 0, is(true));
    long[] counts = new long[102];
    double[] d = direct(0, counts);
    long[] got = s.histoCounts();
    assertThat(Arrays.toString(Arrays.copyOf(got, 101)), is(Arrays.toString(Arrays.copyOf(counts, 101))));
    assertThat(s.mean(), closeTo(d[0], 1e-6));
  }

  @Test
  void oneEntryPerBand() {
    String out = applierCopy("two.tif", "GTiff", false, 2);
    ImageFileStats fs = new ImageFileStats(out);
    assertThat(fs.size(), is(2));
    double[] d2 = direct(1, new long[102]);
    assertThat(fs.get(1).mean(), closeTo(d2[0], 1e-6));
    assertThat(fs.get(1).max(), is(101.0));
    String[] lines = fs.toString().split("\\R");
    assertThat(lines.length, is(2));
    assertThat(lines[1], is("Band 2: " + fs.get(1)));
  }

  @Test
  void bandWithoutStatisticsGivesNulls() {
    GdalRuntime.ensureLoaded();
    String f = new File(tmp, "plain.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(f, 10, 10, 1, gdalconstConstants.GDT_Float32);
    ds.delete();
    ImageLayerStats s = new ImageFileStats(f).get(0);
    assertThat(s.mean(), is(nullValue()));
    assertThat(s.histoCounts(), is(nullValue()));
    assertThat(s.histoNumBins(), is(nullValue()));
    assertThat(s.toString(), is("Mean: None, Stddev: None, Min: None, Max: None, Median: None, Mode: None"));
  }

  /** Whole numbers print as Python's int of the stored text does: a minimum stored as "-0" (a float band whose
   * smallest value is -0.0) prints 0, "+7" prints 7; other text as Python's repr of its float. */
  @Test
  void wholeNumbersPrintAsPythonInts() {
    GdalRuntime.ensureLoaded();
    String f = new File(tmp, "negzero.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(f, 10, 10, 1, gdalconstConstants.GDT_Float32);
    org.gdal.gdal.Band b = ds.GetRasterBand(1);
    b.SetMetadataItem("STATISTICS_MINIMUM", "-0");
    b.SetMetadataItem("STATISTICS_MAXIMUM", "+7");
    b.SetMetadataItem("STATISTICS_MEAN", "3.5");
    b.SetMetadataItem("STATISTICS_STDDEV", "1e-05");
    ds.delete();
    assertThat(new ImageFileStats(f).get(0).toString(),
        is("Mean: 3.5, Stddev: 1e-05, Min: 0, Max: 7, Median: None, Mode: None"));
  }
}
