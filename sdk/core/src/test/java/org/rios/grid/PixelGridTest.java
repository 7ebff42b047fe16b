package org.rios.grid;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.rios.errors.IntersectionException;
import org.rios.errors.ParameterException;

class PixelGridTest {
  private static final String MGA55 = Fixtures.wkt(28355);

  @Test
  void geoTransformConstructorDerivesOuterBounds() {
    PixelGrid g = Fixtures.standard(0, 0);
    assertThat(g.xMin(), is(500000.0));
    assertThat(g.xMax(), is(505000.0));
    assertThat(g.yMin(), is(6995000.0));
    assertThat(g.yMax(), is(7000000.0));
    assertThat(g.xRes(), is(10.0));
    assertThat(g.yRes(), is(10.0));
    assertThat(g.nrows(), is(500));
    assertThat(g.ncols(), is(500));
    assertThat(g.projection(), is(MGA55));
    assertThat(g.geoTransform(), is(new double[] {500000, 10, 0, 7000000, 0, -10}));
  }

  @Test
  void missingProjectionIsStoredAsEmpty() {
    PixelGrid g = new PixelGrid(null, new double[] {0, 1, 0, 0, 0, -1}, 3, 4);
    assertThat(g.projection(), is(""));
  }

  @Test
  void positivePixelHeightIsTakenByMagnitude() {
    // GDAL reports (0, 1, 0, 0, 0, 1) for files without georeferencing; RIOS uses abs(gt[5]).
    PixelGrid g = new PixelGrid("", new double[] {0, 1, 0, 0, 0, 1}, 3, 4);
    assertThat(g.yRes(), is(1.0));
    assertThat(g.yMin(), is(-3.0));
  }

  @Test
  void rejectsRotatedOrDegenerateGeoTransforms() {
    assertThrows(ParameterException.class, () -> new PixelGrid(MGA55, new double[] {0, 10, 0.5, 0, 0, -10}, 5, 5));
    assertThrows(ParameterException.class, () -> new PixelGrid(MGA55, new double[] {0, 10, 0, 0, 0.5, -10}, 5, 5));
    assertThrows(ParameterException.class, () -> new PixelGrid(MGA55, new double[] {0, 0, 0, 0, 0, -10}, 5, 5));
    assertThrows(ParameterException.class, () -> new PixelGrid(MGA55, new double[] {0, 10, 0, 0, 0}, 5, 5));
    assertThrows(ParameterException.class, () -> new PixelGrid(MGA55, new double[] {0, 10, 0, 0, 0, -10}, -1, 5));
    assertThrows(ParameterException.class, () -> PixelGrid.fromBounds(MGA55, 10, 0, 0, 10, 1, 1));
    assertThrows(ParameterException.class, () -> PixelGrid.fromBounds(MGA55, 0, 10, 0, 10, -1, 1));
  }

  @Test
  void boundsFactoryRoundsDimensionsHalfAwayFromZero() {
    PixelGrid g = PixelGrid.fromBounds(MGA55, 0, 25, 0, 24, 10, 10);
    assertThat(g.ncols(), is(3));   // 2.5 -> 3
    assertThat(g.nrows(), is(2));   // 2.4 -> 2
    assertThat(g.xMax(), is(25.0)); // the given bounds are kept exactly
    assertThat(PixelGrid.fromBounds(MGA55, 0, 15, 0, 16, 10, 10).nrows(), is(2));
  }

  @Test
  void snapToGridRoundsHalfAwayFromTheAnchor() {
    assertThat(PixelGrid.snapToGrid(15, 0, 10), is(20.0));
    assertThat(PixelGrid.snapToGrid(-15, 0, 10), is(-20.0));
    assertThat(PixelGrid.snapToGrid(14.9, 0, 10), is(10.0));
    assertThat(PixelGrid.snapToGrid(500005, 500000, 10), is(500010.0));
    assertThat(PixelGrid.snapToGrid(499995, 500000, 10), is(499990.0));
    assertThat(PixelGrid.snapToGrid(500009, 500000, 10), is(500010.0));
    assertThat(PixelGrid.snapToGrid(6994981, 6995000, 10), is(6994980.0));
    assertThat(PixelGrid.snapToGrid(25, 5, 10), is(25.0));
    assertThat(PixelGrid.roundAway(0.5), is(1.0));
    assertThat(PixelGrid.roundAway(-0.5), is(-1.0));
    assertThat(PixelGrid.roundAway(-2.4), is(-2.0));
  }

  @Test
  void pixelSizeEqualityIsExact() {
    PixelGrid a = PixelGrid.fromBounds(MGA55, 0, 100, 0, 100, 10, 10);
    assertThat(a.equalPixSize(PixelGrid.fromBounds(MGA55, 50, 150, 0, 100, 10, 10)), is(true));
    assertThat(a.equalPixSize(PixelGrid.fromBounds(MGA55, 0, 100, 0, 100, 10.000000001, 10)), is(false));
    assertThat(a.equalPixSize(PixelGrid.fromBounds(MGA55, 0, 100, 0, 100, 10, 20)), is(false));
  }

  @Test
  void projectionEqualityUsesOsrNotText() {
    String pretty = MGA55.replace(",", ", ");
    PixelGrid a = PixelGrid.fromBounds(MGA55, 0, 100, 0, 100, 10, 10);
    PixelGrid b = PixelGrid.fromBounds(pretty, 0, 100, 0, 100, 10, 10);
    assertThat(pretty.equals(MGA55), is(false));
    assertThat(a.equalProjection(b), is(true));
    assertThat(a.isComparable(b), is(true));
    PixelGrid albers = PixelGrid.fromBounds(Fixtures.wkt(3577), 0, 100, 0, 100, 10, 10);
    assertThat(a.equalProjection(albers), is(false));
    assertThat(a.isComparable(albers), is(false));
    PixelGrid none = PixelGrid.fromBounds(null, 0, 100, 0, 100, 10, 10);
    PixelGrid empty = PixelGrid.fromBounds("", 0, 100, 0, 100, 10, 10);
    assertThat(none.equalProjection(empty), is(true));
    assertThat(none.equalProjection(a), is(false));
    assertThat(a.equalProjection(none), is(false));
  }

  @Test
  void alignmentToleranceIsAThousandthOfAPixelOverTheGridSize() {
    PixelGrid a = Fixtures.standard(0, 0);
    double tol = 0.001 * 10 / 500;   // 2e-5 m
    assertThat(Fixtures.standard(100, 100).alignedWith(a), is(true));
    assertThat(shifted(a, 0.9 * tol, 0).alignedWith(a), is(true));
    assertThat(shifted(a, -0.9 * tol, 0).alignedWith(a), is(true));
    assertThat(shifted(a, 0, 0.9 * tol).alignedWith(a), is(true));
    assertThat(shifted(a, 1.1 * tol, 0).alignedWith(a), is(false));
    assertThat(shifted(a, -1.1 * tol, 0).alignedWith(a), is(false));
    assertThat(shifted(a, 0, 1.1 * tol).alignedWith(a), is(false));
    assertThat(shifted(a, 9, -19).alignedWith(a), is(false));
    // The larger grid sets npix: against a 5000-pixel-wide grid the same 0.9*tol shift is too much.
    PixelGrid wide = PixelGrid.fromBounds(MGA55, 500000, 550000, 6995000, 7000000, 10, 10);
    assertThat(shifted(a, 0.9 * tol, 0).alignedWith(wide), is(false));
    PixelGrid coarse = PixelGrid.fromBounds(MGA55, 500000, 505000, 6995000, 7000000, 20, 20);
    assertThat(coarse.alignedWith(a), is(false));
  }

  private static PixelGrid shifted(PixelGrid g, double dx, double dy) {
    return new PixelGrid(g.projection(), new double[] {g.xMin() + dx, g.xRes(), 0, g.yMax() + dy, 0, -g.yRes()},
        g.nrows(), g.ncols());
  }

  @Test
  void intersectionAndUnionOfShiftedGrids() {
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid b = Fixtures.standard(100, 100);
    PixelGrid i = a.intersection(b);
    assertThat(i.toString(), is("xMin:501000.0,xMax:505000.0,yMin:6995000.0,yMax:6999000.0,xRes:10.0,yRes:10.0"));
    assertThat(i.nrows(), is(400));
    assertThat(i.ncols(), is(400));
    assertThat(i.projection(), is(a.projection()));
    PixelGrid u = a.union(b);
    assertThat(u.toString(), is("xMin:500000.0,xMax:506000.0,yMin:6994000.0,yMax:7000000.0,xRes:10.0,yRes:10.0"));
    assertThat(u.nrows(), is(600));
    assertThat(u.ncols(), is(600));
  }

  @Test
  void intersectionAndUnionOfIncomparableGridsAreNull() {
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid coarse = PixelGrid.fromBounds(MGA55, 500000, 505000, 6995000, 7000000, 20, 20);
    PixelGrid albers = PixelGrid.fromBounds(Fixtures.wkt(3577), 500000, 505000, 6995000, 7000000, 10, 10);
    assertThat(a.intersection(coarse), is(nullValue()));
    assertThat(a.union(coarse), is(nullValue()));
    assertThat(a.intersection(albers), is(nullValue()));
  }

  @Test
  void disjointOrTouchingGridsDoNotIntersect() {
    PixelGrid a = Fixtures.standard(0, 0);
    IntersectionException e = assertThrows(IntersectionException.class, () -> a.intersection(Fixtures.standard(600, 0)));
    assertThat(e.getMessage(), containsString("xMin:506000.0"));
    assertThrows(IntersectionException.class, () -> a.intersection(Fixtures.standard(500, 0)));
    assertThrows(IntersectionException.class, () -> a.intersection(Fixtures.standard(0, 500)));
  }

  @Test
  void surroundsComparesRawBounds() {
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid inner = PixelGrid.fromBounds(MGA55, 501000, 502000, 6996000, 6997000, 10, 10);
    assertThat(a.surrounds(inner), is(true));
    assertThat(a.surrounds(a), is(true));
    assertThat(inner.surrounds(a), is(false));
    assertThat(a.surrounds(Fixtures.standard(100, 100)), is(false));
  }

  @Test
  void toStringUsesPlainDecimals() {
    PixelGrid g = PixelGrid.fromBounds("", -180, 180, -90, 90, 0.1, 0.1);
    assertThat(g.toString(), is("xMin:-180.0,xMax:180.0,yMin:-90.0,yMax:90.0,xRes:0.1,yRes:0.1"));
    PixelGrid big = PixelGrid.fromBounds("", 0, 1e7, -1e-5, 0, 1e6, 1e-5);
    assertThat(big.toString(), is("xMin:0.0,xMax:10000000.0,yMin:-0.00001,yMax:0.0,xRes:1000000.0,yRes:0.00001"));
  }

  @Test
  void equalityIsByValue() throws Exception {
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid same = PixelGrid.fromBounds(MGA55, 500000, 505000, 6995000, 7000000, 10, 10);
    assertThat(a, is(same));
    assertThat(a.hashCode(), is(same.hashCode()));
    assertThat(a, is(not(Fixtures.standard(1, 0))));
    assertThat(a, is(not(a.withProjection(Fixtures.wkt(3577)))));
    PixelGrid zero = PixelGrid.fromBounds("", 0.0, 10, -10, 0.0, 1, 1);
    PixelGrid negZero = PixelGrid.fromBounds("", -0.0, 10, -10, -0.0, 1, 1);
    assertThat(zero, is(negZero));
    assertThat(zero.hashCode(), is(negZero.hashCode()));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject(), is(a));
    }
  }

  @Test
  void equivalentProjectionToleratesSubPixelDifferences() {
    PixelGrid gda94 = PixelGrid.fromBounds(Fixtures.wkt(4283), 140, 141, -36, -35, 0.01, 0.01);
    assertThat(gda94.equivalentProjection(Fixtures.wkt(4326), 0.5), is(true));
    assertThat(gda94.equivalentProjection(gda94.projection(), 0.0), is(true));
    PixelGrid mga = Fixtures.standard(0, 0);
    assertThat(mga.equivalentProjection(Fixtures.wkt(3577), 0.5), is(false));
    assertThat(mga.equivalentProjection("", 0.5), is(false));
  }

  @org.junit.jupiter.api.Test
  void aGridWithoutPixelsIsRefused() {
    org.rios.errors.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.ParameterException.class,
        () -> new PixelGrid("", new double[] {0, 10, 0, 100, 0, -10}, 0, 64));
    org.hamcrest.MatcherAssert.assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("nrows=0"));
  }

  /** "EPSG:28355" was kept as given: fine on a reference grid alone, "not valid WKT" once reprojected. */
  @Test
  void aProjectionGdalReadsIsStoredAsWktAndAnUnreadableOneIsRefused() {
    double[] gt = {500000, 10, 0, 7000000, 0, -10};
    PixelGrid byCode = new PixelGrid("EPSG:28355", gt, 40, 50);
    assertThat(byCode.projection().contains("["), is(true));
    assertThat(byCode.isComparable(new PixelGrid(MGA55, gt, 40, 50)), is(true));
    PixelGrid lonLat = new PixelGrid("EPSG:4326", new double[] {149, 0.001, 0, -35, 0, -0.001}, 10, 10);
    assertThat(lonLat.reproject(byCode).xRes(), is(10.0)); // an OSR transform works between them
    assertThat(new PixelGrid(null, gt, 1, 1).projection(), is(""));
    ParameterException e = assertThrows(ParameterException.class, () -> new PixelGrid("EPSG:nonsense", gt, 1, 1));
    assertThat(e.getMessage(), containsString("'EPSG:nonsense'"));
    // every way to make a grid, and PROJJSON, whose brackets are not WKT's
    assertThat(PixelGrid.fromBounds("EPSG:28355", 500000, 500500, 6999500, 7000000, 10, 10).projection()
        .startsWith("PROJCS["), is(true));
    org.gdal.osr.SpatialReference sr = new org.gdal.osr.SpatialReference();
    sr.ImportFromEPSG(28355);
    String[] out = new String[1];
    sr.ExportToPROJJSON(out);
    sr.delete();
    String json = out[0];
    assertThat(json.contains("["), is(true));
    assertThat(new PixelGrid(json, gt, 1, 1).isComparable(byCode), is(true));
    assertThat(new PixelGrid("  ", gt, 1, 1).projection(), is(""));
  }
}
