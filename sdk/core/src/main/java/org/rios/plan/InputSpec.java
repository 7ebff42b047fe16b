package org.rios.plan;

import java.io.Serializable;
import java.util.Arrays;
import org.rios.array.DataType;

/**
 * What a reader needs to read one input file onto the working grid, decided once at planning time.
 *
 * @param name symbolic name
 * @param seq position in a list entry, or null
 * @param filename the file to open
 * @param bands 1-based band numbers to read, in order (the layer selection, or all bands)
 * @param dataType pixel type of the block arrays (that of the first selected band)
 * @param fillValues per selected band: value for pixels outside the file (edges, overlap margins, UNION areas)
 * @param nullValues per selected band: the null reported by {@code BlockInfo.getNoDataValueFor}, entries may be null
 * @param xOffset working-grid column of the (possibly warped) file's first column
 * @param yOffset working-grid row of the (possibly warped) file's first row
 * @param fileCols columns of the (possibly warped) file
 * @param fileRows rows of the (possibly warped) file
 * @param warp how to reproject onto the working grid, or null when the file is read directly
 * @param vector for a vector input, how to rasterize it (the raster then read as described by the other
 *     fields); null for a raster input
 */
public record InputSpec(String name, Integer seq, String filename, int[] bands, DataType dataType,
    double[] fillValues, Double[] nullValues, int xOffset, int yOffset, int fileCols, int fileRows,
    WarpSpec warp, VectorSpec vector) implements Serializable {

  /** A raster input (no rasterization). */
  public InputSpec(String name, Integer seq, String filename, int[] bands, DataType dataType,
      double[] fillValues, Double[] nullValues, int xOffset, int yOffset, int fileCols, int fileRows,
      WarpSpec warp) {
    this(name, seq, filename, bands, dataType, fillValues, nullValues, xOffset, yOffset, fileCols, fileRows, warp,
        null);
  }

  /** Whether this input is a vector rasterized on the fly. */
  public boolean isVector() {
    return vector != null;
  }

  /** "name" or "name[seq]", for messages. */
  public String label() {
    return seq == null ? name : name + "[" + seq + "]";
  }

  @Override
  public String toString() {
    return "InputSpec[" + label() + "=" + filename + (vector != null ? " (rasterized)" : "") + ", bands="
        + Arrays.toString(bands) + ", " + dataType
        + (warp != null ? ", warped" : ", offset=(" + xOffset + "," + yOffset + ")") + "]";
  }
}
