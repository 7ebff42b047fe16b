package org.rios.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rios.gdal.VersionProvider;
import org.rios.fileinfo.ImageFileStats;
import org.rios.fileinfo.ImageLayerStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rios-printstats [--printfilename] imgfile...}: prints the statistics stored in every band of each
 * file, one line per band — RIOS's {@code riosprintstats}:
 *
 * <pre>
 * Mean: 50.0, Stddev: 28.86, Min: 0, Max: 100, Median: 50, Mode: 50
 * File:ramp.img, Mean: 50.0, ...          (with --printfilename)
 * </pre>
 *
 * Values print as stored in the metadata; a missing one prints as {@code None}. A file that cannot be read
 * is reported as one {@code error: ...} line on stderr (exit code 1); the others are still printed.
 */
@Command(name = "rios-printstats", aliases = "printstats", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Print the statistics stored in each band of raster files.")
public final class PrintStatsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "imgfile", arity = "0..*", description = "Raster files.")
  List<String> files = new ArrayList<>();

  @Option(names = "--printfilename", description = "Start each line with \"File:<name>, \".")
  boolean printFilename;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(RiosCli.execute(new PrintStatsCommand(), args));
  }

  @Override
  public Integer call() {
    return RiosCli.eachFile(spec, files, file -> {
      for (ImageLayerStats band : new ImageFileStats(file)) {
        RiosCli.println(spec.commandLine().getOut(), (printFilename ? "File:" + file + ", " : "") + band);
      }
    });
  }
}
