package org.rios.ratapplier;

import org.gdal.gdal.Band;
import org.gdal.gdal.RasterAttributeTable;

/**
 * The table a run works on for one (file, layer): either the band's own table, when the driver writes
 * changes straight to the file (HFA, KEA), or a private copy (a band without a table, or an in-memory
 * table such as GTiff's aux.xml one) that is handed to the band once at the end. Working on a copy means
 * the band's own object is never replaced mid-run, which would leave dangling references (and GDAL 3.6
 * crashes if given back its own object).
 */
final class OpenRat {
  final String name;
  final RatHandle handle;
  final Band band;
  final RasterAttributeTable table;
  /** True if {@link #table} is ours (a copy or a new table) and must be set on the band and freed. */
  final boolean owned;
  /** True if the band had no table of its own ({@link #table} is a new, empty one). */
  final boolean isNew;
  /** True once an output has been written into {@link #table}. */
  boolean modified;

  private OpenRat(String name, RatHandle handle, Band band, RasterAttributeTable table, boolean owned,
      boolean isNew) {
    this.name = name;
    this.handle = handle;
    this.band = band;
    this.table = table;
    this.owned = owned;
    this.isNew = isNew;
  }

  /**
   * The working table for {@code band}; {@code forOutput} says whether it may be written (an input-only
   * table is read through the band's own object, never copied).
   */
  static OpenRat of(String name, RatHandle handle, Band band, boolean forOutput) {
    RasterAttributeTable own = band.GetDefaultRAT();
    if (own == null) {
      return new OpenRat(name, handle, band, new RasterAttributeTable(), true, true);
    }
    if (!forOutput || own.ChangesAreWrittenToFile() != 0) {
      return new OpenRat(name, handle, band, own, false, false);
    }
    return new OpenRat(name, handle, band, own.Clone(), true, false);
  }

  int rowCount() {
    return table.GetRowCount();
  }

  /** "RAT 'name' (file layer n)" for messages. */
  String describe() {
    return "RAT '" + name + "' (" + handle + ")";
  }
}
