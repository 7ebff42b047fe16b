package org.rios.calcstats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.gdal.gdal.Band;
import org.rios.gdal.GdalRuntime;
import org.rios.array.DataType;
import org.rios.errors.RiosException;

/**
 * Typed window reads and writes on one GDAL band, for the pixel types of {@link DataType}. The Java bindings
 * have no {@code long[]} overloads, so 64-bit integers travel as native-order bytes with the band's own
 * buffer type; every other type uses its primitive overload with an explicit buffer type so unsigned values
 * keep their bit patterns.
 */
final class BandIo {
  private BandIo() {}

  /** Writes {@code w x h} values of {@code data} (backing array of {@code type}) at (xoff, yoff). */
  static void write(Band band, int xoff, int yoff, int w, int h, DataType type, Object data) {
    if (w <= 0 || h <= 0) {
      return;
    }
    int code = GdalRuntime.gdalTypeCode(type);
    int rc;
    switch (type) {
      case UINT8: case INT8: rc = band.WriteRaster(xoff, yoff, w, h, w, h, code, (byte[]) data); break;
      case UINT16: case INT16: rc = band.WriteRaster(xoff, yoff, w, h, w, h, code, (short[]) data); break;
      case UINT32: case INT32: rc = band.WriteRaster(xoff, yoff, w, h, w, h, code, (int[]) data); break;
      case FLOAT32: rc = band.WriteRaster(xoff, yoff, w, h, w, h, code, (float[]) data); break;
      case FLOAT64: rc = band.WriteRaster(xoff, yoff, w, h, w, h, code, (double[]) data); break;
      default: {
        long[] longs = (long[]) data;
        ByteBuffer buf = ByteBuffer.allocate(w * h * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < w * h; i++) {
          buf.putLong(longs[i]);
        }
        rc = band.WriteRaster(xoff, yoff, w, h, w, h, code, buf.array());
      }
    }
    check(rc, "write", xoff, yoff, w, h);
  }

  /** Reads a {@code w x h} window at (xoff, yoff) into a new backing array of {@code type}. */
  static Object read(Band band, int xoff, int yoff, int w, int h, DataType type) {
    int code = GdalRuntime.gdalTypeCode(type);
    int n = w * h;
    int rc;
    Object out;
    switch (type) {
      case UINT8: case INT8: out = new byte[n]; rc = band.ReadRaster(xoff, yoff, w, h, w, h, code, (byte[]) out); break;
      case UINT16: case INT16:
        out = new short[n]; rc = band.ReadRaster(xoff, yoff, w, h, w, h, code, (short[]) out); break;
      case UINT32: case INT32: out = new int[n]; rc = band.ReadRaster(xoff, yoff, w, h, w, h, code, (int[]) out); break;
      case FLOAT32: out = new float[n]; rc = band.ReadRaster(xoff, yoff, w, h, w, h, code, (float[]) out); break;
      case FLOAT64: out = new double[n]; rc = band.ReadRaster(xoff, yoff, w, h, w, h, code, (double[]) out); break;
      default: {
        byte[] raw = new byte[n * 8];
        rc = band.ReadRaster(xoff, yoff, w, h, w, h, code, raw);
        long[] longs = new long[n];
        ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).asLongBuffer().get(longs);
        out = longs;
      }
    }
    check(rc, "read", xoff, yoff, w, h);
    return out;
  }

  private static void check(int rc, String what, int xoff, int yoff, int w, int h) {
    if (rc != 0) {
      throw new RiosException("GDAL could not " + what + " a " + w + "x" + h + " window at (" + xoff + ", " + yoff
          + "): " + org.gdal.gdal.gdal.GetLastErrorMsg());
    }
  }
}
