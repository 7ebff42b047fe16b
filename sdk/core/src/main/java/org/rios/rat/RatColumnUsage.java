package org.rios.rat;

/**
 * What a raster attribute table column means, mirroring GDAL's {@code GFU_*} field usages in the same order.
 * Colour usages matter to {@link Rat}: Real columns with a colour usage hold 0..1 values that are presented
 * as 0..255 integers.
 *
 * <pre>{@code
 * Rat.writeColumn(band, "Red", reds, RatColumnType.INTEGER, RatColumnUsage.RED);
 * RatColumnUsage u = Rat.getUsageOfColumn("classes.img", "Red");   // RED
 * }</pre>
 */
public enum RatColumnUsage {
  GENERIC, PIXEL_COUNT, NAME, MIN, MAX, MIN_MAX,
  RED, GREEN, BLUE, ALPHA,
  RED_MIN, GREEN_MIN, BLUE_MIN, ALPHA_MIN,
  RED_MAX, GREEN_MAX, BLUE_MAX, ALPHA_MAX;

  /**
   * GDAL's {@code GFU_*} code. GDAL numbers its usages 0..17 in exactly this order (a stable C ABI), so the
   * ordinal is the code; RatColumnTest checks it against the binding's constants.
   */
  public int gdalCode() {
    return ordinal();
  }

  /** The usage of a GDAL {@code GFU_*} code; codes this enum does not know (newer GDAL) read as GENERIC. */
  public static RatColumnUsage fromGdalCode(int code) {
    RatColumnUsage[] all = values();
    return code >= 0 && code < all.length ? all[code] : GENERIC;
  }

  /**
   * Whether this is one of the four plain colour usages (Red, Green, Blue, Alpha), the ones whose Real
   * columns are scaled by 255 on read and write, as RIOS does.
   */
  public boolean isColor() {
    return this == RED || this == GREEN || this == BLUE || this == ALPHA;
  }

  /**
   * Whether an HFA table holds at most one column of this usage: PixelCount, Name and the four plain colours.
   * GDAL looks these columns up by usage (histograms, class names, colour tables), and HFA stores them under
   * fixed names ("Histogram", "Class_Names", "Red", ...), so a second one would land on the first.
   */
  public boolean isSingular() {
    return this == PIXEL_COUNT || this == NAME || isColor();
  }
}
