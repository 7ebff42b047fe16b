package org.rios.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FeatureDefn;
import org.gdal.ogr.Layer;
import org.gdal.osr.SpatialReference;
import org.rios.errors.FileOpenException;
import org.rios.errors.ParameterException;
import org.rios.errors.VectorAttributeException;
import org.rios.errors.VectorLayerException;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.OpenFailures;

/**
 * What planning needs to know about the layer of a vector input: its resolved name, projection, extent and
 * whether it has any feature to burn.
 * Opening it also checks the request against the file (layer, filter, burn attribute), so mistakes fail at
 * planning time with a message naming the file rather than halfway through a run.
 *
 * <pre>{@code
 * VectorInputLayer v = VectorInputLayer.open("fields.shp", 0, VectorFilter.parse("crop = 'wheat'"), null);
 * double[] ext = v.extent();   // {xMin, xMax, yMin, yMax} in v.srsWkt(), or null when nothing is selected
 * }</pre>
 *
 * @param filename the vector file
 * @param layerName the layer chosen by index or name
 * @param srsWkt projection of the features to burn ("" when the layer has none)
 * @param extent {xMin, xMax, yMin, yMax} of the features to burn, or null when there are none (or OGR
 *     cannot measure them)
 * @param hasFeatures whether the layer (after the filter) has any feature to burn
 */
public record VectorInputLayer(String filename, String layerName, String srsWkt, double[] extent,
    boolean hasFeatures) implements Serializable {

  /** Whether GDAL can open {@code filename} as a vector dataset. */
  public static boolean isVector(String filename) {
    GdalRuntime.ensureLoaded();
    if (org.rios.gdal.VirtualPaths.isSpecialLocalFile(filename)) {
      return false; // a FIFO would block GDAL
    }
    try {
      Dataset ds = gdal.OpenEx(GdalPaths.forGdal(filename), gdalconstConstants.OF_VECTOR | gdalconstConstants.OF_READONLY);
      if (ds == null) {
        return false;
      }
      boolean hasLayers = ds.GetLayerCount() > 0;
      ds.delete();
      return hasLayers;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Opens a vector file and describes the layer to burn.
   *
   * @param layer an Integer index (0-based) or a String name
   * @param filter the features to burn; with a full SQL statement the statement's result set is described
   * @param burnAttribute the attribute to burn, checked to exist, or null
   * @throws FileOpenException if the file cannot be opened as a vector
   * @throws VectorLayerException if the layer does not exist (the message lists the layers)
   * @throws VectorAttributeException if the burn attribute is not a field of the features to burn
   * @throws ParameterException if GDAL rejects the SQL statement or attribute filter
   */
  public static VectorInputLayer open(String filename, Object layer, VectorFilter filter, String burnAttribute) {
    GdalRuntime.ensureLoaded();
    OpenFailures.requireOpenable(filename);
    Dataset ds;
    try {
      ds = gdal.OpenEx(GdalPaths.forGdal(filename), gdalconstConstants.OF_VECTOR | gdalconstConstants.OF_READONLY);
    } catch (RuntimeException e) {
      throw new FileOpenException("Unable to open " + filename + " as a vector: " + e.getMessage(), e);
    }
    if (ds == null) {
      throw new FileOpenException("Unable to open " + filename + " as a vector: " + gdal.GetLastErrorMsg());
    }
    try {
      Layer chosen = chooseLayer(ds, filename, layer);
      String layerName = chosen.GetName();
      if (filter.sql() != null) {
        Layer result = executeSql(ds, filename, filter.sql());
        try {
          checkAttribute(result.GetLayerDefn(), burnAttribute, filename, "the result of the SQL statement");
          // named in messages by what the statement reads (the chosen layer is not what is burned)
          String read = result.GetName();
          return new VectorInputLayer(filename, read == null || read.isBlank() || "SELECT".equalsIgnoreCase(read)
              ? "(its SQL statement's result)" : read, wkt(result), extent(result), firstFeature(result).found());
        } finally {
          ds.ReleaseResultSet(result);
        }
      }
      boolean any = filter.where() != null ? checkWhere(chosen, filename, layerName, filter.where())
          : firstFeature(chosen).found();
      checkAttribute(chosen.GetLayerDefn(), burnAttribute, filename, "layer " + layerName);
      // a shapefile's extent is its header's, whatever the filter: a filter that selects nothing has none
      return new VectorInputLayer(filename, layerName, wkt(chosen), any ? extent(chosen) : null, any);
    } finally {
      ds.delete();
    }
  }

  /**
   * Whether any feature to burn (after {@code filter}, as {@link #open} was given it) lies, by its bounding
   * box, in the rectangle {@code xMin..xMax, yMin..yMax} of this layer's projection: a layer whose extent spans
   * the working grid may still have none in it (features on both sides, or a filter that selects only
   * features outside it). True when the file can no longer be read here (rasterizing it then says why).
   */
  public boolean anyFeatureWithin(VectorFilter filter, double xMin, double yMin, double xMax, double yMax) {
    Dataset ds;
    try {
      ds = gdal.OpenEx(GdalPaths.forGdal(filename), gdalconstConstants.OF_VECTOR | gdalconstConstants.OF_READONLY);
    } catch (RuntimeException e) {
      return true;
    }
    if (ds == null) {
      return true;
    }
    Layer layer = null;
    boolean sql = filter.sql() != null;
    try {
      if (sql) {
        org.gdal.ogr.Geometry rect = org.gdal.ogr.Geometry.CreateFromWkt("POLYGON ((" + xMin + " " + yMin + ", "
            + xMax + " " + yMin + ", " + xMax + " " + yMax + ", " + xMin + " " + yMax + ", " + xMin + " " + yMin
            + "))");
        layer = ds.ExecuteSQL(filter.sql(), rect);
      } else {
        layer = ds.GetLayerByName(layerName);
        if (layer != null) {
          if (filter.where() != null) {
            layer.SetAttributeFilter(filter.where());
          }
          layer.SetSpatialFilterRect(xMin, yMin, xMax, yMax);
        }
      }
      return layer == null || firstFeature(layer).found();
    } catch (RuntimeException e) {
      return true;
    } finally {
      if (sql && layer != null) {
        ds.ReleaseResultSet(layer);
      }
      ds.delete();
      gdal.ErrorReset();
    }
  }

  private static Layer chooseLayer(Dataset ds, String filename, Object layer) {
    int n = ds.GetLayerCount();
    if (layer == null || layer instanceof Integer) {
      int i = layer == null ? 0 : (Integer) layer;
      if (i < 0 || i >= n) {
        throw new VectorLayerException("Vector file " + filename + " has no layer number " + i + " (layers are "
            + "numbered from 0; it has " + n + ": " + layerNames(ds) + ")");
      }
      return ds.GetLayer(i);
    }
    String name = layer.toString();
    for (int i = 0; i < n; i++) {
      Layer l = ds.GetLayer(i);
      if (name.equals(l.GetName())) {
        return l;
      }
    }
    throw new VectorLayerException("Vector file " + filename + " has no layer named '" + name + "'; its layers are "
        + layerNames(ds));
  }

  private static List<String> layerNames(Dataset ds) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ds.GetLayerCount(); i++) {
      names.add(ds.GetLayer(i).GetName());
    }
    return names;
  }

  private static Layer executeSql(Dataset ds, String filename, String sql) {
    Layer result;
    String err;
    try {
      result = ds.ExecuteSQL(sql);
      err = result == null ? null : firstFeature(result).error();
    } catch (RuntimeException e) {
      throw new ParameterException("Filter SQL statement \"" + sql + "\" failed on " + filename + ": "
          + e.getMessage(), e);
    }
    if (result == null) {
      throw new ParameterException("Filter SQL statement \"" + sql + "\" on " + filename + " gave no result set "
          + "(a statement selecting the features to burn is needed): " + gdal.GetLastErrorMsg());
    }
    if (err != null) {
      ds.ReleaseResultSet(result);
      throw new ParameterException("Filter SQL statement \"" + sql + "\" failed on " + filename + ": " + err);
    }
    return result;
  }

  /**
   * What reading the first feature of a layer gave.
   *
   * @param found whether there was one
   * @param error the error GDAL reported reading it, or null
   */
  private record FirstFeature(boolean found, String error) {}

  /**
   * Reads the first feature of {@code layer} (from the start, and rewinds): reading is where SQL-backed drivers
   * first evaluate a filter, and report its errors.
   */
  private static FirstFeature firstFeature(Layer layer) {
    gdal.ErrorReset();
    layer.ResetReading();
    Feature f = layer.GetNextFeature();
    if (f != null) {
      f.delete();
    }
    layer.ResetReading();
    if (gdal.GetLastErrorType() >= gdalconstConstants.CE_Failure) {
      String msg = gdal.GetLastErrorMsg();
      gdal.ErrorReset();
      return new FirstFeature(f != null, msg);
    }
    return new FirstFeature(f != null, null);
  }

  /** @return whether the filter selects any feature */
  private static boolean checkWhere(Layer layer, String filename, String layerName, String where) {
    try {
      if (layer.SetAttributeFilter(where) != 0) {
        throw new ParameterException("Filter \"" + where + "\" is not a valid attribute filter for layer "
            + layerName + " of " + filename + ": " + gdal.GetLastErrorMsg());
      }
      // Some drivers (GeoPackage, other SQL-backed ones) only compile the clause when features are read,
      // and then report the error and return no features, which would burn nothing without a word.
      FirstFeature first = firstFeature(layer);
      if (first.error() != null) {
        throw new ParameterException("Filter \"" + where + "\" is not a valid attribute filter for layer "
            + layerName + " of " + filename + ": " + first.error());
      }
      return first.found();
    } catch (RuntimeException e) {
      if (e instanceof ParameterException) {
        throw e;
      }
      throw new ParameterException("Filter \"" + where + "\" is not a valid attribute filter for layer "
          + layerName + " of " + filename + ": " + e.getMessage(), e);
    } finally {
      layer.SetAttributeFilter(null);
    }
  }

  private static void checkAttribute(FeatureDefn defn, String attribute, String filename, String what) {
    if (attribute == null) {
      return;
    }
    int index = defn.GetFieldIndex(attribute);
    if (index >= 0) {
      int t = defn.GetFieldDefn(index).GetFieldType();
      if (t != org.gdal.ogr.ogrConstants.OFTInteger && t != org.gdal.ogr.ogrConstants.OFTInteger64
          && t != org.gdal.ogr.ogrConstants.OFTReal) {
        // GDAL would burn text through atof: "abc" as 0, with no word
        throw new VectorAttributeException("Burn attribute '" + attribute + "' of " + what + " in " + filename
            + " is a " + defn.GetFieldDefn(index).GetFieldTypeName(t) + " field; a burn attribute must be numeric");
      }
      return;
    }
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < defn.GetFieldCount(); i++) {
      fields.add(defn.GetFieldDefn(i).GetName());
    }
    throw new VectorAttributeException("Burn attribute '" + attribute + "' is not a field of " + what + " in "
        + filename + "; its fields are " + fields);
  }

  private static String wkt(Layer layer) {
    SpatialReference sr = layer.GetSpatialRef();
    return sr == null ? "" : sr.ExportToWkt();
  }

  /** OGR gives {minX, maxX, minY, maxY}; an empty layer (or one OGR cannot measure) has none. */
  private static double[] extent(Layer layer) {
    double[] e = new double[4];
    try {
      if (layer.GetExtent(e, 1) != 0) {
        return null;
      }
    } catch (RuntimeException ex) {
      return null;
    }
    for (double v : e) {
      if (!Double.isFinite(v)) {
        return null;
      }
    }
    return e;
  }
}
