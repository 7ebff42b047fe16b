package org.rios.array;

import org.rios.errors.UnsupportedDataTypeException;

/**
 * The pixel types a {@link RasterArray} can hold, and their GDAL equivalents.
 *
 * <p>Unsigned types are stored in the signed Java primitive of the same width and read back as their
 * unsigned value through {@link RasterArray#getDouble} and {@link RasterArray#getLong}.
 *
 * <pre>{@code
 * RasterArray ndvi = RasterArray.create(DataType.FLOAT32, 1, 256, 256);
 * int gdalType = DataType.FLOAT32.gdalCode();   // GDT_Float32
 * }</pre>
 */
public enum DataType {
  UINT8(1, 1, false, false, "Byte"),
  INT8(1, 14, true, false, "Int8"),
  UINT16(2, 2, false, false, "UInt16"),
  INT16(2, 3, true, false, "Int16"),
  UINT32(4, 4, false, false, "UInt32"),
  INT32(4, 5, true, false, "Int32"),
  UINT64(8, 12, false, false, "UInt64"),
  INT64(8, 13, true, false, "Int64"),
  FLOAT32(4, 6, true, true, "Float32"),
  FLOAT64(8, 7, true, true, "Float64");

  private final int bytes;
  /** GDAL's GDT_* code: fixed numbers in GDAL's C API (Int8, 14, exists from GDAL 3.7 on). */
  private final int gdalCode;
  private final boolean signed;
  private final boolean floating;
  private final String gdalName;

  DataType(int bytes, int gdalCode, boolean signed, boolean floating, String gdalName) {
    this.bytes = bytes;
    this.gdalCode = gdalCode;
    this.signed = signed;
    this.floating = floating;
    this.gdalName = gdalName;
  }

  /** Size of one pixel value in bytes. */
  public int byteSize() {
    return bytes;
  }

  public boolean isSigned() {
    return signed;
  }

  public boolean isFloatingPoint() {
    return floating;
  }

  /**
   * The value of this 64-bit integer type nearest to {@code v}, as an array of the type stores it (for UINT64
   * its bit pattern): for a null value GDAL hands over as a double, where INT64_MAX arrives as 2<sup>63</sup>
   * and UINT64_MAX as 2<sup>64</sup>, one beyond the type, which an element cast as {@code setDouble} casts
   * (wrapping, as numpy's) would turn into the other end of the range. NaN gives 0.
   *
   * @throws IllegalStateException for a type other than INT64 and UINT64
   */
  public long nearest64(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    switch (this) {
      case INT64:
        return (long) v;   // Java's conversion saturates at the type's ends
      case UINT64:
        if (v <= 0) {
          return 0;
        }
        if (v >= 18446744073709551616.0) {
          return -1L;
        }
        return v >= 9223372036854775808.0 ? (long) (v - 9223372036854775808.0) ^ Long.MIN_VALUE : (long) v;
      default:
        throw new IllegalStateException("nearest64 on " + this);
    }
  }

  /** Whether this is INT64 or UINT64. */
  public boolean is64BitInteger() {
    return this == INT64 || this == UINT64;
  }

  public boolean isInteger() {
    return !floating;
  }

  /** GDAL's name for the type, e.g. {@code "UInt16"}. */
  public String gdalName() {
    return gdalName;
  }

  /** Smallest value the type can hold (as a double; exact for all but the 64-bit integer types). */
  public double minValue() {
    switch (this) {
      case UINT8: case UINT16: case UINT32: case UINT64: return 0;
      case INT8: return Byte.MIN_VALUE;
      case INT16: return Short.MIN_VALUE;
      case INT32: return Integer.MIN_VALUE;
      case INT64: return Long.MIN_VALUE;
      case FLOAT32: return -Float.MAX_VALUE;
      default: return -Double.MAX_VALUE;
    }
  }

  /**
   * Whether a pixel of this type can hold {@code v}: for an integer type exactly, a whole number within its
   * range (never NaN or an infinity); for Float32 NaN, an infinity or a value within its range (rounded to
   * the nearest float); any value for Float64.
   */
  public boolean canHold(double v) {
    if (this == FLOAT32) {
      // a value that rounds to a finite float: -3.4028235e38, as GDAL prints -FLT_MAX, is slightly beyond it
      return !Double.isFinite(v) || !Float.isInfinite((float) v);
    }
    if (!isInteger()) {
      return true;
    }
    if (v != Math.rint(v) || v < minValue()) {
      return false;
    }
    switch (this) {
      // their maximum is not a double: it rounds up to 2^64 and 2^63, which the types cannot hold
      case UINT64: return v < 0x1p64;
      case INT64: return v < 0x1p63;
      default: return v <= maxValue();
    }
  }

  /** The values the type holds, for messages: "0 to 255", "-3.4028235E38 to 3.4028235E38". */
  public String rangeText() {
    switch (this) {
      case UINT64: return "0 to 18446744073709551615";
      case INT64: return Long.MIN_VALUE + " to " + Long.MAX_VALUE;
      case FLOAT32: return -Float.MAX_VALUE + " to " + Float.MAX_VALUE;
      case FLOAT64: return -Double.MAX_VALUE + " to " + Double.MAX_VALUE;
      default: return (long) minValue() + " to " + (long) maxValue();
    }
  }

  /** Largest value the type can hold (as a double; exact for all but the 64-bit integer types). */
  public double maxValue() {
    switch (this) {
      case UINT8: return 255;
      case INT8: return Byte.MAX_VALUE;
      case UINT16: return 65535;
      case INT16: return Short.MAX_VALUE;
      case UINT32: return 4294967295.0;
      case INT32: return Integer.MAX_VALUE;
      case UINT64: return 18446744073709551615.0;
      case INT64: return Long.MAX_VALUE;
      case FLOAT32: return Float.MAX_VALUE;
      default: return Double.MAX_VALUE;
    }
  }

  /**
   * GDAL's type code ({@code GDT_*}) for this type. Whether the GDAL loaded at run time has the type (Int8
   * needs GDAL 3.7) is checked where GDAL is called, by {@code GdalRuntime.gdalTypeCode}.
   */
  public int gdalCode() {
    return gdalCode;
  }

  /**
   * The DataType of a GDAL type code.
   *
   * @throws UnsupportedDataTypeException for complex and unknown GDAL types, naming {@code what}
   */
  /**
   * The unsigned 64-bit value {@code bits} as the nearest double (ties to even), as numpy converts a uint64:
   * the value halved with its lowest bit kept as a sticky bit, converted once, then doubled exactly. Halving
   * and adding the lowest bit back rounded twice (2^63 + 2^10 + 1 gave 2^63, not 2^63 + 2^11).
   */
  public static double unsignedToDouble(long bits) {
    return bits >= 0 ? (double) bits : (double) ((bits >>> 1) | (bits & 1)) * 2.0;
  }

  /** The unsigned 64-bit value {@code bits} as the nearest float, rounded once as {@link #unsignedToDouble}. */
  public static float unsignedToFloat(long bits) {
    return bits >= 0 ? (float) bits : (float) ((bits >>> 1) | (bits & 1)) * 2.0f;
  }

  public static DataType fromGdalCode(int gdalCode, String what) {
    for (DataType t : values()) {
      if (t.gdalCode == gdalCode) {
        return t;
      }
    }
    throw new UnsupportedDataTypeException("GDAL data type " + gdalCode + " of " + what
        + " has no RasterArray equivalent (complex types are not supported)");
  }

  /** Looks a type up by its GDAL name ("Byte", "Int16", ...) or its enum name ("UINT8", "int16", ...). */
  public static DataType fromName(String name) {
    for (DataType t : values()) {
      if (t.gdalName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new UnsupportedDataTypeException("Unknown data type name '" + name + "'");
  }
}
