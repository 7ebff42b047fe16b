package org.rios.ratapplier;

import java.io.File;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.RasterAttributeTable;
import org.rios.errors.FileOpenException;
import org.rios.rat.RatBands;
import org.rios.rat.RatCells;
import org.rios.rat.RatColumnUsage;
import org.rios.progress.Progress;

/**
 * {@link RatApplier#copyRat}: copies the band-1 table of one raster into band 1 of another, existing raster,
 * column by column through the applier (so it works block-wise on big tables), keeping types and usages.
 * RIOS turns a missing output into a RatZarr store; Java has no RatZarr, so the output must already exist.
 */
final class RatCopier {
  private RatCopier() {}

  static void copy(String infile, String outfile, Progress progress, Collection<String> omitColumns) {
    if (!outfile.startsWith("/vsi") && !new File(outfile).exists()) {
      throw new FileOpenException("copyRat output " + outfile + " does not exist: the output must be an existing "
          + "raster file (RIOS would create a RatZarr store, which this library does not support)");
    }
    Map<String, RatColumnUsage> columns = columnsToCopy(infile, omitColumns);
    RatApplierControls controls = new RatApplierControls().setProgress(progress);
    RatApplier.apply((info, in, out) -> {
      RatBlock src = in.get("in");
      RatBlock dst = out.get("out");
      for (Map.Entry<String, RatColumnUsage> e : columns.entrySet()) {
        dst.setColumn(e.getKey(), src.getColumn(e.getKey()));
        dst.setUsage(e.getKey(), e.getValue());
      }
    }, new RatAssociations().put("in", new RatHandle(infile)),
        new RatAssociations().put("out", new RatHandle(outfile)), controls);
  }

  /** Column names of the input (in order, minus the omitted ones) with their usages. */
  private static Map<String, RatColumnUsage> columnsToCopy(String infile, Collection<String> omit) {
    Map<String, RatColumnUsage> cols = new LinkedHashMap<>();
    Dataset ds = RatBands.open(infile, false);
    try {
      RasterAttributeTable rat = RatBands.band(ds, 1, infile).GetDefaultRAT();
      if (rat != null) {
        for (int c = 0; c < rat.GetColumnCount(); c++) {
          String name = rat.GetNameOfCol(c);
          if (omit == null || !omit.contains(name)) {
            cols.put(name, RatCells.usageOf(rat, c));
          }
        }
      }
    } finally {
      RatBands.close(ds);
    }
    return cols;
  }
}
