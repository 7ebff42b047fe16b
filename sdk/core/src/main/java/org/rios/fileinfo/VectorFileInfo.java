package org.rios.fileinfo;

import org.rios.gdal.GdalPaths;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.VectorLayerException;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.OpenFailures;

/**
 * The layers of a vector file (read with OGR), as a read-only list of {@link VectorLayerInfo}.
 * RIOS's {@code fileinfo.VectorFileInfo}.
 *
 * <pre>{@code
 * VectorFileInfo v = new VectorFileInfo("fields.shp");
 * v.layerCount();
 * v.get(0).featureCount();
 * v.layer("fields").fieldNames();
 * }</pre>
 */
public final class VectorFileInfo extends AbstractList<VectorLayerInfo> {
  private final String filename;
  private final List<VectorLayerInfo> layers;

  /**
   * Opens {@code filename} with OGR and describes every layer.
   *
   * @throws VectorLayerException if the file is missing or not a vector file OGR can open
   */
  public VectorFileInfo(String filename) {
    GdalRuntime.ensureLoaded();
    if (filename == null || filename.isBlank()) {
      throw new VectorLayerException("No vector file name given (" + (filename == null ? "null" : "empty") + ")");
    }
    this.filename = filename;
    String unopenable = OpenFailures.beforeOpening(filename);
    if (unopenable != null) {
      throw new VectorLayerException("Unable to open vector file " + filename + ": " + unopenable);
    }
    Dataset ds;
    try {
      ds = gdal.OpenEx(GdalPaths.forGdal(filename), gdalconstConstants.OF_VECTOR | gdalconstConstants.OF_READONLY);
    } catch (RuntimeException e) {
      throw new VectorLayerException("Unable to open vector file " + filename + ": " + e.getMessage(), e);
    }
    if (ds == null) {
      String reason = gdal.GetLastErrorMsg();
      throw new VectorLayerException("Unable to open vector file " + filename + ": " + (reason == null
          || reason.isBlank() ? "GDAL recognises no vector format in it" : reason));
    }
    try {
      List<VectorLayerInfo> l = new ArrayList<>();
      for (int i = 0; i < ds.GetLayerCount(); i++) {
        l.add(new VectorLayerInfo(ds.GetLayer(i)));
      }
      layers = Collections.unmodifiableList(l);
    } catch (RuntimeException e) {
      throw new VectorLayerException("Unable to read the layers of " + filename + ": " + e.getMessage(), e);
    } finally {
      ds.delete();
    }
  }

  public String filename() {
    return filename;
  }

  public int layerCount() {
    return layers.size();
  }

  /**
   * Layer number {@code index} (0-based).
   *
   * @throws IndexOutOfBoundsException naming the file and its layer count (a List's error, as the contract says)
   */
  @Override
  public VectorLayerInfo get(int index) {
    if (index < 0 || index >= layers.size()) {
      throw new IndexOutOfBoundsException("Index " + index + " is not a layer of " + filename + ", which has "
          + layers.size() + " (0-based)");
    }
    return layers.get(index);
  }

  @Override
  public int size() {
    return layers.size();
  }

  /**
   * The layer called {@code name}.
   *
   * @throws VectorLayerException if there is none
   */
  public VectorLayerInfo layer(String name) {
    for (VectorLayerInfo l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new VectorLayerException("Vector file " + filename + " has no layer named '" + name + "'");
  }

  /** Every layer's description, one block per layer. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("File       : %s%n", filename));
    b.append(String.format("Layers     : %d%n", layers.size()));
    for (VectorLayerInfo l : layers) {
      b.append(l);
    }
    return b.toString();
  }
}
