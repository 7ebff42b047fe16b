package org.rios.applier;

/**
 * How the extent of the working grid is derived from the inputs (or from
 * {@link ApplierControls#setFilesForExtent}): their INTERSECTION (default), their UNION, or the reference
 * grid's own bounds.
 */
public enum Footprint {
  INTERSECTION, UNION, BOUNDS_FROM_REFERENCE;

  /** RIOS's integer code (0, 1, 2), as used by the RIOS_DFLT_FOOTPRINT environment variable. */
  public static Footprint fromCode(int code) {
    switch (code) {
      case 0: return INTERSECTION;
      case 1: return UNION;
      case 2: return BOUNDS_FROM_REFERENCE;
      default: throw new org.rios.errors.ParameterException("Footprint code must be 0, 1 or 2, got " + code);
    }
  }
}
