package org.rios.ratapplier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rios.errors.AttributeTableColumnException;
import org.rios.errors.AttributeTableTypeException;
import org.rios.errors.ParameterException;
import org.rios.errors.RatMismatchException;
import org.rios.rat.RatCells;
import org.rios.rat.RatColumn;
import org.rios.rat.RatColumnType;
import org.rios.rat.RatColumnUsage;

/**
 * One table's view of the current block. On an input, {@code get...} reads a column's rows for this block,
 * lazily and once per block. On an output, {@code setColumn} gives a column's new rows for this block (all
 * columns set in one block must have the same length; that many rows are appended to the table) and
 * {@code setUsage} chooses the usage of a column the applier has to create.
 *
 * <pre>{@code
 * RatBlock img = inputs.get("img");
 * double[] v = img.getDoubles("Value");
 * outputs.get("img").setColumn("sqrd", square(v));
 * outputs.get("img").setUsage("sqrd", RatColumnUsage.GENERIC);
 * }</pre>
 *
 * <p>Values are the stored ones: unlike {@code Rat.readColumn}, no colour scaling is applied, so columns
 * copy faithfully.
 */
public final class RatBlock {
  private final String name;
  private final OpenRat rat;
  private final boolean output;
  private final Map<String, RatColumn> columns = new LinkedHashMap<>();
  private final Map<String, RatColumnUsage> usages;
  private RatApplierState state;

  RatBlock(String name, OpenRat rat, boolean output, Map<String, RatColumnUsage> usages) {
    this.name = name;
    this.rat = rat;
    this.output = output;
    this.usages = usages;
  }

  /** Starts a new block: forgets the previous block's columns. */
  void startBlock(RatApplierState newState) {
    this.state = newState;
    columns.clear();
  }

  /** The table's name in the associations. */
  public String getName() {
    return name;
  }

  public RatHandle getHandle() {
    return rat.handle;
  }

  /**
   * The table's row count now: for an input, its size; for an output, its size before this block's rows are
   * appended (it grows as {@link RowCountMethod} says and is cut to the rows written at the end).
   */
  public int getRowCount() {
    return rat.rowCount();
  }

  /** Names of the table's columns as they are in the file now. */
  public List<String> getColumnNames() {
    return RatCells.columnNames(rat.table);
  }

  /**
   * Input: column {@code column}'s rows of this block, in the column's stored type. Output: the column as set
   * in this block.
   *
   * @throws AttributeTableColumnException if there is no such column (or, on an output, it was not set)
   */
  public RatColumn getColumn(String column) {
    RatCells.checkName(column, "getColumn on " + describe());
    RatColumn c = columns.get(column);
    if (c != null) {
      return c;
    }
    if (output) {
      throw new AttributeTableColumnException("Column '" + column + "' has not been set on output "
          + describe() + " in this block (set: " + columns.keySet() + ")");
    }
    int col = RatCells.findColumn(rat.table, column);
    if (col < 0) {
      throw new AttributeTableColumnException("Column '" + column + "' not found in input " + describe()
          + " (columns: " + getColumnNames() + ")");
    }
    int end = state.getStartRow() + state.getBlockLen();
    if (end > rat.rowCount()) {
      throw new RatMismatchException("Rows " + state.getStartRow() + ".." + (end - 1) + " requested but input "
          + describe() + " has only " + rat.rowCount() + " rows (is the controls' rowCount too large?)");
    }
    c = RatCells.read(rat.table, col, state.getStartRow(), state.getBlockLen());
    columns.put(column, c);
    return c;
  }

  /**
   * {@link #getColumn} as ints (reals truncated toward zero).
   *
   * @throws AttributeTableTypeException naming the column, table and row of a value no {@code int} holds
   */
  public int[] getInts(String column) {
    return converted(column, RatColumn::toIntArray);
  }

  /** {@link #getColumn} as doubles. */
  public double[] getDoubles(String column) {
    return converted(column, RatColumn::toDoubleArray);
  }

  private <T> T converted(String column, Function<RatColumn, T> to) {
    RatColumn values = getColumn(column);
    try {
      return to.apply(values);
    } catch (AttributeTableTypeException e) {
      throw new AttributeTableTypeException("Column '" + column + "' of " + describe() + ", in the block of rows "
          + "from " + state.getStartRow() + " (rows below count from there): " + e.getMessage(), e);
    }
  }

  /** {@link #getColumn} as text. */
  public String[] getStrings(String column) {
    return getColumn(column).toStringArray();
  }

  /**
   * Output only: this block's rows of {@code column}. Accepts a {@link RatColumn}, {@code int[]},
   * {@code long[]}, {@code double[]}, {@code float[]}, {@code String[]} and the other values
   * {@code Rat.inferColumnType} knows; a column that does not exist yet is created with that type, and the
   * values for an existing column are converted to its type.
   *
   * @throws AttributeTableTypeException if no column type can be inferred from {@code values}
   */
  public void setColumn(String column, Object values) {
    setColumn(column, values, null);
  }

  /** {@link #setColumn(String, Object)} converting to {@code type} (null = infer). */
  public void setColumn(String column, Object values, RatColumnType type) {
    RatCells.checkName(column, "setColumn on " + describe());
    if (!output) {
      throw new ParameterException("Cannot set column '" + column + "' on input " + describe()
          + ": inputs are read-only; use an output RAT (it may be the same file)");
    }
    try {
      // untyped values take an existing column's type here, so e.g. counts beyond 32 bits fit a Real column
      int existing = type == null ? RatCells.findColumn(rat.table, column) : -1;
      columns.put(column, RatColumn.of(values, existing >= 0 ? RatCells.typeOf(rat.table, existing) : type));
    } catch (AttributeTableTypeException e) {
      throw new AttributeTableTypeException("Column '" + column + "' of output " + describe() + ": "
          + e.getMessage(), e);
    }
  }

  /** The usage an output column gets if the applier creates it (default Generic); existing columns keep theirs. */
  public void setUsage(String column, RatColumnUsage usage) {
    if (!output) {
      throw new ParameterException("Cannot set the usage of column '" + column + "' on input " + describe());
    }
    usages.put(column, usage == null ? RatColumnUsage.GENERIC : usage);
  }

  /** The usage of an existing column; otherwise the usage set with {@link #setUsage}, or Generic. */
  public RatColumnUsage getUsage(String column) {
    int col = RatCells.findColumn(rat.table, column);
    if (col >= 0) {
      return RatCells.usageOf(rat.table, col);
    }
    return usages.getOrDefault(column, RatColumnUsage.GENERIC);
  }

  /** The columns set in this block, in the order set (output side). */
  Map<String, RatColumn> setColumns() {
    return Collections.unmodifiableMap(columns);
  }

  OpenRat rat() {
    return rat;
  }

  String describe() {
    return "RAT '" + name + "' (" + rat.handle.getFilename() + " layer " + rat.handle.getLayerNum() + ")";
  }
}
