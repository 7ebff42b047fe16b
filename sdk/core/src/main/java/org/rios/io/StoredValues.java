package org.rios.io;

import java.util.List;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.plan.OutputDrivers;

/**
 * The values of its data type that an output's file can hold, where its creation options narrow them: GTiff's
 * and Imagine's {@code NBITS} (a 12-bit UInt16 file keeps 0..4095) and GTiff's {@code PIXELTYPE=SIGNEDBYTE}
 * (a Byte file read as signed bytes, so 0..127 read back as written). GDAL changes a value outside without a
 * word (clipped, or masked to its low bits), while the statistics, taken on the blocks in memory, describe the
 * values as written: a block holding one is refused instead, naming the output, the value and the option.
 */
final class StoredValues {
  /** Every value of the type is kept. */
  static final StoredValues ALL = new StoredValues(null, Long.MIN_VALUE, Long.MAX_VALUE);

  private final String option;
  private final long min;
  private final long max;

  private StoredValues(String option, long min, long max) {
    this.option = option;
    this.min = min;
    this.max = max;
  }

  /**
   * The values an output of {@code type} created with {@code options} by {@code driver} keeps.
   *
   * @throws ParameterException naming the output if its {@code NBITS} does not apply to {@code type}
   */
  static StoredValues of(String driver, List<String> options, DataType type, String label, String filename) {
    boolean gtiff = "GTiff".equalsIgnoreCase(driver) || CogOutput.DRIVER.equalsIgnoreCase(driver);
    boolean hfa = "HFA".equalsIgnoreCase(driver);
    String nbits = OutputDrivers.optionValue(options, "NBITS");
    if (nbits != null && (gtiff || hfa)) {
      int n;
      try {
        n = Integer.parseInt(nbits.trim());
      } catch (NumberFormatException e) {
        throw new ParameterException("Output '" + label + "' (" + filename + "): creation option NBITS=" + nbits
            + " must be a whole number", e);
      }
      int typeBits = type.byteSize() * 8;
      boolean applies = gtiff
          ? type == DataType.UINT8 && n <= 8 || type == DataType.UINT16 && n >= 9 && n <= 16
              || type == DataType.UINT32 && n >= 17 && n <= 32 || type == DataType.FLOAT32 && (n == 16 || n == 32)
          : type == DataType.UINT8 && (n == 1 || n == 2 || n == 4);
      if (!applies) {
        throw new ParameterException("Output '" + label + "' (" + filename + "): creation option NBITS=" + nbits
            + " does not apply to " + type.gdalName() + " pixels for the " + driver + " driver ("
            + (gtiff ? "Byte 1-8, UInt16 9-16, UInt32 17-32, Float32 16 or 32" : "Byte 1, 2 or 4")
            + "); GDAL would store other values than the blocks hold");
      }
      if (!type.isFloatingPoint() && n < typeBits) {
        return new StoredValues("NBITS=" + nbits, 0, (1L << n) - 1);
      }
    }
    String pixelType = OutputDrivers.optionValue(options, "PIXELTYPE");
    if (gtiff && pixelType != null && pixelType.trim().equalsIgnoreCase("SIGNEDBYTE") && type == DataType.UINT8) {
      return new StoredValues("PIXELTYPE=SIGNEDBYTE", 0, 127);
    }
    return ALL;
  }

  /**
   * @throws OutputWriteException naming the output, the value and the option if {@code block} (of the output's
   *     type) holds a value the file cannot keep
   */
  void check(RasterArray block, String label, String filename, int xoff, int yoff) {
    if (option == null) {
      return;
    }
    for (int i = 0, n = block.size(); i < n; i++) {
      long v = block.getLongAt(i);
      if (v < min || v > max) {
        throw new OutputWriteException("Output '" + label + "' (" + filename + "): the block at column " + xoff
            + ", row " + yoff + " holds the value " + v + ", which creation option " + option + " cannot store "
            + "(it keeps " + min + ".." + max + "; GDAL would store another value); write values in that range, or "
            + "drop the option");
      }
    }
  }
}
