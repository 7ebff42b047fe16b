package org.rios.rat;

import org.rios.errors.AttributeTableTypeException;

/**
 * The storage type of a raster attribute table column, mirroring GDAL's {@code GFT_*} field types. GDAL 3.6
 * has exactly these three; integer columns are 32-bit.
 *
 * <pre>{@code
 * Rat.writeColumn("classes.img", "Area", areas, RatColumnType.REAL, 1, RatColumnUsage.GENERIC);
 * }</pre>
 */
public enum RatColumnType {
  /** {@code GFT_Integer}: 32-bit signed integers, read as {@code int[]}. */
  INTEGER(0),
  /** {@code GFT_Real}: 64-bit floating point, read as {@code double[]}. */
  REAL(1),
  /** {@code GFT_String}: text, read as {@code String[]}. */
  STRING(2);

  // GDAL's enum values are part of its stable C ABI, so they are spelt out here rather than fetched through
  // JNI; that keeps this enum usable before the native library is loaded (RatColumnTest checks them).
  private final int gdalCode;

  RatColumnType(int gdalCode) {
    this.gdalCode = gdalCode;
  }

  /** GDAL's {@code GFT_*} code. */
  public int gdalCode() {
    return gdalCode;
  }

  /**
   * The type of a GDAL {@code GFT_*} code.
   *
   * @throws AttributeTableTypeException for a code this GDAL binding does not know
   */
  public static RatColumnType fromGdalCode(int code) {
    for (RatColumnType t : values()) {
      if (t.gdalCode == code) {
        return t;
      }
    }
    throw new AttributeTableTypeException("Unknown raster attribute table field type code " + code);
  }
}
