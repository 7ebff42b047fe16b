package org.rios.gdal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.gdal.gdal.Dataset;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * Moves pixels between GDAL datasets and {@link RasterArray}s in one call per window for all bands, in the
 * array's own type (GDAL converts on the fly). The only place that calls GDAL's ReadRaster/WriteRaster.
 */
public final class RasterIO {
  private RasterIO() {}

  /**
   * Reads a window of the given bands (1-based) into {@code into}, whose shape must be
   * (bands.length, ysize, xsize).
   */
  public static void read(Dataset ds, int xoff, int yoff, int xsize, int ysize, int[] bands, RasterArray into) {
    DataType t = into.dataType();
    int gdalType = GdalRuntime.gdalTypeCode(t);
    int rc;
    org.gdal.gdal.gdal.ErrorReset();
    switch (t) {
      case UINT8: case INT8:
        rc = ds.ReadRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, into.bytes(), bands);
        break;
      case UINT16: case INT16:
        rc = ds.ReadRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, into.shorts(), bands);
        break;
      case UINT32: case INT32:
        rc = ds.ReadRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, into.ints(), bands);
        break;
      case FLOAT32:
        rc = ds.ReadRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, into.floats(), bands);
        break;
      case FLOAT64:
        rc = ds.ReadRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, into.doubles(), bands);
        break;
      default: {
        // The Java bindings have no long[] overloads: read the 64-bit words as bytes.
        byte[] raw = new byte[stagingBytes(into)];
        rc = ds.ReadRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, raw, bands);
        ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).asLongBuffer().get(into.longs());
      }
    }
    if (rc != 0) {
      String why = org.gdal.gdal.gdal.GetLastErrorMsg();
      if ((why == null || why.isBlank()) && "GTiff".equals(ds.GetDriver().getShortName())) {
        why = reasonFromOneThread(ds, xoff, yoff, xsize, ysize, bands);
      }
      throw new org.rios.errors.FileOpenException("GDAL failed to read window (" + xoff + ", " + yoff + ", "
          + xsize + ", " + ysize + ") of " + VirtualPaths.forMessage(ds.GetDescription()) + ": "
          + (why == null || why.isBlank() ? "GDAL gives no reason (a truncated file, or a connection closed "
              + "while reading?)" : OpenFailures.explained(VirtualPaths.forMessage(why))));
    }
    if (org.gdal.gdal.gdal.GetLastErrorType() == org.gdal.gdalconst.gdalconstConstants.CE_Warning) {
      ReadWarnings.report(ds.GetDescription(), xoff, yoff, xsize, ysize, org.gdal.gdal.gdal.GetLastErrorMsg());
    }
  }

  /**
   * GDAL's reason for a failed read of a GTiff's window, from the same read on the file opened again with one
   * decoding thread: GDAL 3.6's multi-threaded GTiff decoding ({@code NUM_THREADS}, which runs use where cores
   * are free) fails a damaged tile or strip without a message, where one thread says which and why. Null if
   * that read succeeds too, or the file cannot be opened again.
   */
  private static String reasonFromOneThread(Dataset ds, int xoff, int yoff, int xsize, int ysize, int[] bands) {
    java.util.Vector<String> oneThread = new java.util.Vector<>();
    oneThread.add("NUM_THREADS=1");
    Dataset again = null;
    try {
      again = org.gdal.gdal.gdal.OpenEx(ds.GetDescription(), org.gdal.gdalconst.gdalconstConstants.OF_RASTER
          | org.gdal.gdalconst.gdalconstConstants.OF_READONLY, null, oneThread);
      if (again == null) {
        return null;
      }
      org.gdal.gdal.gdal.ErrorReset();
      int rc = again.ReadRaster(xoff, yoff, xsize, ysize, xsize, ysize,
          org.gdal.gdalconst.gdalconstConstants.GDT_Byte, new byte[xsize * ysize * bands.length], bands);
      String why = org.gdal.gdal.gdal.GetLastErrorMsg();
      return rc != 0 && why != null && !why.isBlank() ? why : null;
    } catch (RuntimeException e) {
      return null;
    } finally {
      if (again != null) {
        again.delete();
      }
      org.gdal.gdal.gdal.ErrorReset();
    }
  }

  /** The bytes of {@code a}'s 64-bit words, which must fit one Java byte array. */
  private static int stagingBytes(RasterArray a) {
    long bytes = a.size() * 8L;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new org.rios.errors.ArrayShapeException("A block of " + a.bands() + " bands x " + a.rows() + " x "
          + a.cols() + " " + a.dataType() + " pixels is " + bytes + " bytes, more than GDAL's Java bindings can "
          + "move at once for a 64-bit type: use a smaller window (setWindowXsize, setWindowYsize)");
    }
    return (int) bytes;
  }

  /** Writes all bands of {@code from} to bands 1..n of {@code ds} at (xoff, yoff). */
  public static void write(Dataset ds, int xoff, int yoff, RasterArray from) {
    int xsize = from.cols();
    int ysize = from.rows();
    int[] bands = new int[from.bands()];
    for (int i = 0; i < bands.length; i++) {
      bands[i] = i + 1;
    }
    DataType t = from.dataType();
    int gdalType = GdalRuntime.gdalTypeCode(t);
    int rc;
    switch (t) {
      case UINT8: case INT8:
        rc = ds.WriteRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, from.bytes(), bands);
        break;
      case UINT16: case INT16:
        rc = ds.WriteRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, from.shorts(), bands);
        break;
      case UINT32: case INT32:
        rc = ds.WriteRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, from.ints(), bands);
        break;
      case FLOAT32:
        rc = ds.WriteRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, from.floats(), bands);
        break;
      case FLOAT64:
        rc = ds.WriteRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, from.doubles(), bands);
        break;
      default: {
        byte[] raw = new byte[stagingBytes(from)];
        ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).asLongBuffer().put(from.longs());
        rc = ds.WriteRaster(xoff, yoff, xsize, ysize, xsize, ysize, gdalType, raw, bands);
      }
    }
    if (rc != 0) {
      throw new org.rios.errors.ImageOpenException("GDAL failed to write window (" + xoff + ", " + yoff + ", "
          + xsize + ", " + ysize + ") of " + ds.GetDescription() + ": " + org.gdal.gdal.gdal.GetLastErrorMsg());
    }
  }

  /**
   * {@code from}'s pixels in type {@code to}, converted as GDAL converts a buffer it writes into a band of
   * that type (rounded to the nearest integer, clamped to the type's range, NaN to 0): what a file of type
   * {@code to} holds after {@link #write} of {@code from}. Unlike {@link RasterArray#astype}, which casts as
   * Java does and wraps integers that do not fit.
   */
  public static RasterArray convert(RasterArray from, DataType to) {
    if (from.dataType() == to) {
      return from;
    }
    Dataset mem = org.gdal.gdal.gdal.GetDriverByName("MEM").Create("", from.cols(), from.rows(), from.bands(),
        GdalRuntime.gdalTypeCode(to));
    try {
      write(mem, 0, 0, from);
      RasterArray out = RasterArray.create(to, from.bands(), from.rows(), from.cols());
      int[] bands = new int[from.bands()];
      for (int i = 0; i < bands.length; i++) {
        bands[i] = i + 1;
      }
      read(mem, 0, 0, from.cols(), from.rows(), bands, out);
      return out;
    } finally {
      mem.delete();
    }
  }
}
