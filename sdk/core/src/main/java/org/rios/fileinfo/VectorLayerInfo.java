package org.rios.fileinfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gdal.ogr.FeatureDefn;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;

/**
 * One layer of a vector file: name, feature count, extent, geometry type, attribute fields and spatial
 * reference. Plain values, read when the {@link VectorFileInfo} was built; nothing native is kept.
 *
 * <pre>{@code
 * VectorLayerInfo l = new VectorFileInfo("fields.shp").get(0);
 * l.name(); l.featureCount(); l.geomTypeStr();   // "Polygon"
 * l.fieldNames(); l.fieldTypeNames();            // [id, crop], [Integer, String]
 * }</pre>
 */
public final class VectorLayerInfo {
  private final String name;
  private final long featureCount;
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private final int geomType;
  private final String geomTypeStr;
  private final List<String> fieldNames;
  private final List<Integer> fieldTypes;
  private final List<String> fieldTypeNames;
  private final String spatialRefWkt;

  VectorLayerInfo(Layer layer) {
    name = layer.GetName();
    featureCount = layer.GetFeatureCount(1);
    double[] ext;
    try {
      ext = layer.GetExtent(true);
    } catch (RuntimeException e) {
      ext = null; // empty layer: GDAL has no extent to give
    }
    if (ext == null || ext.length < 4) {
      ext = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }
    xMin = ext[0];
    xMax = ext[1];
    yMin = ext[2];
    yMax = ext[3];
    geomType = layer.GetGeomType();
    geomTypeStr = geomTypeName(geomType);
    FeatureDefn defn = layer.GetLayerDefn();
    List<String> names = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    List<String> typeNames = new ArrayList<>();
    for (int i = 0; i < defn.GetFieldCount(); i++) {
      FieldDefn f = defn.GetFieldDefn(i);
      names.add(f.GetName());
      types.add(f.GetFieldType());
      typeNames.add(f.GetFieldTypeName(f.GetFieldType()));
    }
    fieldNames = Collections.unmodifiableList(names);
    fieldTypes = Collections.unmodifiableList(types);
    fieldTypeNames = Collections.unmodifiableList(typeNames);
    SpatialReference sr = layer.GetSpatialRef();
    spatialRefWkt = sr == null ? null : sr.ExportToWkt();
  }

  /**
   * "Point", "Line" or "Polygon" for those three basic types (also with Z/M variants), null for any other
   * geometry type (RIOS names only these three).
   */
  static String geomTypeName(int geomType) {
    switch (ogr.GT_Flatten(geomType)) {
      case 1: return "Point";
      case 2: return "Line";
      case 3: return "Polygon";
      default: return null;
    }
  }

  public String name() { return name; }

  /** Number of features (counted by GDAL if the driver does not know it). */
  public long featureCount() { return featureCount; }

  /** Layer extent; NaN for an empty layer. */
  public double xMin() { return xMin; }

  public double xMax() { return xMax; }

  public double yMin() { return yMin; }

  public double yMax() { return yMax; }

  /** OGR geometry type code (wkbPoint = 1, wkbLineString = 2, wkbPolygon = 3, ...). */
  public int geomType() { return geomType; }

  /** See {@link #geomTypeName(int)}: "Point", "Line", "Polygon" or null. */
  public String geomTypeStr() { return geomTypeStr; }

  /** OGR's own name of the geometry type, e.g. "Multi Polygon". */
  public String geomTypeOgrName() { return ogr.GeometryTypeToName(geomType); }

  public int fieldCount() { return fieldNames.size(); }

  public List<String> fieldNames() { return fieldNames; }

  /** OGR field type codes (OFTInteger = 0, OFTReal = 2, OFTString = 4, ...). */
  public List<Integer> fieldTypes() { return fieldTypes; }

  /** OGR field type names, e.g. "Integer", "Real", "String". */
  public List<String> fieldTypeNames() { return fieldTypeNames; }

  /** The layer's spatial reference as WKT, or null if it has none. */
  public String spatialRefWkt() { return spatialRefWkt; }

  /**
   * A new SpatialReference of the layer with traditional GIS axis order (x = easting/longitude), or null if
   * the layer has none. The caller owns it ({@code delete()} when done).
   */
  public SpatialReference spatialRef() {
    if (spatialRefWkt == null) {
      return null;
    }
    SpatialReference sr = new SpatialReference(spatialRefWkt);
    sr.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
    return sr;
  }

  /** A short multi-line description. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("Layer      : %s%n", name));
    b.append(String.format("Features   : %d%n", featureCount));
    b.append(String.format("Geometry   : %s%n", geomTypeStr != null ? geomTypeStr : geomTypeOgrName()));
    b.append(String.format("Extent     : xMin %s, xMax %s, yMin %s, yMax %s%n", InfoFormat.num(xMin),
        InfoFormat.num(xMax), InfoFormat.num(yMin), InfoFormat.num(yMax)));
    b.append(String.format("Projection : %s%n", InfoFormat.srsName(spatialRefWkt)));
    b.append(String.format("Fields     : %d%n", fieldNames.size()));
    for (int i = 0; i < fieldNames.size(); i++) {
      b.append(String.format("  %-20s %s%n", fieldNames.get(i), fieldTypeNames.get(i)));
    }
    return b.toString();
  }
}
