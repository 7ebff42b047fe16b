package org.rios.calcstats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number formatting for the metadata values RIOS writes itself (histogram limits, median, mode, excluded
 * value). RIOS produces these with Python's {@code repr()}, so files written by both implementations carry the
 * same text: floats always show a fractional part or an exponent ({@code "52.0"}, {@code "1e-05"},
 * {@code "1e+16"}), integers never do ({@code "52"}). The four basic statistics are formatted by GDAL itself
 * ({@code Band.SetStatistics}, C {@code "%.14g"}) and are not touched here.
 *
 * <pre>{@code
 * PyFormat.reprFloat(52.0);      // "52.0"
 * PyFormat.reprFloat(0.1f);      // "0.10000000149011612"
 * PyFormat.reprInt(-20);         // "-20"
 * }</pre>
 */
public final class PyFormat {
  private PyFormat() {}

  /** Python's {@code repr(float)}: the shortest decimal that reads back as the same double. */
  public static String reprFloat(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortestRoundTrip(v);
    // digits and the position of the decimal point relative to them: value = 0.DIGITS * 10^decpt
    BigDecimal abs = shortest.abs().stripTrailingZeros();
    String digits = abs.unscaledValue().toString();
    int decpt = digits.length() - abs.scale();
    StringBuilder b = new StringBuilder();
    if (v < 0) {
      b.append('-');
    }
    // Python switches to exponent notation when the decimal exponent is below -4 or 16 and above
    if (decpt > 16 || decpt < -3) {
      b.append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      int exp = decpt - 1;
      b.append('e').append(exp < 0 ? '-' : '+');
      String e = Integer.toString(Math.abs(exp));
      if (e.length() < 2) {
        b.append('0');
      }
      b.append(e);
    } else if (decpt <= 0) {
      b.append("0.");
      for (int i = 0; i < -decpt; i++) {
        b.append('0');
      }
      b.append(digits);
    } else if (decpt >= digits.length()) {
      b.append(digits);
      for (int i = digits.length(); i < decpt; i++) {
        b.append('0');
      }
      b.append(".0");
    } else {
      b.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
    }
    return b.toString();
  }

  /**
   * The decimal of fewest digits that reads back as {@code v}, the nearest to {@code v} among those, as Python's
   * {@code repr} gives. For each number of digits the nearest decimal is tried, then its neighbours: at a power
   * of two the gap to the double below is half the one above, so the nearest decimal can read back as another
   * double while the one above it reads back as {@code v}.
   */
  private static BigDecimal shortestRoundTrip(double v) {
    BigDecimal exact = new BigDecimal(v);
    for (int p = 1; p < 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == v) {
        return r;
      }
      BigDecimal best = null;
      for (BigDecimal n : new BigDecimal[] {r.add(r.ulp()), r.subtract(r.ulp())}) {
        if (n.doubleValue() == v && (best == null
            || n.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = n;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }

  /**
   * {@code v} as C's (and Python's) {@code "%.<precision>g"} prints it, as GDAL turns a number into a
   * raster attribute table's text ({@code "%.16g"}): the shortest of fixed or exponent notation for that many
   * significant digits, trailing zeros dropped ({@code 510.0} gives {@code "510"}, {@code 0.1 + 0.2}
   * {@code "0.3"}, {@code 1e20} {@code "1e+20"}); {@code "nan"}, {@code "inf"}, {@code "-inf"}.
   */
  public static String percentG(double v, int precision) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    int p = Math.max(1, precision);
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
    }
    BigDecimal r = new BigDecimal(v).round(new MathContext(p, RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;   // the exponent of the leading digit
    BigDecimal stripped = r.stripTrailingZeros();
    if (exp >= -4 && exp < p) {
      return stripped.toPlainString();
    }
    String digits = stripped.unscaledValue().abs().toString();
    StringBuilder b = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
    if (digits.length() > 1) {
      b.append('.').append(digits, 1, digits.length());
    }
    b.append(exp < 0 ? "e-" : "e+");
    int e = Math.abs(exp);
    return b.append(e < 10 ? "0" : "").append(e).toString();
  }

  /** Python's {@code repr(int)}. */
  public static String reprInt(long v) {
    return Long.toString(v);
  }

  /** Python's {@code repr(int)} of an exact integer given as a BigDecimal (fraction truncated toward zero). */
  public static String reprInt(BigDecimal v) {
    return v.setScale(0, RoundingMode.DOWN).toBigInteger().toString();
  }

  /**
   * Python's {@code repr(int(round(x)))}: rounds half to even like Python 3's {@code round()}, exact for
   * magnitudes beyond the long range.
   */
  public static String reprRoundedInt(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("Cannot round " + x + " to an integer");
    }
    BigInteger r = new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
    return r.toString();
  }
}
