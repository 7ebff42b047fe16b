package org.rios.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.gdal.GdalConfig;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.ObjectListing;
import org.rios.gdal.ObjectStoreAnswer;
import org.rios.gdal.OpenFailures;
import org.rios.gdal.VirtualPaths;

/**
 * Puts a finished local raster (with its side-cars) at its final key in an object store, through GDAL: each
 * object is created whole, by a single PUT or by a multipart upload (in {@code VSIS3_CHUNK_SIZE} MB parts)
 * that the store shows only once GDAL completes it, so no reader ever sees a partial object. GDAL copies the
 * main file, then its side-cars; if a side-car fails, GDAL removes the objects it had just written, so the key
 * then holds no raster (never one without its side-cars; an earlier object there was replaced by then). Side-cars
 * of an earlier object of that key that the new raster does not have go once it is in place
 * ({@link #removeStaleSidecars}), so a reader does not pair the new raster with the old one's statistics, mask
 * or overviews for longer than the upload; an upload of the main file that fails leaves the earlier object and
 * its side-cars as they were (they used to be removed before the upload, and stayed lost when it failed).
 * Used by {@link AtomicOutput#place} for object-store outputs.
 */
final class ObjectUpload {

  private ObjectUpload() {}

  /**
   * Uploads {@code localGdalName} and its side-cars to {@code remote}. GDAL lists the local file's side-cars
   * whatever the run's {@code GDAL_DISABLE_READDIR_ON_OPEN} (with {@code EMPTY_DIR} it would upload the raster
   * alone).
   *
   * @param finalName the output's name as the user gave it, for messages
   * @throws OutputWriteException naming the output, its key and bucket, and GDAL's reason
   */
  static void upload(String localGdalName, String remote, String finalName, String label) {
    gdal.ErrorReset();
    try (GdalConfig.Scope listing = LocalDatasetFiles.LISTING.applyToThisThread()) {
      Driver d = gdal.IdentifyDriver(localGdalName);
      if (d == null) {
        throw new OutputWriteException("Output '" + label + "' (" + finalName + "): GDAL no longer recognises "
            + "the finished file " + localGdalName);
      }
      if (d.CopyFiles(remote, localGdalName) != 0) {
        throw failed(label, finalName, afterFailure(gdal.GetLastErrorMsg(), remote), remote);
      }
    } catch (OutputWriteException e) {
      throw e;
    } catch (RuntimeException e) {
      // with GDAL's exceptions on (GdalRuntime), a failed copy throws rather than returning non-zero
      throw failed(label, finalName, afterFailure(e.getMessage(), remote), remote);
    } finally {
      gdal.ErrorReset();
    }
  }

  /**
   * Refuses an upload whose side-cars would replace an object of another dataset beside the final key, as
   * {@link PartialOutputFiles#checkReplacesNoOtherDataset} does for a local output: an ENVI output {@code o.bin}
   * uploads its header as {@code o.hdr}, which may be the header of an ENVI {@code o.dat} there (an input of the
   * same run, say), whose pixels would then be read with the output's type. Only side-cars that replace the
   * extension can be another's; the earlier object at the final key and side-cars named after it are not. One
   * listing of the key's "directory" (a store that lists nothing is not checked); GDAL opens only the objects
   * that share the side-car's stem.
   *
   * @param partialStem the partial main file's name without its extension
   * @param partialName the partial main file's name
   * @param partialFiles the partial output's local files, as GDAL lists them
   * @throws ParameterException naming the output, the object and the dataset it belongs to
   */
  static void checkReplacesNoOtherDataset(String label, String finalName, String remote, String partialStem,
      String partialName, List<?> partialFiles) {
    String finalBase = ObjectListing.name(remote);
    String finalStem = GdalPaths.stem(finalBase);
    boolean hasExtension = !partialName.equals(partialStem);
    List<String> replacing = new ArrayList<>();
    for (Object f : partialFiles) {
      String n = Path.of(f.toString()).getFileName().toString();
      if (n.equals(partialName) || hasExtension && n.startsWith(partialName + ".")
          || !n.startsWith(partialStem + ".")) {
        continue; // the file itself and side-cars named after it belong to the final key
      }
      replacing.add(finalStem + n.substring(partialStem.length()));
    }
    if (replacing.isEmpty()) {
      return;
    }
    ObjectListing listed = ObjectListing.besides(remote);
    if (listed == null) {
      return;
    }
    String dir = ObjectListing.parent(remote);
    for (String target : replacing) {
      if (!listed.has(target)) {
        continue;
      }
      for (String other : listed.names()) {
        if (other.equals(finalBase) || other.equals(target) || other.startsWith(finalBase + ".")
            || !other.startsWith(finalStem + ".") || other.contains(PartialNames.MARKER)
            || other.contains(PartialNames.REPLACED_MARKER)) {
          continue;
        }
        if (listsFile(dir + "/" + other, dir + "/" + target)) {
          throw new ParameterException("Output '" + label + "' (" + VirtualPaths.forMessage(finalName)
              + ") would replace " + VirtualPaths.forMessage(dir + "/" + target) + ", which belongs to "
              + VirtualPaths.forMessage(dir + "/" + other) + " (its side-car file "
              + target.substring(finalStem.length()) + "); write the output under another name or key prefix");
        }
      }
    }
  }

  /** Whether GDAL opens {@code gdalName} as a dataset whose files include {@code file}. */
  private static boolean listsFile(String gdalName, String file) {
    Dataset ds = null;
    try {
      ds = gdal.OpenEx(gdalName, gdalconstConstants.OF_READONLY);
      Vector<?> names = ds == null ? null : ds.GetFileList();
      return names != null && names.stream().anyMatch(n -> n.toString().equals(file));
    } catch (RuntimeException e) {
      return false; // not a dataset GDAL opens
    } finally {
      if (ds != null) {
        ds.delete();
      }
      gdal.ErrorReset();
    }
  }

  /** GDAL's reason for a failed upload, and what it left at the key ({@link #removeOrphanedSidecars}). */
  private static String afterFailure(String why, String remote) {
    return removeOrphanedSidecars(remote)
        ? why + "; the key now holds no raster (an earlier object there was replaced by the upload, which GDAL then "
            + "removed)"
        : why;
  }

  /**
   * Once {@code localMain}'s upload to {@code remote} is in place: removes the side-cars of an earlier object
   * there that the new raster does not have (the upload replaced the others).
   *
   * @throws OutputWriteException naming a stale side-car that could not be removed (the new raster is in place)
   */
  static void removeStaleSidecars(Path localMain, String remote, String finalName, String label) {
    removeSidecars(remote, LocalDatasetFiles.sidecarsMissingBeside(localMain), finalName, label);
  }

  /**
   * After a failed upload, the earlier object's side-cars if the key no longer holds a raster (GDAL removed a
   * new main object whose side-car failed, which had replaced the earlier one): best effort, the failure is
   * what the caller reports. Returns whether the key was seen to hold no raster but side-cars (one page of
   * the listing; nothing is removed when the key is not on it).
   */
  private static boolean removeOrphanedSidecars(String remote) {
    ObjectListing listed = ObjectListing.besides(remote);
    String base = ObjectListing.name(remote);
    if (listed == null || !listed.complete() || listed.has(base)) {
      return false; // nothing listed (the store is not answering: the upload's own failure says so), or a raster
    }
    Vector<String> keys = new Vector<>();
    for (String side : GdalPaths.OWN_SIDECAR_SUFFIXES) {
      if (listed.has(base + side)) {
        keys.add(remote + side);
      }
    }
    try {
      if (!keys.isEmpty() && !gdal.UnlinkBatch(keys)) {
        keys.forEach(gdal::Unlink);
      }
    } catch (RuntimeException e) {
      // best effort
    } finally {
      gdal.ErrorReset();
    }
    return !keys.isEmpty();
  }

  /**
   * Deletes the key's side-cars {@code suffixes} in one request (S3's multi-object delete succeeds for keys
   * that do not exist); a store without it gets the existing ones, found by listing the key's "directory",
   * deleted one by one. A side-car that stays is an error: the new raster is in place beside it. A store that
   * neither deletes them in one request nor lists the "directory" (write-only credentials) gets a warning
   * naming them: the upload stands.
   */
  private static void removeSidecars(String remote, List<String> suffixes, String finalName, String label) {
    if (suffixes.isEmpty()) {
      return;
    }
    Vector<String> keys = new Vector<>();
    for (String side : suffixes) {
      keys.add(remote + side);
    }
    String deleteRefused;
    try {
      if (gdal.UnlinkBatch(keys)) {
        return;
      }
      deleteRefused = gdal.GetLastErrorMsg();
    } catch (RuntimeException e) {
      // no multi-object delete here, or it was refused: find out below, one key at a time
      deleteRefused = e.getMessage();
    }
    ObjectListing listed = ObjectListing.of(ObjectListing.parent(remote), 0);
    if (listed == null) {
      // no listing: an empty "directory", or listing refused (write-only credentials, which also cannot delete):
      // the upload stands, but say which earlier side-cars may still be there
      System.err.println("WARNING: output '" + label + "' is uploaded to " + VirtualPaths.forMessage(finalName)
          + ", but the store neither deleted nor listed the side-cars an earlier object there may have had and the "
          + "new raster does not (" + String.join(", ", keys.stream().map(VirtualPaths::forMessage).toList())
          + "): if one is there, delete it, or readers pair it with the new raster"
          + (deleteRefused == null || deleteRefused.isBlank() ? ""
              : " (the delete: " + VirtualPaths.forMessage(deleteRefused) + ")"));
      return;
    }
    String base = ObjectListing.name(remote);
    for (String side : suffixes) {
      if (listed.has(base + side)) {
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
          throw new OutputWriteException("Output '" + label + "' is uploaded to " + finalName + ", but the earlier "
              + "object's side-car " + VirtualPaths.forMessage(remote + side) + ", which the new raster does not "
              + "have, could not be removed (delete it, or readers pair it with the new raster): " + why);
        }
      }
    }
  }

  private static OutputWriteException failed(String label, String finalName, String why, String remote) {
    return new OutputWriteException("Could not upload output '" + label + "' to " + finalName + " (bucket '"
        + VirtualPaths.bucket(finalName) + "'; " + storeHint(remote) + "): " + OpenFailures.explained(why));
  }

  /**
   * What the store answers now to a read of the key (the failure path only), since GDAL's message for a failed
   * upload does not say: a missing bucket, refused credentials or no answer at all; else the store answers for
   * this bucket and refused this object (no write permission on the key, an object size limit, a store that
   * went away during the upload and is back).
   */
  private static String storeHint(String remote) {
    ObjectStoreAnswer answer = ObjectStoreAnswer.ask(remote);
    if (answer.refusesEveryRequest()) {
      return answer.reason();
    }
    return "the store answers for this bucket, so it refused this object: check write permission on the key, "
        + "the store's object size limit, and that it stayed up";
  }
}
