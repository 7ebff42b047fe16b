package org.rios.ratapplier;

/**
 * Where the current block is (RIOS's {@code info} of the RAT applier): block index, first row, number of
 * rows (shorter on the last block), the row numbers themselves and the run's total row count.
 *
 * <pre>{@code
 * RatApplier.apply((info, in, out) -> {
 *   int[] rows = info.getInputRowNumbers();           // startRow .. startRow + blockLen - 1
 *   out.get("new").setColumn("rowId", rows);
 * }, new RatAssociations(), outRats, new RatApplierControls().setRowCount(256));
 * }</pre>
 */
public final class RatApplierState {
  private final int blockNdx;
  private final int startRow;
  private final int blockLen;
  private final int rowCount;

  RatApplierState(int blockNdx, int startRow, int blockLen, int rowCount) {
    this.blockNdx = blockNdx;
    this.startRow = startRow;
    this.blockLen = blockLen;
    this.rowCount = rowCount;
  }

  /** 0-based index of this block. */
  public int getBlockNdx() {
    return blockNdx;
  }

  /** First row of this block. */
  public int getStartRow() {
    return startRow;
  }

  /** Rows in this block: the block length, or fewer on the last block. */
  public int getBlockLen() {
    return blockLen;
  }

  /** A new array of this block's row numbers, {@code startRow .. startRow + blockLen - 1}. */
  public int[] getInputRowNumbers() {
    int[] rows = new int[blockLen];
    for (int i = 0; i < blockLen; i++) {
      rows[i] = startRow + i;
    }
    return rows;
  }

  /** Total rows processed by the run. */
  public int getRowCount() {
    return rowCount;
  }

  @Override
  public String toString() {
    return "RatApplierState[block " + blockNdx + ", rows " + startRow + ".." + (startRow + blockLen - 1) + " of "
        + rowCount + "]";
  }
}
