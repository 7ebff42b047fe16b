package org.rios.grid;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Vector;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.WarpOptions;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.junit.jupiter.api.Test;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalRuntime;

class ReprojectTest {
  private static final String ALBERS = Fixtures.wkt(3577);
  private static final String LATLONG = Fixtures.wkt(4326);

  /** Transforms points with OSR directly (independent of the code under test); returns {xs, ys}. */
  private static double[][] transform(int srcEpsg, int dstEpsg, double[][] pts) {
    SpatialReference src = new SpatialReference();
    SpatialReference dst = new SpatialReference();
    src.ImportFromEPSG(srcEpsg);
    dst.ImportFromEPSG(dstEpsg);
    src.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    dst.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    CoordinateTransformation ct = CoordinateTransformation.CreateCoordinateTransformation(src, dst);
    double[][] out = new double[2][pts.length];
    for (int i = 0; i < pts.length; i++) {
      double[] p = ct.TransformPoint(pts[i][0], pts[i][1]);
      out[0][i] = p[0];
      out[1][i] = p[1];
    }
    ct.delete();
    src.delete();
    dst.delete();
    return out;
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) {
      m = Math.min(m, d);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      m = Math.max(m, d);
    }
    return m;
  }

  @Test
  void sameProjectionSnapsToTheTargetLattice() {
    // testresample: B is 9 m right and 19 m below A; snapping moves it ~1 pixel right and 2 down.
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid b = Fixtures.standard(0.9, 1.9);
    PixelGrid onA = b.reproject(a);
    assertThat(onA.toString(), is("xMin:500010.0,xMax:505010.0,yMin:6994980.0,yMax:6999980.0,xRes:10.0,yRes:10.0"));
    assertThat(onA.alignedWith(a), is(true));
    assertThat(b.reproject(a, false), is(PixelGrid.fromBounds(a.projection(), 500009, 505009, 6994981, 6999981, 10, 10)));
  }

  @Test
  void mgaZone55OntoAustralianAlbers() {
    PixelGrid mga = Fixtures.standard(0, 0);
    PixelGrid target = PixelGrid.fromBounds(ALBERS, 0, 10, 0, 10, 10, 10);
    PixelGrid r = mga.reproject(target);

    assertThat(r.projection(), is(ALBERS));
    assertThat(r.xRes(), is(10.0));
    assertThat(r.yRes(), is(10.0));
    for (double v : new double[] {r.xMin(), r.xMax(), r.yMin(), r.yMax()}) {
      assertThat("bound " + v + " on the 10 m lattice", Math.IEEEremainder(v, 10) == 0, is(true));
    }
    assertThat(r.alignedWith(target), is(true));

    // A 5 km square barely curves, so the corners' bounding box is the footprint to well under a metre;
    // nearest snapping then moves each bound by at most half a pixel.
    double[][] c = transform(28355, 3577, new double[][] {
        {mga.xMin(), mga.yMax()}, {mga.xMax(), mga.yMax()}, {mga.xMin(), mga.yMin()}, {mga.xMax(), mga.yMin()}});
    assertThat(r.xMin(), closeTo(min(c[0]), 5.01));
    assertThat(r.xMax(), closeTo(max(c[0]), 5.01));
    assertThat(r.yMin(), closeTo(min(c[1]), 5.01));
    assertThat(r.yMax(), closeTo(max(c[1]), 5.01));
    assertThat(r.ncols(), is((int) Math.round((r.xMax() - r.xMin()) / 10)));
    assertThat(r.nrows(), is((int) Math.round((r.yMax() - r.yMin()) / 10)));

    PixelGrid unsnapped = mga.reproject(target, false);
    assertThat(unsnapped.xMin(), closeTo(min(c[0]), 0.01));
    assertThat(unsnapped.yMax(), closeTo(max(c[1]), 0.01));
  }

  @Test
  void curvedTopEdgeIsCoveredByTheDensifiedOutline() {
    // testreprojcurves: lat/long strip lon 112..154, lat -15..-10 at 0.1 degrees, warped by GDAL to
    // Albers at 10 km with target-aligned pixels; the grid reprojected onto GDAL's result must keep every
    // pixel GDAL filled, although the bulging lat -10 parallel rises ~175 km above the corners.
    GdalRuntime.ensureLoaded();
    PixelGrid strip = PixelGrid.fromBounds(LATLONG, 112, 154, -15, -10, 0.1, 0.1);
    assertThat(strip.ncols(), is(420));
    assertThat(strip.nrows(), is(50));
    Dataset src = gdal.GetDriverByName("MEM").Create("", strip.ncols(), strip.nrows(), 1, gdalconstConstants.GDT_Byte);
    src.SetGeoTransform(strip.geoTransform());
    src.SetProjection(LATLONG);
    src.GetRasterBand(1).Fill(50);
    Vector<String> opts = new Vector<>(List.of("-of", "MEM", "-t_srs", "EPSG:3577", "-tr", "10000", "10000",
        "-tap", "-dstnodata", "0", "-r", "near"));
    Dataset warped = gdal.Warp("", new Dataset[] {src}, new WarpOptions(opts));
    PixelGrid target = new PixelGrid(warped.GetProjection(), warped.GetGeoTransform(),
        warped.GetRasterYSize(), warped.GetRasterXSize());
    byte[] pix = new byte[target.nrows() * target.ncols()];
    warped.GetRasterBand(1).ReadRaster(0, 0, target.ncols(), target.nrows(), pix);
    warped.delete();
    src.delete();

    PixelGrid r = strip.reproject(target);
    assertThat(r.isComparable(target), is(true));

    double[][] top = new double[101][];
    for (int i = 0; i <= 100; i++) {
      top[i] = new double[] {112 + 42.0 * i / 100, -10};
    }
    double[][] t = transform(4326, 3577, top);
    double maxNorthing = max(t[1]);
    double cornerNorthing = Math.max(t[1][0], t[1][100]);
    // Nearest snapping: no pixel row whose centre is below the edge is cut off.
    assertThat(r.yMax() + r.yRes() / 2, greaterThanOrEqualTo(maxNorthing));
    assertThat(r.yMax() - cornerNorthing, greaterThan(100000.0));

    int filled = 0;
    for (int row = 0; row < target.nrows(); row++) {
      for (int col = 0; col < target.ncols(); col++) {
        if (pix[row * target.ncols() + col] != 0) {
          filled++;
          double[] xy = GeoTransforms.pix2wld(target.geoTransform(), col + 0.5, row + 0.5);
          assertThat(xy[0], greaterThanOrEqualTo(r.xMin()));
          assertThat(xy[0], lessThanOrEqualTo(r.xMax()));
          assertThat(xy[1], greaterThanOrEqualTo(r.yMin()));
          assertThat(xy[1], lessThanOrEqualTo(r.yMax()));
        }
      }
    }
    assertThat(filled, greaterThan(1000));
  }

  @Test
  void gridsWithoutProjectionCannotBeReprojected() {
    PixelGrid none = PixelGrid.fromBounds("", 0, 100, 0, 100, 10, 10);
    PixelGrid albers = PixelGrid.fromBounds(ALBERS, 0, 100, 0, 100, 10, 10);
    assertThrows(ParameterException.class, () -> none.reproject(albers));
    assertThrows(ParameterException.class, () -> albers.reproject(none));
    PixelGrid noneOffset = PixelGrid.fromBounds(null, 3, 53, 0, 50, 10, 10);
    assertThat(noneOffset.reproject(none).xMin(), is(0.0));
  }
}
