package org.rios.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;

/**
 * (g) A vector mask and zonal statistics: polygons are rasterized on the fly onto the DEM's grid, burning
 * each polygon's integer attribute (zone id). The DEM is written out masked to the polygons, and the mean
 * elevation of every zone is accumulated in otherArgs.
 *
 * <pre>
 * java -cp ... org.rios.examples.ZonalVectorExample elev.tif lux.shp ID_2 NAME_2 masked.tif
 * </pre>
 */
public final class ZonalVectorExample {
  private ZonalVectorExample() {}

  /** Sum and count of DEM values per zone id. */
  public static final class ZoneSums implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final HashMap<Integer, double[]> sums = new HashMap<>();
  }

  public static void main(String[] args) {
    if (args.length < 5) {
      System.err.println("usage: ZonalVectorExample <dem> <polygons> <idField> <nameField> <masked output>");
      System.exit(1);
    }
    ApplierReturn<ZoneSums> rtn = run(args[0], args[1], args[2], args[4]);
    Map<Integer, String> names = zoneNames(args[1], args[2], args[3]);
    for (Map.Entry<Integer, double[]> e : new TreeMap<>(merge(rtn)).entrySet()) {
      System.out.printf("%3d %-20s mean %8.2f over %d pixels%n", e.getKey(), names.get(e.getKey()),
          e.getValue()[0] / e.getValue()[1], (long) e.getValue()[1]);
    }
    System.out.println(rtn.timings().formatReport());
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

  static Map<Integer, String> zoneNames(String polygons, String idField, String nameField) {
    GdalRuntime.ensureLoaded();
    Map<Integer, String> names = new HashMap<>();
    DataSource ds = ogr.Open(polygons);
    try {
      Layer layer = ds.GetLayer(0);
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
}
