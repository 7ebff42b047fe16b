package org.rios.io;

import java.util.List;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.plan.OutputDrivers;

/**
 * The values of its data type that an output's file can hold, where its creation options narrow them: GTiff's
 * and Imagine's {@code NBITS} (a 12-bit UInt16 file keeps 0..4095; a Float32 file with NBITS=16 is half
 * precision, finite up to 65504) and their {@code PIXELTYPE=SIGNEDBYTE} (a Byte file read as signed bytes, so
 * 0..127 read back as written). GDAL changes a value outside without a
 * word (clipped, or masked to its low bits), while the statistics, taken on the blocks in memory, describe the
 * values as written: a block holding one is refused instead, naming the output, the value and the option.
 */
record StoredValues(String option, long min, long max) {
  /** Every value of the type is kept. */
  static final StoredValues ALL = new StoredValues(null, Long.MIN_VALUE, Long.MAX_VALUE);

  /**
   * The values an output of {@code type} created with {@code options} by {@code driver} keeps.
   *
   * @throws ParameterException naming the output if its {@code NBITS} does not apply to {@code type}
   */
  static StoredValues of(String driver, List<String> options, DataType type, String label, String filename) {
    boolean gtiff = "GTiff".equalsIgnoreCase(driver); // the COG driver has neither option
    boolean hfa = "HFA".equalsIgnoreCase(driver);
    String nbits = OutputDrivers.optionValue(options, "NBITS");
    // GDAL 3.6 applies NBITS to these types only, and ignores it (with a warning of its own) for the others
    boolean nbitsApplies = gtiff ? type == DataType.UINT8 || type == DataType.UINT16 || type == DataType.UINT32
        || type == DataType.FLOAT32 : hfa && type == DataType.UINT8;
    if (nbits != null && nbitsApplies) {
      int n = Integer.parseInt(nbits.trim()); // a whole number: checked with the other creation options
      boolean valid = gtiff
          ? type == DataType.UINT8 && n >= 1 && n <= 8 || type == DataType.UINT16 && n >= 9 && n <= 16
              || type == DataType.UINT32 && n >= 17 && n <= 32 || type == DataType.FLOAT32 && (n == 16 || n == 32)
          : n == 1 || n == 2 || n == 4;
      if (!valid) {
        throw new ParameterException("Output '" + label + "' (" + filename + "): creation option NBITS=" + nbits
            + " does not fit " + type.gdalName() + " pixels for the " + driver + " driver ("
            + (gtiff ? "Byte 1-8, UInt16 9-16, UInt32 17-32, Float32 16 or 32" : "Byte 1, 2 or 4")
            + "); GDAL would store the values in another number of bits");
      }
      if (type == DataType.FLOAT32 && n == 16) {
        // half precision: a lossy encoding the option asks for, as a lossy codec is, but a value beyond its
        // range would become infinite
        return new StoredValues("NBITS=16 (half precision)", -HALF_MAX, HALF_MAX);
      }
      if (!type.isFloatingPoint() && n < type.byteSize() * 8) {
        return new StoredValues("NBITS=" + nbits, 0, (1L << n) - 1);
      }
    }
    String pixelType = OutputDrivers.optionValue(options, "PIXELTYPE");
    if ((gtiff || hfa) && pixelType != null && pixelType.trim().equalsIgnoreCase("SIGNEDBYTE")
        && type == DataType.UINT8) {
      return new StoredValues("PIXELTYPE=SIGNEDBYTE", 0, 127);
    }
    return ALL;
  }

  /** The largest finite half-precision value. */
  private static final long HALF_MAX = 65504;

  /**
   * @throws OutputWriteException naming the output, the value and the option if {@code block} (of the output's
   *     type) holds a value the file cannot keep
   */
  void check(RasterArray block, String label, String filename, int xoff, int yoff) {
    if (option == null) {
      return;
    }
    boolean floating = block.dataType().isFloatingPoint();
    for (int i = 0, n = block.size(); i < n; i++) {
      double v = floating ? block.getDoubleAt(i) : block.getLongAt(i);
      if (v < min || v > max) {
        if (Double.isInfinite(v)) {
          continue; // kept as itself (half precision has infinities); NaN never gets here
        }
        throw new OutputWriteException("Output '" + label + "' (" + filename + "): the block at column " + xoff
            + ", row " + yoff + " holds the value " + (floating ? String.valueOf(v) : String.valueOf((long) v))
            + ", which creation option " + option + " cannot store (it keeps " + min + ".." + max + "; GDAL would "
            + "store another value); write values in that range, or drop the option");
      }
    }
  }
}
