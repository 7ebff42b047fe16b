package org.rios.plan;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
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

/**
 * An Imagine file in GDA94 carrying Imagine's TOWGS84 shift (the block RIOS's specialProjFixes zeroes) is on
 * the same grid as the same file in plain GDA94: no resampling, no datum shift of its pixels. The fix's
 * constant ended in 1.9373e-07 where Imagine's block ends in 1.91e-07, so it never matched: the file was
 * warped with a Helmert shift (342 of 400 pixels moved, the intersection lost a row and a column).
 */
class ImagineGda94Test {
  static final String IMAGINE_GDA94 = "PROJCS[\"Transverse Mercator\",GEOGCS[\"GDA94\",DATUM[\"GDA94\","
      + "SPHEROID[\"GRS 1980\",6378137,298.2572220960422],"
      + "TOWGS84[-16.237,3.51,9.939,1.4157e-06,2.1477e-06,1.3429e-06,1.91e-07]],"
      + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],UNIT[\"meters\",1],"
      + "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",147],"
      + "PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],"
      + "PARAMETER[\"false_northing\",10000000]]";

  @TempDir File tmp;

  private String imagine(String name, String wkt) {
    GdalRuntime.ensureLoaded();
    String fn = new File(tmp, name).getPath();
    Dataset ds = gdal.GetDriverByName("HFA").Create(fn, 20, 20, 1, gdalconstConstants.GDT_Byte);
    ds.SetGeoTransform(new double[] {500000, 10, 0, 7000000, 0, -10});
    ds.SetProjection(wkt);
    byte[] v = new byte[400];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) i;
    }
    ds.GetRasterBand(1).WriteRaster(0, 0, 20, 20, v);
    ds.delete();
    return fn;
  }

  @Test
  void imaginesShiftedGda94IsReadAsPlainGda94() {
    String shifted = imagine("shifted.img", IMAGINE_GDA94);
    String plain = imagine("plain.img", IMAGINE_GDA94.replace(
        "TOWGS84[-16.237,3.51,9.939,1.4157e-06,2.1477e-06,1.3429e-06,1.91e-07]", "TOWGS84[0,0,0,0,0,0,0]"));
    String out = new File(tmp, "out.tif").getPath();
    int[] differing = {0};
    // no reference image: inputs on different grids would be refused (ResampleNeededException)
    Applier.apply((info, inputs, outputs) -> {
      RasterArray p = inputs.get("plain");
      RasterArray s = inputs.get("shifted");
      for (int r = 0; r < p.rows(); r++) {
        for (int c = 0; c < p.cols(); c++) {
          if (p.getDouble(0, r, c) != s.getDouble(0, r, c)) {
            differing[0]++;
          }
        }
      }
      outputs.put("out", RasterArray.create(DataType.UINT8, 1, p.rows(), p.cols()));
    }, new FilenameAssociations().put("plain", plain).put("shifted", shifted),
        new FilenameAssociations().put("out", out),
        new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setCalcStats(false));
    assertThat("pixels of the shifted file that moved", differing[0], is(0));
    Dataset o = gdal.Open(out);
    assertThat("working grid", o.getRasterXSize() + "x" + o.getRasterYSize(), is("20x20"));
    o.delete();
  }
}
