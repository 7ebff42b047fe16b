package org.rios.gdal;

import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.gdal.gdal.gdal;

/**
 * What an object store lists in one "directory", as GDAL lists it, for the failure paths that need to know what
 * is at a key: why an input did not open, what a failed upload left, whether a bucket answers at all. GDAL
 * lists nothing for a missing bucket, credentials that cannot read it, an empty prefix and a store that does not
 * answer alike; those are all {@code null} here.
 *
 * @param names the names listed (not full keys)
 * @param complete whether these are all the names there, not only the first page
 */
public record ObjectListing(List<String> names, boolean complete) {
  /** Names of one page of a listing: one request to S3. */
  public static final int PAGE = 1000;

  /**
   * Up to {@code max} names in directory {@code dir} (a GDAL name such as {@code /vsis3/bucket/prefix}; 0 for
   * all of them), or null if nothing is listed there.
   */
  public static ObjectListing of(String dir, int max) {
    try {
      Vector<?> listed = max > 0 ? gdal.ReadDir(dir, max) : gdal.ReadDir(dir);
      if (listed == null || listed.isEmpty()) {
        return null;
      }
      List<String> names = new ArrayList<>(listed.size());
      listed.forEach(n -> names.add(n.toString()));
      return new ObjectListing(List.copyOf(names), max <= 0 || names.size() < max);
    } catch (RuntimeException e) {
      return null;
    } finally {
      gdal.ErrorReset();
    }
  }

  /** One page of the directory that holds key {@code gdalName}, or null if nothing is listed there. */
  public static ObjectListing besides(String gdalName) {
    return of(parent(gdalName), PAGE);
  }

  /** The directory part of key {@code gdalName} ({@code /vsis3/b/dir} for {@code /vsis3/b/dir/x.tif}). */
  public static String parent(String gdalName) {
    return gdalName.substring(0, gdalName.lastIndexOf('/'));
  }

  /** The last part of key {@code gdalName} ({@code x.tif}). */
  public static String name(String gdalName) {
    return gdalName.substring(gdalName.lastIndexOf('/') + 1);
  }

  /** Whether {@code name} is listed. */
  public boolean has(String name) {
    return names.contains(name);
  }
}
