package org.rios.plan;

import java.io.Serializable;
import org.rios.array.DataType;
import org.rios.grid.PixelGrid;

/**
 * How one vector input is rasterized before it is read like a raster, decided once at planning time.
 *
 * <p>Everything GDAL Rasterize needs is here, including the target grid (in the vector's own projection),
 * so any process holding the plan can rasterize the vector itself and get the same raster. The record's
 * value equality is the key of the per-process rasterization cache: two inputs share a rasterized raster
 * only when every one of these fields is equal, so the same file burned with different options (or onto a
 * different grid) is rasterized separately.
 *
 * <pre>{@code
 * VectorSpec v = plan.inputs().get(1).vector();   // null for a raster input
 * if (v != null) {
 *   System.out.println(v.filename() + " layer " + v.layerName() + " on " + v.grid());
 * }
 * }</pre>
 *
 * @param filename the vector file (also what {@code BlockInfo.getFilenameFor} reports)
 * @param layerName the OGR layer to burn (resolved from the index or name given in the controls)
 * @param burnValue value burned inside features, or null when {@code burnAttribute} is used
 * @param burnAttribute attribute whose value is burned, or null
 * @param vectorNull background (initial) value and NoData of the rasterized raster
 * @param sql a full OGR SQL statement selecting the features to burn, or null
 * @param where an attribute filter (WHERE clause without the keyword) applied to the layer, or null
 * @param allTouched burn every pixel a feature touches, not only those whose centre is inside
 * @param dataType pixel type of the rasterized raster
 * @param grid the raster to create: bounds, pixel size and projection (the vector's SRS)
 */
public record VectorSpec(String filename, String layerName, Double burnValue, String burnAttribute,
    double vectorNull, String sql, String where, boolean allTouched, DataType dataType, PixelGrid grid)
    implements Serializable {

  public VectorSpec {
    if ((burnValue == null) == (burnAttribute == null)) {
      throw new IllegalArgumentException("exactly one of burnValue and burnAttribute must be given");
    }
    if (sql != null && where != null) {
      throw new IllegalArgumentException("a full SQL statement and a WHERE clause cannot both be given");
    }
  }

  /** "file (layer)" for messages. */
  public String label() {
    return filename + " (layer " + layerName + ")";
  }
}
