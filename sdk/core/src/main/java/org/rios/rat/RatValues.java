package org.rios.rat;

import java.util.Collection;
import org.rios.errors.AttributeTableTypeException;

/**
 * Turns the Java values users hand to {@link Rat#writeColumn} and the RAT applier into {@link RatColumn}s,
 * and infers a column type from them (RIOS infers from the first element; Java arrays carry their element
 * type, which is used directly, so even an empty primitive array has a type).
 */
final class RatValues {
  private RatValues() {}

  /** The inferred type, or null if none can be inferred (RIOS returns None). */
  static RatColumnType infer(Object values) {
    if (values instanceof RatColumn) {
      return ((RatColumn) values).type();
    }
    if (values instanceof int[] || values instanceof short[] || values instanceof long[]
        || values instanceof boolean[]) {
      return RatColumnType.INTEGER;
    }
    if (values instanceof double[] || values instanceof float[]) {
      return RatColumnType.REAL;
    }
    Object[] objs = asObjects(values);
    if (objs == null) {
      return null;  // byte[], char[], scalars, maps...: see toColumn for why
    }
    if (objs.length == 0) {
      return objs instanceof CharSequence[] ? RatColumnType.STRING : null;
    }
    return inferElement(objs[0]);
  }

  private static RatColumnType inferElement(Object first) {
    if (first instanceof Integer || first instanceof Long || first instanceof Short || first instanceof Byte
        || first instanceof Boolean) {
      return RatColumnType.INTEGER;
    }
    if (first instanceof Double || first instanceof Float) {
      return RatColumnType.REAL;
    }
    if (first instanceof CharSequence) {
      return RatColumnType.STRING;
    }
    return null;
  }

  private static Object[] asObjects(Object values) {
    if (values instanceof Object[]) {
      return (Object[]) values;
    }
    if (values instanceof Collection) {
      return ((Collection<?>) values).toArray();
    }
    return null;
  }

  /**
   * {@code values} as a column of type {@code type} (null = infer).
   *
   * @throws AttributeTableTypeException if no type can be inferred, or a value cannot become that type
   */
  static RatColumn toColumn(Object values, RatColumnType type) {
    if (values == null) {
      throw new AttributeTableTypeException("No column values given (null)");
    }
    if (values instanceof byte[]) {
      // byte[] holds both UINT8 and INT8 raster data in this library, so its sign is ambiguous
      throw new AttributeTableTypeException("Cannot write a byte[] column: its signedness is ambiguous; "
          + "convert it to int[] first");
    }
    RatColumnType inferred = infer(values);
    RatColumnType target = type != null ? type : inferred;
    if (target == null) {
      throw new AttributeTableTypeException("Cannot infer a raster attribute table column type from "
          + describe(values) + "; use int[], long[], double[], float[], String[] or give the type explicitly");
    }
    RatColumn natural = natural(values, inferred, target);
    if (target == RatColumnType.STRING && natural.type() == RatColumnType.REAL) {
      // reals written into a text column become the text GDAL makes of them ("%.16g": 510.0 is "510"), as
      // when RIOS writes a float array into one; read back as text they are Python's (RatColumn.getString)
      double[] d = natural.toDoubleArray();
      String[] out = new String[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = gdalText(d[i]);
      }
      return RatColumn.wrapStrings(out);
    }
    return natural.convertTo(target);
  }

  /** The text GDAL stores for a real written into a raster attribute table's text column. */
  private static String gdalText(double v) {
    return org.rios.calcstats.PyFormat.percentG(v, 16);
  }

  /** The values in their own type where it is known, else (empty or untyped) directly in the target type. */
  private static RatColumn natural(Object values, RatColumnType inferred, RatColumnType target) {
    if (values instanceof RatColumn) {
      return (RatColumn) values;
    }
    if (values instanceof int[]) {
      return RatColumn.wrapInts(((int[]) values).clone());
    }
    if (values instanceof short[]) {
      short[] s = (short[]) values;
      int[] out = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        out[i] = s[i];
      }
      return RatColumn.wrapInts(out);
    }
    if (values instanceof long[] && target == RatColumnType.REAL) {
      // straight to doubles (exact to 2^53): pixel counts beyond 32 bits belong in a real column
      long[] l = (long[]) values;
      double[] out = new double[l.length];
      for (int i = 0; i < l.length; i++) {
        out[i] = l[i];
      }
      return RatColumn.wrapDoubles(out);
    }
    if (values instanceof long[]) {
      long[] l = (long[]) values;
      int[] out = new int[l.length];
      for (int i = 0; i < l.length; i++) {
        out[i] = toInt(l[i], i);
      }
      return RatColumn.wrapInts(out);
    }
    if (values instanceof boolean[]) {
      boolean[] b = (boolean[]) values;
      int[] out = new int[b.length];
      for (int i = 0; i < b.length; i++) {
        out[i] = b[i] ? 1 : 0;
      }
      return RatColumn.wrapInts(out);
    }
    if (values instanceof double[]) {
      return RatColumn.wrapDoubles(((double[]) values).clone());
    }
    if (values instanceof float[]) {
      float[] f = (float[]) values;
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return RatColumn.wrapDoubles(out);
    }
    Object[] objs = asObjects(values);
    if (objs == null) {
      throw new AttributeTableTypeException("Cannot make a raster attribute table column from "
          + describe(values));
    }
    return fromObjects(objs, inferred != null ? inferred : target);
  }

  private static RatColumn fromObjects(Object[] objs, RatColumnType type) {
    switch (type) {
      case INTEGER: {
        int[] out = new int[objs.length];
        for (int i = 0; i < objs.length; i++) {
          out[i] = intOf(objs[i], i);
        }
        return RatColumn.wrapInts(out);
      }
      case REAL: {
        double[] out = new double[objs.length];
        for (int i = 0; i < objs.length; i++) {
          out[i] = numberOf(objs[i], i).doubleValue();
        }
        return RatColumn.wrapDoubles(out);
      }
      default: {
        String[] out = new String[objs.length];
        for (int i = 0; i < objs.length; i++) {
          if (objs[i] == null) {
            throw new AttributeTableTypeException("Column value " + i + " is null");
          }
          out[i] = objs[i] instanceof CharSequence ? objs[i].toString()
              : objs[i] instanceof Double || objs[i] instanceof Float ? gdalText(((Number) objs[i]).doubleValue())
              : RatColumn.of(new Object[] {objs[i]}).getString(0);
        }
        return RatColumn.wrapStrings(out);
      }
    }
  }

  private static int intOf(Object o, int i) {
    if (o instanceof Boolean) {
      return (Boolean) o ? 1 : 0;
    }
    if (o instanceof CharSequence) {
      return RatColumn.ofStrings(o.toString()).getInt(0);
    }
    Number n = numberOf(o, i);
    if (n instanceof Double || n instanceof Float) {
      return RatColumn.truncate(n.doubleValue(), "Column value " + i + " (" + n.doubleValue() + ")");
    }
    return toInt(n.longValue(), i);
  }

  private static Number numberOf(Object o, int i) {
    if (o instanceof Number) {
      return (Number) o;
    }
    if (o instanceof Boolean) {
      return (Boolean) o ? 1 : 0;
    }
    if (o instanceof CharSequence) {
      return RatColumn.ofStrings(o.toString()).getDouble(0);
    }
    throw new AttributeTableTypeException("Column value " + i + " (" + describe(o) + ") is not a number");
  }

  private static int toInt(long v, int i) {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new AttributeTableTypeException("Column value " + i + " (" + v
          + ") does not fit a 32-bit integer raster attribute table column");
    }
    return (int) v;
  }

  private static String describe(Object o) {
    return o == null ? "null" : "a " + o.getClass().getSimpleName();
  }
}
