package org.rios.gdal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.FileOpenException;

/**
 * Why GDAL could not open a file, for messages: GDAL's own reason when it gives one, else what can be found
 * out here (the file does not exist, is a directory or empty, cannot be read or, for an update, written, or is
 * in no format GDAL recognises, or only reads).
 */
public final class OpenFailures {
  private OpenFailures() {}

  /**
   * Why the local file {@code filename} cannot be opened, found before GDAL is asked: it does not exist (or is
   * a symbolic link whose target does not), cannot be read, or is a device, FIFO or socket, which GDAL would
   * block on or read without end. Null if none of these holds, and for network and virtual names, whose
   * failures GDAL reports itself.
   */
  public static String beforeOpening(String filename) {
    boolean looksLocal = VirtualPaths.isPlainLocalPath(filename);
    File f = new File(filename);
    if (looksLocal && !f.exists()) {
      return Files.isSymbolicLink(f.toPath())
          ? "it is a symbolic link whose target does not exist (or a loop of links)" : "file does not exist";
    }
    if (looksLocal && !f.canRead()) {
      return "file is not readable";
    }
    if (VirtualPaths.isSpecialLocalFile(filename)) {
      return "it is not a regular file (a device, FIFO or socket)";
    }
    return null;
  }

  /**
   * Refuses {@code filename} before GDAL is asked to open it, for the reasons of {@link #beforeOpening}: every
   * place that opens a file a user named checks this first, so that none of them blocks on a FIFO or reports
   * a missing file in GDAL's words.
   *
   * @throws org.rios.errors.FileOpenException {@code Unable to open <filename>: <reason>}
   */
  public static void requireOpenable(String filename) {
    if (filename == null || filename.isBlank()) {
      throw new org.rios.errors.FileOpenException("No file name given (" + (filename == null ? "null" : "empty")
          + ")");
    }
    String unopenable = beforeOpening(filename);
    if (unopenable != null) {
      throw new org.rios.errors.FileOpenException("Unable to open " + filename + ": " + unopenable);
    }
  }

  /**
   * Opens a file a user named with GDAL's {@code flags} ({@code gdalconstConstants.OF_*}), after
   * {@link #requireOpenable}; if GDAL throws or returns nothing, a FileOpenException
   * {@code Unable to open <filename><how>: <reason>} with {@link #reason} (for an update if the flags ask for
   * one). The openers of a user's raster for update, of a file to describe, of an attribute table's file.
   *
   * @param how what the open was for, as the message puts it after the name (" for update", or "")
   */
  public static Dataset open(String filename, int flags, String how) {
    GdalRuntime.ensureLoaded();
    requireOpenable(filename);
    boolean update = (flags & gdalconstConstants.OF_UPDATE) != 0;
    Dataset ds;
    try {
      ds = gdal.OpenEx(GdalPaths.forGdal(filename), flags);
    } catch (RuntimeException e) {
      throw new FileOpenException("Unable to open " + filename + how + ": " + reason(filename, e.getMessage(), update),
          e);
    }
    if (ds == null) {
      throw new FileOpenException("Unable to open " + filename + how + ": "
          + reason(filename, gdal.GetLastErrorMsg(), update));
    }
    return ds;
  }

  /**
   * The reason to show for {@code filename} that GDAL did not open ({@code gdalMessage}: its last error, or
   * the exception's message; may be blank).
   *
   * @param update whether it was opened for update
   */
  public static String reason(String filename, String gdalMessage, boolean update) {
    ObjectStoreAnswer answer = null;
    boolean blank = gdalMessage == null || gdalMessage.isBlank();
    if (VirtualPaths.isObjectStore(filename) && !update && (blank || HTTP_CLIENT_ERROR.matcher(gdalMessage).find())) {
      // GDAL said nothing, or only an HTTP status, which may be about a side-car it looked for (a 403 on
      // "key.xml"), not the object: ask the store what it says about the key
      answer = ObjectStoreAnswer.ask(VirtualPaths.toGdal(filename));
      if (answer.refusesEveryRequest() || answer.kind() == ObjectStoreAnswer.Kind.ACCESS_DENIED) {
        return answer.reason();
      }
    }
    if (!update && !VirtualPaths.isObjectStore(filename) && VirtualPaths.isNetwork(filename)) {
      String asked = askedAlone(VirtualPaths.toGdal(filename), blank ? "" : gdalMessage);
      if (asked != null) {
        return asked;
      }
    }
    if (!blank) {
      return explained(VirtualPaths.forMessage(gdalMessage.trim()));
    }
    if (VirtualPaths.isObjectStore(filename)) {
      return update ? "an object in an object store cannot be opened for update (GDAL writes objects whole): "
          + "work on a local copy, then upload it" : objectReason(VirtualPaths.toGdal(filename), answer);
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

  /**
   * For a URL GDAL did not open with no reason ({@code gdalMessage} blank) or with an HTTP client error on
   * another URL: GDAL looks for side-cars by appending {@code .hdr}, {@code .xml}, ... to the name, after a query
   * string too, and a URL signed in its query (a presigned S3 URL) refuses those with 403, so that error may
   * say nothing of the URL itself. The URL alone is then asked again (GTiff only, no side-cars, no directory
   * listing): if it answers, the reason is that it holds no raster GDAL recognises; if the server refuses it,
   * that refusal; else null (GDAL's message stands).
   */
  private static String askedAlone(String gdalName, String gdalMessage) {
    String url = gdalName.startsWith("/vsicurl/") ? gdalName.substring("/vsicurl/".length()) : gdalName;
    if (!gdalMessage.isEmpty()) {
      java.util.regex.Matcher m = HTTP_ERROR_URL.matcher(gdalMessage);
      if (!m.find() || !HTTP_CLIENT_ERROR.matcher(gdalMessage).find() || m.group(1).equals(url)) {
        return null; // another error, or one about the URL itself
      }
    }
    Dataset ds = null;
    String again;
    try (GdalConfig.Scope s = GdalConfig.empty().with("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
        .applyToThisThread()) {
      gdal.ErrorReset();
      ds = gdal.OpenEx(gdalName, gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY,
          new java.util.Vector<>(java.util.List.of("GTiff")));
      again = gdal.GetLastErrorMsg();
    } catch (RuntimeException e) {
      again = e.getMessage();
    } finally {
      if (ds != null) {
        ds.delete();
      }
      gdal.ErrorReset();
    }
    if (ds != null) {
      return null; // it opens now: GDAL's first message stands
    }
    again = again == null ? "" : again.trim();
    boolean aboutOthers = false;
    for (java.util.regex.Matcher m = HTTP_ERROR_URL.matcher(again); m.find(); ) {
      if (m.group(1).equals(url)) {
        return explained(VirtualPaths.forMessage(again)); // the server refuses the URL itself
      }
      aboutOthers = true;
    }
    // GDAL opening it as a GTiff only says nothing when the bytes are no TIFF
    if (aboutOthers || again.isEmpty() || again.contains("not recognized as a supported file format")) {
      return "the URL answers, but not with a raster in a format GDAL recognises" + (gdalMessage.isEmpty() ? ""
          : " (GDAL's look for a side-car beside it got: " + VirtualPaths.forMessage(gdalMessage.trim()) + ")");
    }
    return null;
  }

  /** The URL of GDAL's "HTTP response code on URL: NNN". */
  private static final java.util.regex.Pattern HTTP_ERROR_URL =
      java.util.regex.Pattern.compile("HTTP response code on (\\S+): \\d+");
  private static final java.util.regex.Pattern HTTP_CLIENT_ERROR =
      java.util.regex.Pattern.compile("HTTP response code on \\S+: 4\\d\\d\\b");
  private static final java.util.regex.Pattern NO_HTTP_RESPONSE =
      java.util.regex.Pattern.compile("HTTP response code on \\S+: 0\\b");

  /**
   * GDAL's message {@code gdalMessage} with what its codes mean where it does not say: "HTTP response code on
   * URL: 0" is no HTTP response at all.
   */
  public static String explained(String gdalMessage) {
    if (isNoHttpResponse(gdalMessage)) {
      return gdalMessage + " (no response: the server did not answer in time, or refused or dropped the "
          + "connection; see GDAL_HTTP_TIMEOUT and GDAL_HTTP_LOW_SPEED_TIME)";
    }
    return gdalMessage;
  }

  /** Whether GDAL's {@code message} is its "HTTP response code on URL: 0": no HTTP response at all. */
  static boolean isNoHttpResponse(String message) {
    return message != null && NO_HTTP_RESPONSE.matcher(message).find();
  }

  /**
   * Why object-store name {@code gdalName} did not open when the store answered the read of the key
   * ({@code answer}: no such key, or an object that is no raster): what a listing of its "directory" shows
   * (one page; the failure path only): no such object, a prefix of other objects rather than an object, an
   * object GDAL does not recognise.
   */
  private static String objectReason(String gdalName, ObjectStoreAnswer answer) {
    ObjectListing listed = ObjectListing.besides(gdalName);
    if (listed == null) {
      return answer.kind() == ObjectStoreAnswer.Kind.NO_SUCH_KEY ? answer.reason()
          : "the store lists nothing under " + VirtualPaths.forMessage(ObjectListing.parent(gdalName))
              + "/: no such bucket or prefix, or this endpoint and credentials cannot read it";
    }
    if (!listed.has(ObjectListing.name(gdalName))) {
      return listed.complete() || answer.kind() == ObjectStoreAnswer.Kind.NO_SUCH_KEY ? "no such object"
          : "GDAL gives no reason: the object may not exist, or not be readable with this endpoint and "
              + "credentials, or not be a raster";
    }
    if (ObjectListing.of(gdalName, 1) != null) {
      return "it is a prefix of other objects (a \"directory\"), not an object";
    }
    return "the object is there, but not in a format GDAL recognises (or it cannot be read with this "
        + "endpoint and credentials)";
  }
}
