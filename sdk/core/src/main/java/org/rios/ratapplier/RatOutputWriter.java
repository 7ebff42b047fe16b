package org.rios.ratapplier;

import java.util.HashMap;
import java.util.Map;
import org.rios.errors.AttributeTableTypeException;
import org.rios.errors.RatBlockLengthException;
import org.rios.rat.RatBands;
import org.rios.rat.RatCells;
import org.rios.rat.RatColumn;
import org.rios.rat.RatColumnUsage;

/**
 * Writes the columns one output table got in each block, appending them at the table's running row offset
 * (not at the block's start row, so a function may emit fewer or more rows than it read), growing the table
 * as the {@link RowCountMethod} says, and at the end cutting it back to the rows written.
 */
final class RatOutputWriter {
  private final RatBlock block;
  private final RatApplierControls controls;
  private final int runRowCount;
  private final Map<String, RatColumnUsage> usages;
  // Column indexes resolved once: drivers may store a created column under another name (HFA names
  // PixelCount columns "Histogram"), so looking the name up again next block would create it twice.
  private final Map<String, Integer> indexes = new HashMap<>();
  private int offset;
  private boolean written;

  RatOutputWriter(String name, OpenRat rat, RatApplierControls controls, int runRowCount) {
    this.usages = new HashMap<>();
    this.block = new RatBlock(name, rat, true, usages);
    this.controls = controls;
    this.runRowCount = runRowCount;
  }

  RatBlock block() {
    return block;
  }

  /** Appends what the user function set on this output in the block just computed. */
  void writeBlock(int blockNdx) {
    Map<String, RatColumn> cols = block.setColumns();
    if (cols.isEmpty()) {
      return;
    }
    int n = -1;
    for (Map.Entry<String, RatColumn> e : cols.entrySet()) {
      int len = e.getValue().length();
      if (n >= 0 && len != n) {
        throw new RatBlockLengthException("Columns set on output " + block.describe() + " in block " + blockNdx
            + " differ in length: " + lengths(cols) + "; every column of one RAT must have the same length");
      }
      n = len;
    }
    OpenRat rat = block.rat();
    for (Map.Entry<String, RatColumn> e : cols.entrySet()) {
      indexes.computeIfAbsent(e.getKey(), name -> {
        int col = RatCells.findColumn(rat.table, name);
        return col >= 0 ? col : RatCells.createColumn(rat.table, name, e.getValue().type(),
            usages.getOrDefault(name, RatColumnUsage.GENERIC), block.describe(),
            RatBands.namesColumnsByUsage(rat.band));
      });
    }
    rat.modified = true;
    written = true;
    if (n == 0) {
      return;
    }
    int needed = offset + n;
    int current = rat.rowCount();
    if (needed > current) {
      RatCells.setRowCount(rat.table, grownRowCount(current, n, needed), block.describe());
    }
    for (Map.Entry<String, RatColumn> e : cols.entrySet()) {
      try {
        RatCells.write(rat.table, indexes.get(e.getKey()), offset, e.getValue());
      } catch (AttributeTableTypeException ex) {
        throw new AttributeTableTypeException("Column '" + e.getKey() + "' of " + block.describe()
            + ", rows " + offset + " to " + (offset + n - 1) + ": " + ex.getMessage(), ex);
      }
    }
    offset = needed;
  }

  private int grownRowCount(int current, int n, int needed) {
    switch (controls.getRowCountMethod()) {
      case RCM_FIXED:
        return Math.max(controls.getTotalSize(), needed);
      case RCM_INCREMENT: {
        Integer inc = controls.getIncrementSize();
        return Math.max(needed, current + Math.max(n, inc == null ? n : inc));
      }
      default:
        return Math.max(runRowCount, needed);
    }
  }

  /** Cuts the table back to the rows written, if anything was written to it. */
  void finish() {
    OpenRat rat = block.rat();
    if (written && rat.rowCount() != offset) {
      RatCells.setRowCount(rat.table, offset, block.describe());
    }
  }

  private static String lengths(Map<String, RatColumn> cols) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, RatColumn> e : cols.entrySet()) {
      b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().length());
    }
    return b.toString();
  }
}
