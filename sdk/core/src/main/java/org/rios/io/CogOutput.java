package org.rios.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.errors.OutputWriteException;
import org.rios.gdal.VirtualPaths;
import org.rios.plan.OutputSettings;

/**
 * Cloud Optimized GeoTIFF outputs. GDAL's COG driver can only copy a finished dataset (it has no
 * {@code Create}), so a COG output is written block by block as a tiled GTiff beside its partial name (same
 * stem, so a failed run's clean-up takes it too), with the single-pass overviews, statistics and histogram
 * of any output; when that file is finished it is converted once by the COG driver, which reuses its
 * overviews ({@code OVERVIEWS=AUTO}) and copies the metadata, into the partial name; then the staging file
 * goes and the COG is renamed or uploaded into place like any output.
 */
final class CogOutput {
  static final String DRIVER = "COG";
  private static final String STAGING_SUFFIX = ".cog-staging.tif";

  private CogOutput() {}

  static boolean isCog(OutputSettings s) {
    return DRIVER.equalsIgnoreCase(s.driverName());
  }

  /**
   * Where the GTiff is written before the conversion: beside {@code partialGdalName}, under its stem (so the
   * partial output's clean-up takes it), unique to this writer (a writer left over from a restarted task can
   * never convert another writer's staging file).
   */
  static String stagingName(String partialGdalName) {
    int dot = partialGdalName.lastIndexOf('.');
    int slash = partialGdalName.lastIndexOf('/');
    String stem = dot > slash ? partialGdalName.substring(0, dot) : partialGdalName;
    return stem + "." + org.rios.lifecycle.UniqueNames.unguessable() + STAGING_SUFFIX;
  }

  /**
   * The settings of the staging GTiff: tiled, compressed fast (ZSTD level 1, LZW if GDAL has no ZSTD), on
   * the COG's encoder threads; everything else (statistics, pyramids, ...) as the COG output's.
   */
  static OutputSettings stagingSettings(OutputSettings cog) {
    List<String> opts = new ArrayList<>(List.of("TILED=YES", "INTERLEAVE=BAND", "BIGTIFF=IF_SAFER"));
    String list = gdal.GetDriverByName("GTiff").GetMetadataItem("DMD_CREATIONOPTIONLIST");
    if (list != null && list.contains("ZSTD")) {
      opts.add("COMPRESS=ZSTD");
      opts.add("ZSTD_LEVEL=1");
    } else {
      opts.add("COMPRESS=LZW");
    }
    for (String o : cog.creationOptions()) {
      if (o.toUpperCase(Locale.ROOT).startsWith("NUM_THREADS=")) {
        opts.add(o);
      }
    }
    return new OutputSettings("GTiff", List.copyOf(opts), cog.statsIgnore(), cog.thematic(), cog.layerNames(),
        cog.omitPyramids(), cog.omitBasicStats(), cog.omitHistogram(), cog.overviewLevels(), cog.overviewMinDim(),
        cog.overviewAggType(), cog.defaultOverviewAggType(), cog.singlePassPyramids(), cog.singlePassBasicStats(), cog.singlePassHistogram(),
        cog.approxStats(), cog.autoColorTableType(), cog.callBeforeClose());
  }

  /**
   * Converts the finished, closed staging GTiff into a COG at {@code cogGdalName} and deletes the staging
   * file. The COG's overviews are the staging file's (built by the output's rules); an output without pyramids
   * ({@code omitPyramids}), or whose levels the min-dimension rule all drops, gets a COG without overviews
   * unless its creation options say otherwise.
   *
   * @throws OutputWriteException naming the output if GDAL fails
   */
  static void convert(String stagingGdalName, String cogGdalName, OutputSettings cog, String label,
      String filename) {
    List<String> opts = new ArrayList<>(cog.creationOptions());
    boolean overviewsGiven = opts.stream().anyMatch(o -> o.toUpperCase(Locale.ROOT).startsWith("OVERVIEWS="));
    Driver cogDriver = gdal.GetDriverByName(DRIVER);
    gdal.ErrorReset();
    Dataset src = null;
    Dataset out = null;
    try {
      src = gdal.Open(stagingGdalName, gdalconstConstants.GA_ReadOnly);
      if (!overviewsGiven) {
        // the staging file's own overviews (the output's levels, aggregation and thematic rule), or none: with
        // none, AUTO would have the COG driver make its own, CUBIC, where the min-dimension rule keeps no level
        boolean staged = src != null && src.GetRasterCount() > 0 && src.GetRasterBand(1).GetOverviewCount() > 0;
        opts.add(cog.omitPyramids() || !staged ? "OVERVIEWS=NONE" : "OVERVIEWS=AUTO");
      }
      out = cogDriver.CreateCopy(cogGdalName, src, opts.toArray(new String[0]));
      if (out == null) {
        throw failed(label, filename, gdal.GetLastErrorMsg(), null);
      }
      out.FlushCache();
    } catch (OutputWriteException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failed(label, filename, e.getMessage(), e);
    } finally {
      if (out != null) {
        out.delete();
      }
      if (src != null) {
        src.delete();
      }
    }
    if (gdal.GetLastErrorType() >= gdalconstConstants.CE_Failure) {
      String msg = gdal.GetLastErrorMsg();
      gdal.ErrorReset();
      throw failed(label, filename, msg, null);
    }
    copyPamSidecar(stagingGdalName, cogGdalName, label, filename);
    try {
      gdal.GetDriverByName("GTiff").Delete(stagingGdalName);
    } catch (RuntimeException e) {
      // the COG is complete; the staging file's name starts with the output's partial stem, so the next run
      // writing this output removes it with the other leftovers
      System.err.println("WARNING: output '" + label + "' (" + filename + "): could not delete its staging GTiff "
          + stagingGdalName + ": " + e.getMessage());
    } finally {
      gdal.ErrorReset();
    }
  }

  /**
   * The COG driver copies metadata (statistics, RIOS's histogram keys, NoData, descriptions, colour table)
   * but not what GDAL keeps beside a GTiff in its {@code .aux.xml} (the default histogram, a raster attribute
   * table): that file describes the same bands, so it goes beside the COG as it is.
   */
  private static void copyPamSidecar(String stagingGdalName, String cogGdalName, String label, String filename) {
    if (VirtualPaths.isVirtual(stagingGdalName)) {
      return; // a virtual output written in place: GDAL keeps no side-car there
    }
    Path aux = Path.of(stagingGdalName + ".aux.xml");
    if (Files.exists(aux)) {
      try {
        Files.copy(aux, Path.of(cogGdalName + ".aux.xml"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw failed(label, filename, "copying its .aux.xml failed: " + e, e);
      }
    }
  }

  private static OutputWriteException failed(String label, String filename, String why, Throwable cause) {
    return new OutputWriteException("Could not write output '" + label + "' (" + filename + ") as a COG: " + why,
        cause);
  }
}
