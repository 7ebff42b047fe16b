package org.rios.examples.bench;

import java.util.List;
import org.gdal.osr.SpatialReference;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.Footprint;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.gdal.GdalRuntime;
import org.rios.grid.PixelGrid;
import org.rios.progress.SilentProgress;

/**
 * Generates a test raster of any size with the applier itself (no inputs; the grid comes from a reference
 * pixel grid): UInt16 bands of a textured pattern that compresses like real imagery rather than like a
 * constant, written as a tiled DEFLATE GTiff without statistics or overviews.
 *
 * <pre>
 * java -cp ... org.rios.examples.bench.MakeBenchRaster out.tif 8192 8192 4
 * </pre>
 */
public final class MakeBenchRaster {
  private MakeBenchRaster() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: MakeBenchRaster <out.tif> <cols> <rows> [bands]");
      System.exit(1);
    }
    make(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 1);
  }

  public static void make(String out, int cols, int rows, int bands) {
    GdalRuntime.ensureLoaded();
    SpatialReference sr = new SpatialReference();
    sr.ImportFromEPSG(32755);
    PixelGrid grid = new PixelGrid(sr.ExportToWkt(), new double[] {300000, 10, 0, 6000000, 0, -10}, rows, cols);
    ApplierControls c = new ApplierControls()
        .setReferencePixgrid(grid)
        .setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)
        .setOutputDriverName("GTiff")
        .setCalcStats(false)
        .setStatsIgnore(null)
        .setProgress(new SilentProgress());
    Applier.apply((info, inputs, outputs) -> {
      int r0 = info.getBlockCount().y() * info.getWindowSize().y();
      int c0 = info.getBlockCount().x() * info.getWindowSize().x();
      int nr = info.getBlockSize().y();
      int nc = info.getBlockSize().x();
      RasterArray a = RasterArray.create(DataType.UINT16, bands, nr, nc);
      short[] d = a.shorts();
      for (int b = 0; b < bands; b++) {
        for (int r = 0; r < nr; r++) {
          for (int col = 0; col < nc; col++) {
            int y = r0 + r;
            int x = c0 + col;
            int smooth = (int) (2000 + 800 * Math.sin(x / 97.0) * Math.cos(y / 131.0)) * (b + 1);
            int noise = (int) ((x * 2654435761L ^ y * 40503L) >>> 7) & 63;
            d[(b * nr + r) * nc + col] = (short) (smooth + noise);
          }
        }
      }
      outputs.put("out", a);
    }, new FilenameAssociations(), new FilenameAssociations().put("out", out), c);
  }
}
