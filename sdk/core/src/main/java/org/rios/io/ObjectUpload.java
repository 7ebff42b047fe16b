package org.rios.io;

import java.util.List;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.rios.errors.OutputWriteException;
import org.rios.gdal.VirtualPaths;

/**
 * Puts a finished local raster (with its side-cars) at its final key in an object store, through GDAL: each
 * object is created whole, by a single PUT or by a multipart upload (in {@code VSIS3_CHUNK_SIZE} MB parts)
 * that the store shows only once GDAL completes it; a failed upload is aborted by GDAL and leaves the key as
 * it was. Used by {@link AtomicOutput#promote} for object-store outputs.
 */
final class ObjectUpload {
  /** Side-cars GDAL would read beside a raster: a stale one must not outlive the object it described. */
  private static final String[] SIDECARS = {".aux.xml", ".ovr", ".msk"};

  private ObjectUpload() {}

  /**
   * Uploads {@code localGdalName} and its side-cars to {@code remote}, then removes the side-cars an earlier
   * object of that key had and this upload has not (so GDAL does not read stale statistics beside the new
   * object).
   *
   * @param localSuffixes what follows the local file's stem in each local file of the raster (".tif",
   *     ".tif.aux.xml", ...)
   * @param finalName the output's name as the user gave it, for messages
   * @throws OutputWriteException naming the output, its key and bucket, and GDAL's reason
   */
  static void upload(String localGdalName, List<String> localSuffixes, String remote, String finalName,
      String label) {
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
    }
    String base = remote.substring(remote.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    String ext = dot > 0 ? base.substring(dot) : "";
    for (String side : SIDECARS) {
      if (!localSuffixes.contains(ext + side)) {
        try {
          gdal.Unlink(remote + side);
        } catch (RuntimeException e) {
          // there was none
        }
      }
    }
    gdal.ErrorReset();
  }

  private static OutputWriteException failed(String label, String finalName, String why) {
    return new OutputWriteException("Could not upload output '" + label + "' to " + finalName + " (bucket '"
        + VirtualPaths.bucket(finalName) + "'; check the endpoint, the credentials and that the bucket exists: "
        + "AWS_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_HTTPS, AWS_VIRTUAL_HOSTING): " + why);
  }
}
