package org.rios.grid;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.FileOpenException;
import org.rios.gdal.GdalRuntime;

class PixelGridFileTest {
  @TempDir
  Path dir;

  @Test
  void readsTheGridOfARealGeoTiff() {
    GdalRuntime.ensureLoaded();
    String fn = dir.resolve("grid.tif").toString();
    String wkt = Fixtures.wkt(28355);
    Driver drv = gdal.GetDriverByName("GTiff");
    Dataset ds = drv.Create(fn, 30, 20, 1, gdalconstConstants.GDT_Byte);
    ds.SetGeoTransform(new double[] {500000, 10, 0, 7000000, 0, -10});
    ds.SetProjection(wkt);
    ds.delete();

    PixelGrid g = PixelGrid.fromFile(fn);
    assertThat(g.ncols(), is(30));
    assertThat(g.nrows(), is(20));
    assertThat(g.xMin(), is(500000.0));
    assertThat(g.xMax(), is(500300.0));
    assertThat(g.yMin(), is(6999800.0));
    assertThat(g.yMax(), is(7000000.0));
    assertThat(g.geoTransform(), is(new double[] {500000, 10, 0, 7000000, 0, -10}));
    assertThat(g.equalProjection(PixelGrid.fromBounds(wkt, 0, 1, 0, 1, 1, 1)), is(true));
  }

  @Test
  void missingFileGivesFileOpenExceptionNamingIt() {
    String fn = dir.resolve("no-such-file.tif").toString();
    FileOpenException e = assertThrows(FileOpenException.class, () -> PixelGrid.fromFile(fn));
    assertThat(e.getMessage(), containsString(fn));
  }

  @Test
  void nonRasterFileGivesFileOpenExceptionNamingIt() throws Exception {
    Path txt = dir.resolve("notes.txt");
    Files.writeString(txt, "not a raster\n");
    FileOpenException e = assertThrows(FileOpenException.class, () -> PixelGrid.fromFile(txt.toString()));
    assertThat(e.getMessage(), containsString(txt.toString()));
  }
}
