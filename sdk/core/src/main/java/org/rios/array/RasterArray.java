package org.rios.array;

import java.util.Arrays;
import java.util.Objects;
import org.rios.errors.ArrayShapeException;

/**
 * A typed 3-D block of pixels: {@code bands x rows x cols}, stored band after band, each band row-major, in
 * one primitive array of the type's width ({@code byte[]} for UINT8/INT8, {@code short[]} for
 * UINT16/INT16, {@code int[]} for UINT32/INT32, {@code long[]} for UINT64/INT64, {@code float[]},
 * {@code double[]}). The band axis is always present, even for one band, as in RIOS.
 *
 * <p>Element access: {@link #getDouble}/{@link #setDouble} and {@link #getLong}/{@link #setLong} work on any
 * type. Unsigned types read back as their unsigned value. {@code setDouble} on an integer type rounds toward
 * zero and wraps modulo 2^bits like a C cast of an in-range value (NaN becomes 0; values beyond the 64-bit
 * range saturate before wrapping). For fast loops use the typed backing array ({@link #bytes()},
 * {@link #shorts()}, ...) with {@link #index(int, int, int)}.
 *
 * <pre>{@code
 * RasterArray red = inputs.get("image").band(3);
 * RasterArray out = RasterArray.create(DataType.FLOAT32, 1, red.rows(), red.cols());
 * for (int r = 0; r < out.rows(); r++)
 *   for (int c = 0; c < out.cols(); c++)
 *     out.setDouble(0, r, c, red.getDouble(0, r, c) * 0.5);
 * }</pre>
 */
public final class RasterArray {
  private static final double TWO_POW_64 = 18446744073709551616.0;
  private static final double TWO_POW_63 = 9223372036854775808.0;

  private final DataType type;
  private final int bands;
  private final int rows;
  private final int cols;
  private final Object data;

  private RasterArray(DataType type, int bands, int rows, int cols, Object data) {
    this.type = Objects.requireNonNull(type, "type");
    this.bands = bands;
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A zero-filled array. */
  public static RasterArray create(DataType type, int bands, int rows, int cols) {
    requireType(type);
    return new RasterArray(type, bands, rows, cols, allocate(type, elements(bands, rows, cols)));
  }

  private static void requireType(DataType type) {
    if (type == null) {
      throw new org.rios.errors.ParameterException("The array's data type must not be null");
    }
  }

  /** bands * rows * cols, checked: no negative dimension, and a size a Java array can have. */
  private static int elements(int bands, int rows, int cols) {
    if (bands < 0 || rows < 0 || cols < 0) {
      throw new ArrayShapeException("Negative array shape (" + bands + ", " + rows + ", " + cols + ")");
    }
    if (bands == 0 || rows == 0 || cols == 0) {
      return 0;
    }
    long n = (long) bands * rows; // each factor is below 2^31, so neither product overflows a long
    if (n > Integer.MAX_VALUE || n * cols > Integer.MAX_VALUE - 8) {
      throw new ArrayShapeException("Array of shape (" + bands + ", " + rows + ", " + cols + ") is too large");
    }
    return (int) (n * cols);
  }

  /** An array filled with {@code value} (converted as {@link #setDouble} does). */
  public static RasterArray filled(DataType type, int bands, int rows, int cols, double value) {
    RasterArray a = create(type, bands, rows, cols);
    a.fill(value);
    return a;
  }

  /**
   * Wraps an existing primitive array without copying. {@code data} must be the backing array type of
   * {@code type} and have exactly {@code bands * rows * cols} elements.
   */
  public static RasterArray wrap(DataType type, int bands, int rows, int cols, Object data) {
    requireType(type);
    int needed = elements(bands, rows, cols);
    Object expected = allocate(type, 0);
    if (data == null || data.getClass() != expected.getClass()) {
      throw new ArrayShapeException("Backing array for " + type + " must be "
          + expected.getClass().getSimpleName() + ", got " + (data == null ? "null" : data.getClass().getSimpleName()));
    }
    int len = java.lang.reflect.Array.getLength(data);
    if (needed != len) {
      throw new ArrayShapeException("Backing array has " + len + " elements; shape (" + bands + ", " + rows
          + ", " + cols + ") needs " + needed);
    }
    return new RasterArray(type, bands, rows, cols, data);
  }

  private static Object allocate(DataType type, int n) {
    switch (type) {
      case UINT8: case INT8: return new byte[n];
      case UINT16: case INT16: return new short[n];
      case UINT32: case INT32: return new int[n];
      case UINT64: case INT64: return new long[n];
      case FLOAT32: return new float[n];
      default: return new double[n];
    }
  }

  public DataType dataType() {
    return type;
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Number of elements, {@code bands * rows * cols}. */
  public int size() {
    return bands * rows * cols;
  }

  /** Number of elements in one band, {@code rows * cols}. */
  public int bandSize() {
    return rows * cols;
  }

  /** Position of (band, row, col) in the backing array. Bands are 0-based here. */
  public int index(int band, int row, int col) {
    return (band * rows + row) * cols + col;
  }

  /** The backing array as an Object (byte[], short[], int[], long[], float[] or double[]). */
  public Object data() {
    return data;
  }

  public byte[] bytes() {
    return (byte[]) backing(DataType.UINT8, DataType.INT8);
  }

  public short[] shorts() {
    return (short[]) backing(DataType.UINT16, DataType.INT16);
  }

  public int[] ints() {
    return (int[]) backing(DataType.UINT32, DataType.INT32);
  }

  public long[] longs() {
    return (long[]) backing(DataType.UINT64, DataType.INT64);
  }

  public float[] floats() {
    return (float[]) backing(DataType.FLOAT32, DataType.FLOAT32);
  }

  public double[] doubles() {
    return (double[]) backing(DataType.FLOAT64, DataType.FLOAT64);
  }

  private Object backing(DataType a, DataType b) {
    if (type != a && type != b) {
      throw new ArrayShapeException("Array is " + type + ", not " + a + (a == b ? "" : " or " + b));
    }
    return data;
  }

  /** The value at a flat index, as a double (unsigned types as their unsigned value). */
  public double getDoubleAt(int i) {
    switch (type) {
      case UINT8: return ((byte[]) data)[i] & 0xFF;
      case INT8: return ((byte[]) data)[i];
      case UINT16: return ((short[]) data)[i] & 0xFFFF;
      case INT16: return ((short[]) data)[i];
      case UINT32: return ((int[]) data)[i] & 0xFFFFFFFFL;
      case INT32: return ((int[]) data)[i];
      case UINT64: return DataType.unsignedToDouble(((long[]) data)[i]);
      case INT64: return ((long[]) data)[i];
      case FLOAT32: return ((float[]) data)[i];
      default: return ((double[]) data)[i];
    }
  }

  /**
   * The value at a flat index as a long. Unsigned types give their unsigned value, except UINT64 values of
   * 2^63 and above, which come back as their two's-complement bit pattern; floats are truncated toward zero.
   */
  public long getLongAt(int i) {
    switch (type) {
      case UINT8: return ((byte[]) data)[i] & 0xFF;
      case INT8: return ((byte[]) data)[i];
      case UINT16: return ((short[]) data)[i] & 0xFFFF;
      case INT16: return ((short[]) data)[i];
      case UINT32: return ((int[]) data)[i] & 0xFFFFFFFFL;
      case INT32: return ((int[]) data)[i];
      case UINT64: case INT64: return ((long[]) data)[i];
      case FLOAT32: return (long) ((float[]) data)[i];
      default: return (long) ((double[]) data)[i];
    }
  }

  /** Stores a double at a flat index, converting as described in the class comment. */
  public void setDoubleAt(int i, double v) {
    switch (type) {
      case FLOAT32: ((float[]) data)[i] = (float) v; return;
      case FLOAT64: ((double[]) data)[i] = v; return;
      default: setLongAt(i, toLongBits(v));
    }
  }

  /** Stores a long at a flat index; integer types keep the low bits (wrap), floats convert. */
  public void setLongAt(int i, long v) {
    switch (type) {
      case UINT8: case INT8: ((byte[]) data)[i] = (byte) v; return;
      case UINT16: case INT16: ((short[]) data)[i] = (short) v; return;
      case UINT32: case INT32: ((int[]) data)[i] = (int) v; return;
      case UINT64: case INT64: ((long[]) data)[i] = v; return;
      case FLOAT32: ((float[]) data)[i] = (float) v; return;
      default: ((double[]) data)[i] = (double) v;
    }
  }

  /** Truncates toward zero and maps onto 64 bits so that narrowing casts wrap like C. */
  private static long toLongBits(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    double t = v < 0 ? Math.ceil(v) : Math.floor(v);
    if (t >= TWO_POW_63) {
      if (t >= TWO_POW_64) {
        return -1L;
      }
      return (long) (t - TWO_POW_63) + Long.MIN_VALUE;
    }
    return (long) t;
  }

  public double getDouble(int band, int row, int col) {
    return getDoubleAt(checkedIndex(band, row, col));
  }

  public void setDouble(int band, int row, int col, double v) {
    setDoubleAt(checkedIndex(band, row, col), v);
  }

  public long getLong(int band, int row, int col) {
    return getLongAt(checkedIndex(band, row, col));
  }

  public void setLong(int band, int row, int col, long v) {
    setLongAt(checkedIndex(band, row, col), v);
  }

  private int checkedIndex(int band, int row, int col) {
    if (band < 0 || band >= bands || row < 0 || row >= rows || col < 0 || col >= cols) {
      throw new IndexOutOfBoundsException("(" + band + ", " + row + ", " + col + ") outside array of shape ("
          + bands + ", " + rows + ", " + cols + ")");
    }
    return index(band, row, col);
  }

  /** Sets every element to {@code value} (converted as {@link #setDouble} does). */
  public RasterArray fill(double value) {
    fillRange(0, size(), value);
    return this;
  }

  /** Sets every element of one band (0-based) to {@code value}. */
  public RasterArray fillBand(int band, double value) {
    checkBand(band);
    fillRange(band * bandSize(), (band + 1) * bandSize(), value);
    return this;
  }

  private void fillRange(int from, int to, double value) {
    switch (type) {
      case UINT8: case INT8: Arrays.fill((byte[]) data, from, to, (byte) toLongBits(value)); return;
      case UINT16: case INT16: Arrays.fill((short[]) data, from, to, (short) toLongBits(value)); return;
      case UINT32: case INT32: Arrays.fill((int[]) data, from, to, (int) toLongBits(value)); return;
      case UINT64: case INT64: Arrays.fill((long[]) data, from, to, toLongBits(value)); return;
      case FLOAT32: Arrays.fill((float[]) data, from, to, (float) value); return;
      default: Arrays.fill((double[]) data, from, to, value);
    }
  }

  /** A copy of one band (0-based) as a 1-band array. */
  public RasterArray band(int band) {
    return bands(new int[] {band});
  }

  /** A copy of the given bands (0-based, in the given order). */
  public RasterArray bands(int[] bandIndexes) {
    RasterArray out = create(type, bandIndexes.length, rows, cols);
    int n = bandSize();
    for (int i = 0; i < bandIndexes.length; i++) {
      checkBand(bandIndexes[i]);
      System.arraycopy(data, bandIndexes[i] * n, out.data, i * n, n);
    }
    return out;
  }

  private void checkBand(int band) {
    if (band < 0 || band >= bands) {
      throw new IndexOutOfBoundsException("Band " + band + " outside array of " + bands + " bands (0-based)");
    }
  }

  /** Copies a 1-band array (same type and shape) into band {@code band} (0-based) of this array. */
  public void setBand(int band, RasterArray source) {
    checkBand(band);
    if (source == null) {
      throw new ArrayShapeException("setBand: the source array must not be null");
    }
    if (source.type != type || source.rows != rows || source.cols != cols || source.bands != 1) {
      throw new ArrayShapeException("setBand needs a 1-band " + type + " array of " + rows + "x" + cols
          + ", got " + source.shapeString() + " " + source.type);
    }
    System.arraycopy(source.data, 0, data, band * bandSize(), bandSize());
  }

  /** A deep copy. */
  public RasterArray copy() {
    return new RasterArray(type, bands, rows, cols, copyOf(data));
  }

  private static Object copyOf(Object d) {
    if (d instanceof byte[]) return ((byte[]) d).clone();
    if (d instanceof short[]) return ((short[]) d).clone();
    if (d instanceof int[]) return ((int[]) d).clone();
    if (d instanceof long[]) return ((long[]) d).clone();
    if (d instanceof float[]) return ((float[]) d).clone();
    return ((double[]) d).clone();
  }

  /**
   * A copy converted to another type, element by element as {@link #setDouble} converts, except that a 64-bit
   * integer becomes the nearest FLOAT32 directly, rounded once as numpy's {@code astype} does (through a double it
   * could land on the other neighbour). To FLOAT64 or FLOAT32
   * it runs one typed loop over the arrays (the way to convert an input of any type once per block, then index
   * the result's {@code doubles()} or {@code floats()} in the user function's loop).
   */
  public RasterArray astype(DataType newType) {
    requireType(newType);
    if (newType == type) {
      return copy();
    }
    RasterArray out = create(newType, bands, rows, cols);
    int n = size();
    if (newType == DataType.FLOAT64) {
      valuesAsDoubles(0, n, (double[]) out.data, 0);
      return out;
    }
    if (newType == DataType.FLOAT32 && (type == DataType.INT64 || type == DataType.UINT64)) {
      // each value rounded once: through a double it was rounded twice (2^54 + 2^30 + 1 gave 2^54)
      long[] a = (long[]) data;
      float[] f = (float[]) out.data;
      for (int i = 0; i < n; i++) {
        f[i] = type == DataType.INT64 ? (float) a[i] : DataType.unsignedToFloat(a[i]);
      }
      return out;
    }
    if (newType == DataType.FLOAT32) {
      float[] f = (float[]) out.data;
      double[] chunk = new double[Math.min(n, ASTYPE_CHUNK)];
      for (int from = 0, len; from < n; from += len) { // from + len <= n: no overflow near 2^31 elements
        len = Math.min(chunk.length, n - from);
        valuesAsDoubles(from, from + len, chunk, 0);
        for (int k = 0; k < len; k++) {
          f[from + k] = (float) chunk[k];
        }
      }
      return out;
    }
    boolean integerToInteger = type.isInteger() && newType.isInteger();
    for (int i = 0; i < n; i++) {
      if (integerToInteger) {
        out.setLongAt(i, getLongAt(i));
      } else {
        out.setDoubleAt(i, getDoubleAt(i));
      }
    }
    return out;
  }

  /** Elements per pass of {@link #astype} to FLOAT32 (through a small double buffer). */
  private static final int ASTYPE_CHUNK = 4096;

  /** Elements {@code [from, to)} as {@link #getDoubleAt} gives them, into {@code dst} from {@code offset}. */
  private void valuesAsDoubles(int from, int to, double[] dst, int offset) {
    int d = offset - from;
    switch (type) {
      case UINT8: {
        byte[] a = (byte[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i] & 0xFF;
        }
        return;
      }
      case INT8: {
        byte[] a = (byte[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i];
        }
        return;
      }
      case UINT16: {
        short[] a = (short[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i] & 0xFFFF;
        }
        return;
      }
      case INT16: {
        short[] a = (short[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i];
        }
        return;
      }
      case UINT32: {
        int[] a = (int[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i] & 0xFFFFFFFFL;
        }
        return;
      }
      case INT32: {
        int[] a = (int[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i];
        }
        return;
      }
      case INT64: {
        long[] a = (long[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i];
        }
        return;
      }
      case FLOAT32: {
        float[] a = (float[]) data;
        for (int i = from; i < to; i++) {
          dst[i + d] = a[i];
        }
        return;
      }
      case FLOAT64:
        System.arraycopy(data, from, dst, offset, to - from);
        return;
      default: // UINT64: its unsigned value
        for (int i = from; i < to; i++) {
          dst[i + d] = getDoubleAt(i);
        }
    }
  }

  /**
   * A copy of the window {@code rows [row0, row0+nrows) x cols [col0, col0+ncols)} of every band; used to
   * trim overlap margins.
   */
  public RasterArray subWindow(int row0, int col0, int nrows, int ncols) {
    if (row0 < 0 || col0 < 0 || nrows < 0 || ncols < 0 || (long) row0 + nrows > rows
        || (long) col0 + ncols > cols) {
      throw new ArrayShapeException("Window (" + row0 + ", " + col0 + ", " + nrows + ", " + ncols
          + ") outside array of shape " + shapeString());
    }
    if (row0 == 0 && col0 == 0 && nrows == rows && ncols == cols) {
      return this;
    }
    RasterArray out = create(type, bands, nrows, ncols);
    for (int b = 0; b < bands; b++) {
      for (int r = 0; r < nrows; r++) {
        System.arraycopy(data, index(b, row0 + r, col0), out.data, out.index(b, r, 0), ncols);
      }
    }
    return out;
  }

  /**
   * Copies all bands of {@code src} into this array with its top-left at (row0, col0). Used to place a
   * partial read into a pre-filled block.
   */
  public void paste(RasterArray src, int row0, int col0) {
    if (src == null) {
      throw new ArrayShapeException("paste: the source array must not be null");
    }
    if (src.type != type || src.bands != bands || row0 < 0 || col0 < 0 || (long) row0 + src.rows > rows
        || (long) col0 + src.cols > cols) {
      throw new ArrayShapeException("Cannot paste " + src.shapeString() + " " + src.type + " at (" + row0 + ", "
          + col0 + ") into " + shapeString() + " " + type);
    }
    for (int b = 0; b < bands; b++) {
      for (int r = 0; r < src.rows; r++) {
        System.arraycopy(src.data, src.index(b, r, 0), data, index(b, row0 + r, col0), src.cols);
      }
    }
  }

  /** "(bands, rows, cols)". */
  public String shapeString() {
    return "(" + bands + ", " + rows + ", " + cols + ")";
  }

  /** True when both arrays have the same type, shape and element values. */
  public boolean contentEquals(RasterArray o) {
    if (o == null || o.type != type || o.bands != bands || o.rows != rows || o.cols != cols) {
      return false;
    }
    return Objects.deepEquals(data, o.data);
  }

  @Override
  public String toString() {
    return "RasterArray[" + type + " " + shapeString() + "]";
  }
}
