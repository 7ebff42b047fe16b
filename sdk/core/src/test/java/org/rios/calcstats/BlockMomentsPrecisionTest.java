package org.rios.calcstats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A block's single-pass mean is within a few ulps of the exact mean also for values spanning a wide range, as
 * numpy's pairwise sum (RIOS) is: a plain running sum put an Int64 block within +-2^40 thousands of ulps off,
 * which showed in the 11th digit of STATISTICS_MEAN. Its M2 stays that of the exact two-pass formula.
 */
class BlockMomentsPrecisionTest {
  @Test
  void theMeanOfWideRangingValuesIsWithinAFewUlps() {
    Random r = new Random(7);
    for (int shift : new int[] {23, 30, 11}) {
      int n = 256 * 256;
      double[] v = new double[n];
      BigDecimal sum = BigDecimal.ZERO;
      for (int i = 0; i < n; i++) {
        long x = r.nextLong() >> shift;
        v[i] = x;
        sum = sum.add(new BigDecimal(x));
      }
      BigDecimal exactMean = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
      double exact = exactMean.doubleValue();
      double[] got = BlockMoments.ofValues(v, n);
      assertThat("shift " + shift + ": " + got[0] + " against " + exact, Math.abs(got[0] - exact),
          lessThanOrEqualTo(4 * Math.ulp(exact)));
      BigDecimal m2 = BigDecimal.ZERO;
      for (double x : v) {
        BigDecimal d = new BigDecimal(x).subtract(exactMean);
        m2 = m2.add(d.multiply(d));
      }
      double exactM2 = m2.doubleValue();
      assertThat("M2, shift " + shift, Math.abs(got[1] - exactM2), lessThanOrEqualTo(1e-12 * exactM2));
    }
  }
}
