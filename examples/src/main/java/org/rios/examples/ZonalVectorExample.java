package org.rios.examples;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.gdal.gdal.Dataset;
import org.gdal.gdalconst.gdalconstConstants;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FeatureDefn;
import org.gdal.ogr.Layer;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.OpenFailures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * (g) A vector mask and zonal statistics: polygons are rasterized on the fly onto the DEM's grid, burning
 * each polygon's integer attribute (zone id). The DEM is written out masked to the polygons, and the mean
 * elevation of every zone is accumulated in otherArgs. The zones' names come from another attribute.
 *
 * <pre>
 * java -cp ... org.rios.examples.ZonalVectorExample sample-data/terra/ex/elev.tif sample-data/terra/ex/lux.shp \
 *     ID_2 NAME_2 masked.tif
 * </pre>
 */
@Command(name = "ZonalVectorExample",
    description = "The DEM masked to the polygons (GTiff), and the mean of the DEM in each polygon's zone.")
public final class ZonalVectorExample implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<dem>", description = "DEM (band 1).")
  String dem;

  @Parameters(index = "1", paramLabel = "<polygons>", description = "Vector file of the zones (its first layer).")
  String polygons;

  @Parameters(index = "2", paramLabel = "<idField>", description = "Integer attribute: the zone id, burnt.")
  String idField;

  @Parameters(index = "3", paramLabel = "<nameField>", description = "Attribute naming the zone in the report.")
  String nameField;

  @Parameters(index = "4", paramLabel = "<out>", description = "Masked DEM (GTiff, Float32, null -32768).")
  String masked;

  private ZonalVectorExample() {}

  /** Sum and count of DEM values per zone id. */
  public static final class ZoneSums implements Serializable {
    private static final long serialVersionUID = 1L;
    public final HashMap<Integer, double[]> sums = new HashMap<>();
  }

  public static void main(String[] args) {
    ExampleCli.main(new ZonalVectorExample(), args);
  }

  @Override
  public Integer call() {
    Map<Integer, String> names = zoneNames(polygons, idField, nameField); // first: it checks the fields
    ApplierReturn<ZoneSums> rtn = run(dem, polygons, idField, masked);
    for (Map.Entry<Integer, double[]> e : new TreeMap<>(merge(rtn)).entrySet()) {
      System.out.printf("%3d %-20s mean %8.2f over %d pixels%n", e.getKey(), names.get(e.getKey()),
          e.getValue()[0] / e.getValue()[1], (long) e.getValue()[1]);
    }
    System.out.println(rtn.timings().formatReport());
    return 0;
  }

  public static ApplierReturn<ZoneSums> run(String dem, String polygons, String idField, String masked) {
    ApplierControls controls = new ApplierControls()
        .setReferenceImage("dem")
        .setBurnAttribute(idField, "zones")
        .setVectorDatatype(DataType.INT32, "zones")
        .setVectorNull(0, "zones")
        .setOutputDriverName("GTiff")
        .setStatsIgnore(-32768.0);
    return Applier.apply((info, inputs, outputs, acc) -> {
      RasterArray d = inputs.get("dem");
      RasterArray z = inputs.get("zones");
      Double nodata = info.getNoDataValueFor(d, 1);
      RasterArray out = RasterArray.filled(DataType.FLOAT32, 1, d.rows(), d.cols(), -32768);
      int[] zones = z.ints(); // burnt as INT32 (setVectorDatatype above)
      double[] heights = d.astype(DataType.FLOAT64).doubles(); // the DEM, of any type, converted once per block
      float[] o = out.floats();
      for (int i = 0; i < d.bandSize(); i++) {
        int zone = zones[i];
        double v = heights[i];
        if (zone != 0 && (nodata == null || v != nodata)) {
          o[i] = (float) v;
          double[] s = acc.sums.computeIfAbsent(zone, k -> new double[2]);
          s[0] += v;
          s[1]++;
        }
      }
      outputs.put("masked", out);
    }, new FilenameAssociations().put("dem", dem).put("zones", polygons),
        new FilenameAssociations().put("masked", masked), new ZoneSums(), controls);
  }

  /** Adds up the per-zone sums of every otherArgs copy (one per compute worker). */
  public static Map<Integer, double[]> merge(ApplierReturn<ZoneSums> rtn) {
    Map<Integer, double[]> total = new HashMap<>();
    for (ZoneSums z : rtn.otherArgsList()) {
      z.sums.forEach((k, v) -> {
        double[] t = total.computeIfAbsent(k, x -> new double[2]);
        t[0] += v[0];
        t[1] += v[1];
      });
    }
    return total;
  }

  /**
   * Zone id to name, from the first layer of {@code polygons}.
   *
   * @throws IllegalArgumentException if the layer has no field {@code idField} or {@code nameField}, naming the
   *     fields it has
   */
  static Map<Integer, String> zoneNames(String polygons, String idField, String nameField) {
    Map<Integer, String> names = new HashMap<>();
    Dataset ds = OpenFailures.open(polygons, gdalconstConstants.OF_VECTOR | gdalconstConstants.OF_READONLY,
        " as a vector file");
    try {
      Layer layer = ds.GetLayer(0);
      requireField(layer, polygons, "id", idField);
      requireField(layer, polygons, "name", nameField);
      layer.ResetReading();
      for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
        names.put((int) f.GetFieldAsDouble(idField), f.GetFieldAsString(nameField));
        f.delete();
      }
    } finally {
      ds.delete();
    }
    return names;
  }

  private static void requireField(Layer layer, String polygons, String what, String field) {
    FeatureDefn defn = layer.GetLayerDefn();
    if (defn.GetFieldIndex(field) < 0) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < defn.GetFieldCount(); i++) {
        fields.add(defn.GetFieldDefn(i).GetName());
      }
      throw new IllegalArgumentException("The " + what + " field '" + field + "' is not a field of layer "
          + layer.GetName() + " in " + polygons + "; its fields are " + fields);
    }
  }
}
