package org.rios.grid;

import java.math.BigDecimal;
import org.rios.errors.ParameterException;

/** Validation and formatting helpers for {@link PixelGrid}, kept apart to keep that class readable. */
final class GridChecks {
  private GridChecks() {}

  static double finite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new ParameterException("Grid " + name + " must be finite, got " + v);
    }
    return v;
  }

  static double res(String name, double v) {
    if (!(v > 0.0) || !Double.isFinite(v)) {
      throw new ParameterException("Grid " + name + " must be a positive finite number, got " + v);
    }
    return v;
  }

  static int dimension(String what, double pixels) {
    double n = PixelGrid.roundAway(pixels);
    if (n > Integer.MAX_VALUE) {
      throw new ParameterException("Grid would have too many " + what + " (" + n + ")");
    }
    return (int) n;
  }

  /** Shortest decimal form like Python's float repr ("500000.0", "0.1"), but never in exponent form. */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    String s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    return s.indexOf('.') < 0 ? s + ".0" : s;
  }
}
