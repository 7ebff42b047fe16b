package org.rios.fileinfo;

import org.gdal.osr.SpatialReference;

/** Formatting shared by the info classes' toString tables. */
final class InfoFormat {
  private InfoFormat() {}

  /** A double without a pointless ".0" for whole numbers; "nan" for NaN. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** "name (AUTH:code)" of a WKT when OSR can tell, else the start of the WKT; "(none)" for null/blank. */
  static String srsName(String wkt) {
    if (wkt == null || wkt.isBlank()) {
      return "(none)";
    }
    SpatialReference sr = null;
    try {
      sr = new SpatialReference(wkt);
      String name = sr.GetName();
      if (name == null || name.isBlank()) {
        return abbreviate(wkt);
      }
      String auth = sr.GetAuthorityName(null);
      String code = sr.GetAuthorityCode(null);
      return auth != null && code != null ? name + " (" + auth + ":" + code + ")" : name;
    } catch (RuntimeException e) {
      return abbreviate(wkt);
    } finally {
      if (sr != null) {
        sr.delete();
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
