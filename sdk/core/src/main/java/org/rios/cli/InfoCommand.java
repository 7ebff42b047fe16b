package org.rios.cli;

import org.rios.gdal.OpenFailures;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gdal.gdal.Dataset;
import org.gdal.gdalconst.gdalconstConstants;
import org.rios.gdal.VersionProvider;
import org.rios.errors.FileOpenException;
import org.rios.fileinfo.ImageFileStats;
import org.rios.fileinfo.ImageInfo;
import org.rios.fileinfo.VectorFileInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rios-info [--omitperband] [--nostats] file...}: describes raster files ({@link ImageInfo} table,
 * then one {@code Band n: Mean: ...} line per band) and vector files ({@link VectorFileInfo}: layers, feature
 * counts, extents, geometry types, fields). Files are separated by a blank line. A file that cannot be read is
 * reported as one {@code error: ...} line on stderr (exit code 1); the others are still described.
 */
@Command(name = "rios-info", aliases = "info", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Describe raster files (grid, bands, stored statistics) and vector files (layers, fields).")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(paramLabel = "file", arity = "0..*", description = "Raster or vector files.")
  List<String> files = new ArrayList<>();

  @Option(names = "--omitperband", description = "Do not read band names and NoData (quicker for huge stacks).")
  boolean omitPerBand;

  @Option(names = "--nostats", description = "Do not print the stored statistics of each band.")
  boolean noStats;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(RiosCli.execute(new InfoCommand(), args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean[] first = {true};
    return RiosCli.eachFile(spec, files, file -> {
      String text = describe(file);
      if (!first[0]) {
        out.println(); // a blank line between the files described
      }
      first[0] = false;
      out.print(text);
      out.flush();
    });
  }

  private String describe(String file) {
    boolean[] kinds = kinds(file);
    StringBuilder b = new StringBuilder();
    if (kinds[0]) {
      b.append(new ImageInfo(file, omitPerBand));
      if (!noStats) {
        b.append(new ImageFileStats(file));
      }
    }
    if (kinds[1]) {
      // a file with both (a GeoPackage of tiles and features): its layers too, after its raster
      if (b.length() > 0) {
        b.append(System.lineSeparator());
      }
      b.append(new VectorFileInfo(file));
    }
    return b.toString();
  }

  /**
   * Whether GDAL opens {@code file} as a raster, and whether it has vector layers: {raster, vector}.
   *
   * @throws FileOpenException if the file is missing or GDAL opens it as neither
   */
  static boolean[] kinds(String file) {
    Dataset ds = OpenFailures.open(file, gdalconstConstants.OF_RASTER | gdalconstConstants.OF_VECTOR
        | gdalconstConstants.OF_READONLY, " as a raster or vector");
    try {
      boolean raster = ds.getRasterCount() > 0;
      boolean vector = ds.GetLayerCount() > 0;
      if (!raster && !vector) {
        throw new FileOpenException("Unable to open " + file + ": it has neither raster bands nor vector layers");
      }
      return new boolean[] {raster, vector};
    } finally {
      ds.delete();
    }
  }
}
