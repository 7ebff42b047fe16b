package org.rios.examples.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.examples.NdviExample;
import org.rios.examples.http.RangeFileServer;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.SilentProgress;

/**
 * Read amplification over HTTP: NDVI (bands 3 and 4 of a 4-band tiled GTiff) read through GDAL's
 * {@code /vsicurl/} from a local {@link RangeFileServer}, which counts the bytes it sends. The bytes actually
 * needed are the compressed tiles that hold the two bands (GDAL's TIFF block offsets and sizes) plus what
 * opening the file fetches (header and directories). Prints a machine-readable RESULT line; run by
 * scripts/benchmark.sh.
 *
 * <pre>
 * java -cp ... org.rios.examples.bench.VsicurlBenchmark in.tif out.tif
 * </pre>
 */
public final class VsicurlBenchmark {
  private VsicurlBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: VsicurlBenchmark <4-band tiled GTiff> <output>");
      System.exit(1);
    }
    Path in = Path.of(args[0]).toAbsolutePath();
    List<Integer> bands = List.of(3, 4);
    long tiles = tileBytes(in.toString(), bands);
    try (RangeFileServer server = RangeFileServer.start(in.getParent())) {
      String url = "/vsicurl/" + server.url(in.getFileName().toString());
      // what opening the file costs (header and directories), through another URL so GDAL's cache of this
      // one stays empty for the run
      gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
      gdal.Open(url + "?header", gdalconstConstants.GA_ReadOnly).delete();
      long header = server.bytesSent();
      server.resetCounters();
      long needed = tiles + header;
      ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setOutputDriverName("GTiff")
          .selectInputImageLayers(bands, "image")
          // no directory listing to find side-cars: a plain web server has none to give
          .setGdalConfig("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
      long t0 = System.nanoTime();
      Applier.apply(NdviExample.NDVI, new FilenameAssociations().put("image", url),
          new FilenameAssociations().put("ndvi", args[1]), c);
      double secs = (System.nanoTime() - t0) / 1e9;
      long sent = server.bytesSent();
      System.out.printf(Locale.ROOT, "RESULT workload=ndvi-vsicurl seconds=%.3f bytesFetched=%d bytesNeeded=%d "
          + "requests=%d amplification=%.3f%n", secs, sent, needed, server.requests(), (double) sent / needed);
    }
  }

  /**
   * The compressed full-resolution tiles that hold {@code bands}, each once (a pixel-interleaved tile holds
   * every band).
   */
  static long tileBytes(String file, List<Integer> bands) {
    GdalRuntime.ensureLoaded();
    Dataset ds = gdal.Open(file, gdalconstConstants.GA_ReadOnly);
    try {
      Map<Long, Long> tilesNeeded = new HashMap<>();
      for (int b = 1; b <= ds.getRasterCount(); b++) {
        Band band = ds.GetRasterBand(b);
        int bx = (ds.getRasterXSize() + band.GetBlockXSize() - 1) / band.GetBlockXSize();
        int by = (ds.getRasterYSize() + band.GetBlockYSize() - 1) / band.GetBlockYSize();
        for (int y = 0; y < by; y++) {
          for (int x = 0; x < bx; x++) {
            String off = band.GetMetadataItem("BLOCK_OFFSET_" + x + "_" + y, "TIFF");
            String size = band.GetMetadataItem("BLOCK_SIZE_" + x + "_" + y, "TIFF");
            if (off == null || size == null) {
              throw new IllegalArgumentException(file + " does not report its TIFF block offsets");
            }
            if (bands.contains(b)) {
              tilesNeeded.put(Long.parseLong(off), Long.parseLong(size));
            }
          }
        }
      }
      return tilesNeeded.values().stream().mapToLong(Long::longValue).sum();
    } finally {
      ds.delete();
    }
  }
}
