package org.rios.gdal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Why GDAL could not open a file, for messages: GDAL's own reason when it gives one, else what can be found
 * out here (the file does not exist, is a directory or empty, cannot be read or, for an update, written, or is
 * in no format GDAL recognises, or only reads).
 */
public final class OpenFailures {
  private OpenFailures() {}

  /**
   * The reason to show for {@code filename} that GDAL did not open ({@code gdalMessage}: its last error, or
   * the exception's message; may be blank).
   *
   * @param update whether it was opened for update
   */
  public static String reason(String filename, String gdalMessage, boolean update) {
    if (gdalMessage != null && !gdalMessage.isBlank()) {
      return VirtualPaths.forMessage(gdalMessage.trim());
    }
    if (!VirtualPaths.isPlainLocalPath(filename)) {
      return VirtualPaths.isNetwork(filename) ? "GDAL gives no reason: the object may not exist, or not be "
          + "readable with this endpoint and credentials, or not be a raster" : "GDAL gives no reason";
    }
    File f = new File(filename);
    if (!f.exists()) {
      return Files.isSymbolicLink(f.toPath()) ? "it is a symbolic link whose target does not exist"
          : "file does not exist";
    }
    if (f.isDirectory()) {
      return "it is a directory";
    }
    try (InputStream in = Files.newInputStream(f.toPath())) {
      if (in.read() < 0) {
        return "it is empty";
      }
    } catch (IOException e) {
      return "it cannot be read here: " + e.getMessage();
    }
    if (update) {
      try (FileChannel c = FileChannel.open(f.toPath(), StandardOpenOption.WRITE)) {
        return "not in a format GDAL recognises, or in one it only reads";
      } catch (IOException e) {
        return "it cannot be written here: " + e.getMessage();
      }
    }
    return "not in a format GDAL recognises";
  }
}
