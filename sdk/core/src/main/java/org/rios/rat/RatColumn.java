package org.rios.rat;

import java.util.Arrays;
import java.util.Objects;
import org.rios.errors.AttributeTableTypeException;
import org.rios.calcstats.PyFormat;

/**
 * The values of one raster attribute table column (or of a block of its rows): a typed array of
 * {@code int}, {@code double} or {@code String}, with conversions between them. Instances are immutable:
 * factories and the {@code to...Array} accessors copy.
 *
 * <pre>{@code
 * RatColumn v = Rat.readColumn("classes.img", "Value");
 * double[] d = v.toDoubleArray();              // whatever the stored type
 * RatColumn squares = RatColumn.ofDoubles(Arrays.stream(d).map(x -> x * x).toArray());
 * }</pre>
 *
 * <p>Conversions: integer to real is exact; real to integer truncates toward zero, as RIOS's integer columns
 * take it, and a real no {@code int} holds (NaN, infinite, beyond 32 bits) is an
 * {@link AttributeTableTypeException} rather than a cast's 0 or clamped bound; a column's numbers read as text
 * are as Python's {@code str} would print them ({@code 510}, {@code 510.0}), while numbers written into a text
 * column ({@link #of(Object, RatColumnType)}, {@code Rat.writeColumn}, a RAT applier's {@code setColumn}) are
 * stored as GDAL stores them when RIOS writes a number array into one ({@code "%.16g"}: {@code 510.0} as
 * {@code 510}, {@code 0.1 + 0.2} as {@code 0.3}); text becomes a number only if it parses
 * as one, otherwise {@link AttributeTableTypeException} naming the row.
 */
public final class RatColumn {
  private final RatColumnType type;
  private final int[] ints;
  private final double[] reals;
  private final String[] strings;

  private RatColumn(RatColumnType type, int[] ints, double[] reals, String[] strings) {
    this.type = type;
    this.ints = ints;
    this.reals = reals;
    this.strings = strings;
  }

  /** An INTEGER column holding a copy of {@code values}. */
  public static RatColumn ofInts(int... values) {
    return wrapInts(values.clone());
  }

  /** A REAL column holding a copy of {@code values}. */
  public static RatColumn ofDoubles(double... values) {
    return wrapDoubles(values.clone());
  }

  /** A STRING column holding a copy of {@code values}; null elements are stored as empty strings. */
  public static RatColumn ofStrings(String... values) {
    String[] copy = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      copy[i] = values[i] == null ? "" : values[i];
    }
    return new RatColumn(RatColumnType.STRING, null, null, copy);
  }

  /**
   * A column from any supported Java value, with the type inferred as described in
   * {@link Rat#inferColumnType(Object)}.
   *
   * @throws AttributeTableTypeException if the type cannot be inferred or a value does not fit
   */
  public static RatColumn of(Object values) {
    return RatValues.toColumn(values, null);
  }

  /**
   * A column of the given type from any supported Java value, converting as described above; a null
   * {@code type} means "infer".
   */
  public static RatColumn of(Object values, RatColumnType type) {
    return RatValues.toColumn(values, type);
  }

  // Package-private wrappers without copying, for arrays this package has just filled itself.
  static RatColumn wrapInts(int[] v) {
    return new RatColumn(RatColumnType.INTEGER, v, null, null);
  }

  static RatColumn wrapDoubles(double[] v) {
    return new RatColumn(RatColumnType.REAL, null, v, null);
  }

  static RatColumn wrapStrings(String[] v) {
    return new RatColumn(RatColumnType.STRING, null, null, v);
  }

  public RatColumnType type() {
    return type;
  }

  /** Number of rows. */
  public int length() {
    switch (type) {
      case INTEGER: return ints.length;
      case REAL: return reals.length;
      default: return strings.length;
    }
  }

  /**
   * Row {@code row} as an {@code int}; a real value is truncated toward zero, as RIOS's integer columns take
   * it.
   *
   * @throws AttributeTableTypeException for a real value no {@code int} holds (NaN, infinite, beyond 32 bits),
   *     which a cast would silently turn into 0 or a clamped bound
   */
  public int getInt(int row) {
    switch (type) {
      case INTEGER: return ints[row];
      case REAL: return truncate(reals[row], "Row " + row + " holds " + reals[row]);
      default: return parseInt(strings[row], row);
    }
  }

  /**
   * {@code v} truncated toward zero, as RIOS's integer columns take a real value; {@code what} names it in
   * the error for a value no {@code int} holds (NaN, infinite, beyond 32 bits).
   */
  static int truncate(double v, String what) {
    if (!(v > Integer.MIN_VALUE - 1.0 && v < Integer.MAX_VALUE + 1.0)) {
      throw new AttributeTableTypeException(what + ", which a 32-bit integer raster attribute table column "
          + "cannot hold");
    }
    return (int) v;
  }

  public double getDouble(int row) {
    switch (type) {
      case INTEGER: return ints[row];
      case REAL: return reals[row];
      default: return parseDouble(strings[row], row);
    }
  }

  public String getString(int row) {
    switch (type) {
      case INTEGER: return Integer.toString(ints[row]);
      case REAL: return PyFormat.reprFloat(reals[row]);
      default: return strings[row];
    }
  }

  /** A copy of the values as {@code int}s, converted if needed. */
  public int[] toIntArray() {
    if (type == RatColumnType.INTEGER) {
      return ints.clone();
    }
    int[] out = new int[length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getInt(i);
    }
    return out;
  }

  /** A copy of the values as {@code double}s, converted if needed. */
  public double[] toDoubleArray() {
    if (type == RatColumnType.REAL) {
      return reals.clone();
    }
    double[] out = new double[length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** A copy of the values as text, converted if needed. */
  public String[] toStringArray() {
    if (type == RatColumnType.STRING) {
      return strings.clone();
    }
    String[] out = new String[length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getString(i);
    }
    return out;
  }

  /** This column converted to {@code target} (this same object if it already has that type). */
  public RatColumn convertTo(RatColumnType target) {
    if (target == type) {
      return this;
    }
    switch (target) {
      case INTEGER: return wrapInts(toIntArray());
      case REAL: return wrapDoubles(toDoubleArray());
      default: return wrapStrings(toStringArray());
    }
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a new column. */
  public RatColumn slice(int from, int to) {
    switch (type) {
      case INTEGER: return wrapInts(Arrays.copyOfRange(ints, from, to));
      case REAL: return wrapDoubles(Arrays.copyOfRange(reals, from, to));
      default: return wrapStrings(Arrays.copyOfRange(strings, from, to));
    }
  }

  private static int parseInt(String s, int row) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new AttributeTableTypeException("Row " + row + " holds text '" + s + "', which is not an integer", e);
    }
  }

  private static double parseDouble(String s, int row) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new AttributeTableTypeException("Row " + row + " holds text '" + s + "', which is not a number", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RatColumn)) {
      return false;
    }
    RatColumn c = (RatColumn) o;
    return type == c.type && Arrays.equals(ints, c.ints) && Arrays.equals(reals, c.reals)
        && Arrays.equals(strings, c.strings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(ints), Arrays.hashCode(reals), Arrays.hashCode(strings));
  }

  @Override
  public String toString() {
    int n = Math.min(length(), 10);
    StringBuilder b = new StringBuilder("RatColumn[").append(type).append(", ").append(length()).append(" rows: ");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append(getString(i));
    }
    return b.append(length() > n ? ", ...]" : "]").toString();
  }
}
