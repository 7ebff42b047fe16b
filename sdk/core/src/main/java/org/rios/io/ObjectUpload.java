package org.rios.io;

import java.util.Vector;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.rios.errors.OutputWriteException;
import org.rios.gdal.VirtualPaths;

/**
 * Puts a finished local raster (with its side-cars) at its final key in an object store, through GDAL: each
 * object is created whole, by a single PUT or by a multipart upload (in {@code VSIS3_CHUNK_SIZE} MB parts)
 * that the store shows only once GDAL completes it, so no reader ever sees a partial object. Side-cars of an
 * earlier object of that key go first, so a reader never pairs the new raster with the old one's statistics,
 * mask or overviews. GDAL copies the main file, then its side-cars; if a side-car fails, GDAL removes the
 * objects it had just written, so the key then holds nothing (never a raster without its side-cars). Used by
 * {@link AtomicOutput#place} for object-store outputs.
 */
final class ObjectUpload {
  /** Side-cars GDAL reads beside a raster: a stale one must not outlive the object it described. */
  private static final String[] SIDECARS = {".aux.xml", ".ovr", ".msk"};

  private ObjectUpload() {}

  /**
   * Removes the side-cars an earlier object of {@code remote} has, then uploads {@code localGdalName} and its
   * side-cars to {@code remote}.
   *
   * @param finalName the output's name as the user gave it, for messages
   * @throws OutputWriteException naming the output, its key and bucket, and GDAL's reason
   */
  static void upload(String localGdalName, String remote, String finalName, String label) {
    removeStaleSidecars(remote, finalName, label);
    gdal.ErrorReset();
    try {
      Driver d = gdal.IdentifyDriver(localGdalName);
      if (d == null) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + "): GDAL no longer recognises "
            + "the finished file " + localGdalName);
      }
      if (d.CopyFiles(remote, localGdalName) != 0) {
        throw failed(label, finalName, gdal.GetLastErrorMsg());
      }
    } catch (OutputWriteException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failed(label, finalName, e.getMessage());
    } finally {
      gdal.ErrorReset();
    }
  }

  /**
   * Deletes the key's possible side-cars in one request (S3's multi-object delete succeeds for keys that do
   * not exist); a store without it gets the existing ones, found by listing the key's "directory", deleted
   * one by one. A side-car that stays is an error.
   */
  private static void removeStaleSidecars(String remote, String finalName, String label) {
    Vector<String> keys = new Vector<>();
    for (String side : SIDECARS) {
      keys.add(remote + side);
    }
    try {
      if (gdal.UnlinkBatch(keys)) {
        return;
      }
    } catch (RuntimeException e) {
      // no multi-object delete here, or it was refused: find out below, one key at a time
    }
    int slash = remote.lastIndexOf('/');
    String base = remote.substring(slash + 1);
    Vector<?> listed;
    try {
      listed = gdal.ReadDir(remote.substring(0, slash));
    } catch (RuntimeException e) {
      listed = null;
    }
    if (listed == null) {
      // nothing listed: a new prefix, or a store that refuses us, which the upload then reports
      return;
    }
    for (String side : SIDECARS) {
      if (listed.contains(base + side)) {
        int rc;
        String why;
        try {
          rc = gdal.Unlink(remote + side);
          why = gdal.GetLastErrorMsg();
        } catch (RuntimeException e) {
          rc = -1;
          why = e.getMessage();
        }
        if (rc != 0) {
          throw failed(label, finalName, "the earlier object's side-car " + remote + side + " could not be "
              + "removed: " + why);
        }
      }
    }
  }

  private static OutputWriteException failed(String label, String finalName, String why) {
    return new OutputWriteException("Could not upload output '" + label + "' to " + finalName + " (bucket '"
        + VirtualPaths.bucket(finalName) + "'; check the endpoint, the credentials and that the bucket exists: "
        + "AWS_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_HTTPS, AWS_VIRTUAL_HOSTING): " + why);
  }
}
