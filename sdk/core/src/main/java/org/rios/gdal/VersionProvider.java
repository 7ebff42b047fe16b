package org.rios.gdal;

import picocli.CommandLine;

/**
 * The {@code --version} text of every command (rios-calcstats, rios-info, rios-computeworker, ...):
 * "rios-beam VERSION" and the GDAL this JVM loaded.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    String gdal;
    try {
      gdal = GdalRuntime.version();
    } catch (RuntimeException e) {
      gdal = "not available (" + e.getMessage() + ")";
    }
    return new String[] {"rios-beam " + (v == null ? "(development build)" : v), "GDAL " + gdal};
  }
}
