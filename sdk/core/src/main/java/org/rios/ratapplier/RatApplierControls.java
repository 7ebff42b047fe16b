package org.rios.ratapplier;

import org.rios.errors.ParameterException;
import org.rios.progress.Progress;

/**
 * Settings of a {@link RatApplier} run. Defaults as RIOS: 100000 rows per block, row count from the inputs,
 * outputs grown with {@link RowCountMethod#RCM_EQUALS_INPUT}, no progress reporting.
 *
 * <pre>{@code
 * RatApplierControls c = new RatApplierControls()
 *     .setBlockLength(5000)
 *     .setOutputRowCountHandling(RowCountMethod.RCM_FIXED, 256, null)
 *     .setProgress(new TerminalProgressBar());
 * }</pre>
 */
public final class RatApplierControls {
  /** RIOS's default block length, in rows. */
  public static final int DEFAULT_BLOCK_LENGTH = 100000;

  private int blockLength = DEFAULT_BLOCK_LENGTH;
  private Integer rowCount;
  private RowCountMethod rowCountMethod = RowCountMethod.RCM_EQUALS_INPUT;
  private Integer totalSize;
  private Integer incrementSize;
  private Progress progress;
  private boolean useStringDType;

  /** Rows per block (the last block may be shorter); must be at least 1. */
  public RatApplierControls setBlockLength(int rows) {
    if (rows < 1) {
      throw new ParameterException("RAT applier block length must be at least 1 (got " + rows + ")");
    }
    this.blockLength = rows;
    return this;
  }

  /**
   * Total rows to process; null (default) = the inputs' row count. Needed when there are no input tables
   * (e.g. to fill a new output table).
   */
  public RatApplierControls setRowCount(Integer rows) {
    if (rows != null && rows < 0) {
      throw new ParameterException("RAT applier rowCount must not be negative (got " + rows + ")");
    }
    this.rowCount = rows;
    return this;
  }

  /**
   * How short outputs grow (see {@link RowCountMethod}). {@code totalsize} is required for RCM_FIXED;
   * {@code incrementsize} is optional for RCM_INCREMENT.
   */
  public RatApplierControls setOutputRowCountHandling(RowCountMethod method, Integer totalsize,
      Integer incrementsize) {
    if (method == null) {
      throw new ParameterException("outputRowCountHandling needs a method");
    }
    if (method == RowCountMethod.RCM_FIXED && (totalsize == null || totalsize < 0)) {
      throw new ParameterException("outputRowCountHandling RCM_FIXED needs a totalsize of 0 or more (got "
          + totalsize + ")");
    }
    if (incrementsize != null && incrementsize < 1) {
      throw new ParameterException("outputRowCountHandling incrementsize must be at least 1 (got "
          + incrementsize + ")");
    }
    this.rowCountMethod = method;
    this.totalSize = totalsize;
    this.incrementSize = incrementsize;
    return this;
  }

  /** RIOS's name for {@link #setOutputRowCountHandling}. */
  public RatApplierControls outputRowCountHandling(RowCountMethod method, Integer totalsize,
      Integer incrementsize) {
    return setOutputRowCountHandling(method, totalsize, incrementsize);
  }

  /** Receives 0..100 percent as blocks finish; null = silent. */
  public RatApplierControls setProgress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /**
   * Kept for RIOS compatibility and has no effect: RIOS chooses between numpy byte strings and variable
   * strings for text columns, while in Java text columns are always {@code String[]}.
   */
  public RatApplierControls setUseStringDType(boolean use) {
    this.useStringDType = use;
    return this;
  }

  public int getBlockLength() {
    return blockLength;
  }

  public Integer getRowCount() {
    return rowCount;
  }

  public RowCountMethod getRowCountMethod() {
    return rowCountMethod;
  }

  public Integer getTotalSize() {
    return totalSize;
  }

  public Integer getIncrementSize() {
    return incrementSize;
  }

  public Progress getProgress() {
    return progress;
  }

  public boolean isUseStringDType() {
    return useStringDType;
  }
}
