package org.rios.ratapplier;

/**
 * How {@link RatApplier} grows an output table that is too short for the rows a block writes (rows are
 * appended in order, so an output can end up shorter or longer than the input). After the run every
 * written output is cut back to the number of rows actually written.
 *
 * <pre>{@code
 * controls.setOutputRowCountHandling(RowCountMethod.RCM_INCREMENT, null, 10000);
 * }</pre>
 */
public enum RowCountMethod {
  /** Grow to the run's row count (the input row count, or the controls' rowCount). The default. */
  RCM_EQUALS_INPUT,
  /** Grow to the fixed {@code totalsize} given with the method. */
  RCM_FIXED,
  /** Grow by {@code incrementsize} rows (or by the block's row count, if larger or no size is given). */
  RCM_INCREMENT
}
