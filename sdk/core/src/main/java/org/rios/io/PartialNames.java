package org.rios.io;

import java.util.Locale;
import org.rios.gdal.GdalPaths;

/**
 * The names under which an output is written and an earlier one is kept aside: {@code ndvi.tif} is written as
 * {@code ndvi.tif.rios-partial.tif} and an earlier {@code ndvi.tif} waits as {@code ndvi.tif.rios-replaced.tif}
 * while a run puts its outputs in place ({@link AtomicOutput}). Names only; nothing here touches a file.
 */
final class PartialNames {
  /** The marker in every partial output's name. */
  static final String MARKER = ".rios-partial";
  /**
   * The marker of a partial output whose final name has no extension: no dot, so that drivers which derive
   * side-car names by replacing the extension (ENVI's and EHdr's {@code .hdr}) keep them under the partial
   * stem instead of the final one.
   */
  static final String MARKER_NO_EXTENSION = "-rios-partial";
  /** The marker of an earlier output moved aside while a run puts its outputs in place. */
  static final String REPLACED_MARKER = ".rios-replaced";
  static final String REPLACED_MARKER_NO_EXTENSION = "-rios-replaced";
  /** The extension of the record of the files only an earlier output's driver knows (see {@link EarlierOutput}). */
  static final String STRAYS_RECORD = ".rios-strays";

  /** Bytes kept free after a partial or aside name for the side-cars GDAL names after it ({@code .aux.xml}). */
  static final int SIDE_CAR_ROOM = ".aux.xml".length();

  private PartialNames() {}

  /**
   * {@code ndvi.tif} -> {@code ndvi.tif.rios-partial.tif}, with a plain stem if GDAL cannot receive this one. The
   * final extension is kept in the partial stem, so the partial files of outputs that share a stem
   * ({@code a.tif}, {@code a.img}) never share theirs: every file that starts with a partial stem and a dot
   * belongs to that one output, including those its driver does not list ({@link LocalDatasetFiles#strays}).
   */
  static String partial(String name) {
    return marked(name, MARKER, MARKER_NO_EXTENSION, true);
  }

  /**
   * {@code ndvi.tif} -> {@code ndvi.tif.rios-replaced.tif}: where an earlier output waits during a commit. The
   * final extension is kept in the stem, as in the partial name: the earlier {@code ndvi.tif} and
   * {@code ndvi.bin} (an ENVI file whose header is {@code ndvi.hdr}) kept aside at once do not share a stem, so
   * confirming one (its aside files deleted, side-cars by stem) leaves the other's header alone.
   */
  static String aside(String name) {
    return marked(name, REPLACED_MARKER, REPLACED_MARKER_NO_EXTENSION, true);
  }

  /**
   * {@code ndvi.tif} -> {@code ndvi.rios-replaced.tif}: the aside name of versions before the extension was kept
   * in the stem, looked for only to recover what a run of such a version left.
   */
  static String legacyAside(String name) {
    return marked(name, REPLACED_MARKER, REPLACED_MARKER_NO_EXTENSION, false);
  }

  /**
   * {@code ndvi.mrf} -> {@code ndvi.mrf.rios-replaced.rios-strays}: the record of an earlier output's files
   * that only its driver knows; one final name's own, shortened as the aside name is near the limit.
   */
  static String strayRecord(String name) {
    return marked(name + STRAYS_RECORD, REPLACED_MARKER, REPLACED_MARKER_NO_EXTENSION, false);
  }

  /**
   * {@code ndvi.tif} -> {@code ndvi<marker>.tif} ({@code ndvi.tif<marker>.tif} with {@code extensionInStem}),
   * {@code out} -> {@code out<markerNoExtension>}, within limits.
   */
  private static String marked(String name, String markerWithExtension, String markerNoExtension,
      boolean extensionInStem) {
    String stem = GdalPaths.stem(name);
    String ext = name.substring(stem.length());
    if (!GdalPaths.passesIntact(stem)) {
      // a plain stem GDAL receives intact, unique to this name
      StringBuilder plain = new StringBuilder();
      stem.codePoints().forEach(cp -> plain.append(Character.isBmpCodePoint(cp) ? Character.toString(cp) : "_"));
      stem = plain + "-" + String.format(Locale.ROOT, "%08x", name.hashCode());
    }
    String marker = ext.isEmpty() ? markerNoExtension : extensionInStem ? ext + markerWithExtension
        : markerWithExtension;
    // room for the side-cars GDAL names after the whole name (".aux.xml" the longest), where the final name has
    // it: near the limit, GDAL's save of a partial output's statistics failed with only a warning, and the output
    // went in place without them (a final name without that room loses them as GDAL writing it directly does)
    int room = GdalPaths.nameBytes(name) + SIDE_CAR_ROOM <= GdalPaths.MAX_NAME_BYTES ? SIDE_CAR_ROOM : 0;
    int over = GdalPaths.nameBytes(stem + marker + ext) + room - GdalPaths.MAX_NAME_BYTES;
    if (over > 0) {
      // a legal name near the file system's limit: a shorter stem, unique to this name, leaves room for the marker
      String tag = "-" + String.format(Locale.ROOT, "%08x", name.hashCode());
      int budget = GdalPaths.nameBytes(stem) - over - tag.length();
      int keep = stem.length();
      while (keep > 0 && GdalPaths.nameBytes(stem.substring(0, keep)) > budget) {
        keep = stem.offsetByCodePoints(keep, -1);
      }
      stem = stem.substring(0, keep) + tag;
    }
    return stem + marker + ext;
  }
}
