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

  /**
   * The GDT_* code of a DataType, to hand to this GDAL.
   *
   * @throws UnsupportedDataTypeException for {@link DataType#INT8} on GDAL older than 3.7, which has no Int8
   */
  public static int gdalTypeCode(DataType type) {
    ensureLoaded();
    if (type == DataType.INT8 && int8Code <= 0) {
      throw new UnsupportedDataTypeException("Data type INT8 needs GDAL 3.7 or later; this GDAL is "
          + version() + ". Use INT16 for signed 8-bit data.");
    }
    return type.gdalCode();
  }

  /**
   * The DataType of a band type GDAL reports.
   *
   * @throws UnsupportedDataTypeException for complex and unknown GDAL types, naming {@code what} and the type
   */
  public static DataType dataTypeOf(int gdalCode, String what) {
    ensureLoaded();
    try {
      return DataType.fromGdalCode(gdalCode, what);
    } catch (UnsupportedDataTypeException e) {
      throw new UnsupportedDataTypeException("GDAL data type " + gdal.GetDataTypeName(gdalCode) + " of " + what
          + " has no RasterArray equivalent (complex types are not supported)");
    }
  }
}
