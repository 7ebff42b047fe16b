package org.rios.gdal;

import org.gdal.gdal.gdal;
import org.gdal.gdal.gdalJNI;
import org.gdal.gdalconst.gdalconstConstants;
import org.gdal.ogr.ogr;
import org.rios.array.DataType;
import org.rios.errors.GdalNotAvailableException;
import org.rios.errors.UnsupportedDataTypeException;

/**
 * Loads GDAL's native library once per JVM, registers drivers and switches GDAL errors into Java exceptions.
 * Every class that touches GDAL calls {@link #ensureLoaded()} first, so a missing native library gives one
 * clear error naming the install script instead of an {@link UnsatisfiedLinkError} deep inside a read.
 */
public final class GdalRuntime {
  /** The script that builds and installs {@code libgdalalljni.so}. */
  public static final String INSTALL_SCRIPT = "scripts/install-gdal-java.sh";

  private static volatile boolean loaded;
  private static int int8Code = -1;

  private GdalRuntime() {}

  /**
   * Makes sure GDAL is usable from this JVM.
   *
   * @throws GdalNotAvailableException if the native library cannot be loaded
   */
  public static void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (GdalRuntime.class) {
      if (loaded) {
        return;
      }
      boolean available;
      try {
        available = gdalJNI.isAvailable();
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        available = false;
      }
      if (!available) {
        String why = loadError();
        if (why != null && why.contains("already loaded in another classloader")) {
          // Typical on Flink TaskManagers: each job gets its own class loader, a native library only one.
          throw new GdalNotAvailableException("GDAL's native library is already loaded by another class loader in "
              + "this JVM (" + why + "). Load org.gdal classes parent-first: put gdal-3.6.0.jar in the "
              + "container's lib/ (Flink: also set classloader.parent-first-patterns.additional: org.gdal.)");
        }
        throw new GdalNotAvailableException(
            "GDAL's native Java library (libgdalalljni.so) could not be loaded from java.library.path="
                + System.getProperty("java.library.path") + (why == null ? "" : " (" + why + ")")
                + ". Run " + INSTALL_SCRIPT + " (as root) to build and install it for the installed libgdal.");
      }
      gdal.AllRegister();
      ogr.RegisterAll();
      gdal.UseExceptions();
      ogr.UseExceptions();
      int code = gdal.GetDataTypeByName("Int8");
      int8Code = code == gdalconstConstants.GDT_Unknown ? -1 : code;
      loaded = true;
    }
  }

  /** Why the native library does not load, or null if it does. */
  private static String loadError() {
    try {
      System.loadLibrary("gdalalljni");
      return null;
    } catch (UnsatisfiedLinkError e) {
      return e.getMessage();
    }
  }

  /** GDAL's release name, e.g. {@code "3.6.2"}. */
  public static String version() {
    ensureLoaded();
    return gdal.VersionInfo("RELEASE_NAME");
  }

  /** GDAL's version as a number, e.g. 3060200 for 3.6.2. */
  public static int versionNumber() {
    ensureLoaded();
    return Integer.parseInt(gdal.VersionInfo("VERSION_NUM"));
  }

  /** Whether this GDAL has the Int8 pixel type (GDAL 3.7 and later). */
  public static boolean hasInt8() {
    ensureLoaded();
    return int8Code > 0;
  }

  /** The GDT_* code of a DataType; see {@link DataType#gdalCode()}. */
  public static int gdalTypeCode(DataType type) {
    ensureLoaded();
    switch (type) {
      case UINT8: return gdalconstConstants.GDT_Byte;
      case INT8:
        if (int8Code <= 0) {
          throw new UnsupportedDataTypeException("Data type INT8 needs GDAL 3.7 or later; this GDAL is "
              + version() + ". Use INT16 for signed 8-bit data.");
        }
        return int8Code;
      case UINT16: return gdalconstConstants.GDT_UInt16;
      case INT16: return gdalconstConstants.GDT_Int16;
      case UINT32: return gdalconstConstants.GDT_UInt32;
      case INT32: return gdalconstConstants.GDT_Int32;
      case UINT64: return gdalconstConstants.GDT_UInt64;
      case INT64: return gdalconstConstants.GDT_Int64;
      case FLOAT32: return gdalconstConstants.GDT_Float32;
      case FLOAT64: return gdalconstConstants.GDT_Float64;
      default: throw new AssertionError(type);
    }
  }

  /** The DataType of a GDT_* code; {@code what} names the file or band for the error message. */
  public static DataType dataTypeOf(int gdalCode, String what) {
    ensureLoaded();
    if (gdalCode == int8Code && int8Code > 0) {
      return DataType.INT8;
    }
    for (DataType t : DataType.values()) {
      if (t != DataType.INT8 && gdalTypeCode(t) == gdalCode) {
        return t;
      }
    }
    throw new UnsupportedDataTypeException("GDAL data type " + gdal.GetDataTypeName(gdalCode) + " of " + what
        + " has no RasterArray equivalent (complex types are not supported)");
  }
}
