package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.UnsupportedDataTypeException;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.SilentProgress;
import org.rios.testutil.StatsAssertions;
import org.rios.testutil.TestRasters;

/**
 * RIOS testsigned8bit: a 1 x 256 Int8 GTiff holding -128..127 copied through the applier (GDAL 3.7 and
 * later); with an older GDAL, an INT8 output must fail with a clear message instead.
 */
class Signed8bitTest {
  @TempDir
  File tmp;

  private ApplierControls controls() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName("GTiff").setStatsIgnore(null);
  }

  @Test
  void int8FileIsCopiedWithExactHistogram() {
    Assumptions.assumeTrue(GdalRuntime.hasInt8(), "GDAL " + GdalRuntime.version() + " has no Int8 type (3.7+)");
    RasterArray values = RasterArray.create(DataType.INT8, 1, 1, 256);
    for (int c = 0; c < 256; c++) {
      values.setLong(0, 0, c, c - 128);
    }
    String in = TestRasters.write(new File(tmp, "int8.tif"), "GTiff", values, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null,
        "COMPRESS=DEFLATE", "TILED=YES");
    String out = new File(tmp, "int8_2.tif").getPath();

    AtomicReference<DataType> inType = new AtomicReference<>();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("inimg");
      inType.set(a.dataType());
      outputs.put("outimg", a);
    }, new FilenameAssociations().put("inimg", in), new FilenameAssociations().put("outimg", out), controls());

    assertThat(inType.get(), is(DataType.INT8));
    Dataset ds = gdal.Open(out, gdalconstConstants.GA_ReadOnly);
    try {
      assertThat(gdal.GetDataTypeName(ds.GetRasterBand(1).getDataType()), is("Int8"));
    } finally {
      ds.delete();
    }
    RasterArray copy = TestRasters.read(out);
    assertThat(copy.contentEquals(values), is(true));

    Map<String, String> md = StatsAssertions.metadata(out, 1);
    assertThat(Integer.parseInt(md.get("STATISTICS_HISTOMIN")), is(-128));
    assertThat(Integer.parseInt(md.get("STATISTICS_HISTOMAX")), is(127));
    long[] ones = new long[256];
    java.util.Arrays.fill(ones, 1);
    assertThat(StatsAssertions.parseBins(md.get("STATISTICS_HISTOBINVALUES")), is(ones));
  }

  @Test
  void int8OutputWithoutGdalInt8FailsNamingGdal37() {
    Assumptions.assumeFalse(GdalRuntime.hasInt8(), "GDAL " + GdalRuntime.version() + " has Int8");
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String out = new File(tmp, "int8.tif").getPath();
    UnsupportedDataTypeException thrown = assertThrows(UnsupportedDataTypeException.class, () ->
        Applier.apply((info, inputs, outputs) -> {
          RasterArray a = inputs.get("inimg");
          outputs.put("outimg", a.astype(DataType.INT8));
        }, new FilenameAssociations().put("inimg", in), new FilenameAssociations().put("outimg", out),
            controls()));
    assertThat(thrown.getMessage(), containsString("3.7"));
    assertThat(new File(out).exists(), is(false));
  }
}
