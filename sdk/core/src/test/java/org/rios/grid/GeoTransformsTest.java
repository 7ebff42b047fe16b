package org.rios.grid;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rios.errors.ParameterException;

class GeoTransformsTest {
  @Test
  void pixelCentresOfANorthUpGrid() {
    double[] gt = {500000, 10, 0, 7000000, 0, -10};
    assertThat(GeoTransforms.pix2wld(gt, 0, 0), is(new double[] {500000, 7000000}));
    assertThat(GeoTransforms.pix2wld(gt, 110.5, 110.5), is(new double[] {501105, 6998895}));
    assertThat(GeoTransforms.wld2pix(gt, 501105, 6998895), is(new double[] {110.5, 110.5}));
    assertThat(GeoTransforms.wld2pix(gt, 499990, 7000010), is(new double[] {-1, -1}));
  }

  @Test
  void rotatedGeoTransformsRoundTrip() {
    double[] gt = {1000, 2, 0.5, 5000, 0.25, -3};
    double[] xy = GeoTransforms.pix2wld(gt, 7.25, 3.5);
    assertThat(xy[0], is(1000 + 7.25 * 2 + 3.5 * 0.5));
    assertThat(xy[1], is(5000 + 7.25 * 0.25 - 3.5 * 3));
    double[] cr = GeoTransforms.wld2pix(gt, xy[0], xy[1]);
    assertThat(cr[0], closeTo(7.25, 1e-12));
    assertThat(cr[1], closeTo(3.5, 1e-12));
  }

  @Test
  void singularOrMalformedGeoTransformsAreRejected() {
    assertThrows(ParameterException.class, () -> GeoTransforms.wld2pix(new double[] {0, 1, 1, 0, 1, 1}, 0, 0));
    assertThrows(ParameterException.class, () -> GeoTransforms.pix2wld(new double[] {0, 1, 0}, 0, 0));
  }
}
