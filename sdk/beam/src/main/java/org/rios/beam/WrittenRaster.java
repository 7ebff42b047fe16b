package org.rios.beam;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.rios.applier.SinglePassReport;
import org.rios.array.DataType;
import org.rios.errors.OutputWriteException;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.VirtualPaths;
import org.rios.fileinfo.ImageLayerStats;
import org.rios.plan.RasterFileInfo;

/**
 * One output file, complete at its final path: emitted by {@link RiosIO#process} only after the file was
 * finished (statistics, histograms, overviews) and renamed into place, so a pipeline can {@code Wait.on} it,
 * index it or check its quality.
 */
public final class WrittenRaster implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String jobId;
  private final String name;
  private final String path;
  private final long sizeBytes;
  private final int width;
  private final int height;
  private final int bands;
  private final DataType dataType;
  private final List<BandStats> bandStats;
  private final SinglePassReport singlePass;

  public WrittenRaster(String jobId, String name, String path, long sizeBytes, int width, int height, int bands,
      DataType dataType, List<BandStats> bandStats) {
    this(jobId, name, path, sizeBytes, width, height, bands, dataType, bandStats, null);
  }

  /** @param singlePass which closing actions ran single-pass while the blocks were written, or null if unknown */
  public WrittenRaster(String jobId, String name, String path, long sizeBytes, int width, int height, int bands,
      DataType dataType, List<BandStats> bandStats, SinglePassReport singlePass) {
    this.singlePass = singlePass;
    this.jobId = jobId;
    this.name = name;
    this.path = path;
    this.sizeBytes = sizeBytes;
    this.width = width;
    this.height = height;
    this.bands = bands;
    this.dataType = dataType;
    this.bandStats = List.copyOf(bandStats);
  }

  /**
   * Describes the finished output of job {@code jobId} as it is on disk.
   *
   * @param name the output's symbolic name ("name" or "name[seq]" for a list entry)
   * @param path the output's final path
   * @param singlePass the writer's report of what it computed single-pass
   * @param writtenBytes the size of the file as the writer put it in place (-1: measure it at {@code path})
   * @param basicStatsOmitted the output's basic statistics were not computed ({@code setOmitBasicStats}; see
   *     {@code OutputSettings.writesBasicStats}): none are reported, whatever the file holds
   */
  static WrittenRaster describe(String jobId, String name, String path, SinglePassReport singlePass,
      long writtenBytes, boolean basicStatsOmitted) {
    GdalRuntime.ensureLoaded();
    Dataset ds = RasterFileInfo.openRaster(path);
    try {
      RasterFileInfo facts = RasterFileInfo.of(path, ds, true);
      List<BandStats> stats = new ArrayList<>();
      for (int b = 1; b <= facts.bandCount() && !basicStatsOmitted; b++) {
        // a band with no valid pixel (all the ignore value) has none written: NONE, the others keep theirs
        stats.add(stats(ds.GetRasterBand(b)));
      }
      if (stats.stream().noneMatch(BandStats::hasValues)) {
        stats.clear(); // none written for any band: a file without statistics
      }
      long size;
      try {
        size = writtenBytes >= 0 ? writtenBytes : VirtualPaths.isVirtual(path) ? -1 : Files.size(Path.of(path));
      } catch (IOException e) {
        throw new OutputWriteException("Output '" + name + "' of job '" + jobId + "' (" + path
            + ") cannot be measured after it was written: " + e, e);
      }
      return new WrittenRaster(jobId, name, path, size, facts.grid().ncols(), facts.grid().nrows(), facts.bandCount(),
          GdalRuntime.dataTypeOf(facts.gdalTypes()[0], path), stats, singlePass);
    } finally {
      ds.delete();
    }
  }

  private static BandStats stats(Band band) {
    // read as the library reads any file's statistics: GDAL writes an infinite or NaN value as "inf" or "nan"
    Double min = ImageLayerStats.parseStatistic(band.GetMetadataItem("STATISTICS_MINIMUM"));
    Double max = ImageLayerStats.parseStatistic(band.GetMetadataItem("STATISTICS_MAXIMUM"));
    Double mean = ImageLayerStats.parseStatistic(band.GetMetadataItem("STATISTICS_MEAN"));
    Double sd = ImageLayerStats.parseStatistic(band.GetMetadataItem("STATISTICS_STDDEV"));
    if (min == null || max == null || mean == null || sd == null) {
      return BandStats.NONE;
    }
    return new BandStats(min, max, mean, sd);
  }

  public String jobId() {
    return jobId;
  }

  /** The output's symbolic name ("name", or "name[seq]" for an entry of a list). */
  public String name() {
    return name;
  }

  /** The final path. */
  public String path() {
    return path;
  }

  /** Size of the file at {@link #path()} in bytes (side-cars not included; -1 for a GDAL virtual path). */
  public long sizeBytes() {
    return sizeBytes;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int bands() {
    return bands;
  }

  public DataType dataType() {
    return dataType;
  }

  /**
   * Per band, the statistics written into the file's metadata; empty if they were omitted (an Imagine output
   * with a histogram gets them anyway: {@code OutputSettings.writesBasicStats}); {@link BandStats#NONE} (NaN
   * in every field) for a band that has none because it has no valid pixel (all its values are the ignore
   * value).
   */
  public List<BandStats> bandStats() {
    return bandStats;
  }

  /**
   * Which of the output's closing actions (pyramids, basic statistics, histogram) were done while its blocks
   * were written rather than by GDAL after the last block; null when not known.
   */
  public SinglePassReport singlePass() {
    return singlePass;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrittenRaster w && jobId.equals(w.jobId) && name.equals(w.name) && path.equals(w.path)
        && sizeBytes == w.sizeBytes && width == w.width && height == w.height && bands == w.bands
        && dataType == w.dataType && bandStats.equals(w.bandStats);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, name, path);
  }

  @Override
  public String toString() {
    return "WrittenRaster[" + jobId + "/" + name + " " + path + " " + width + "x" + height + "x" + bands + " "
        + dataType + ", " + sizeBytes + " bytes, " + bandStats + "]";
  }
}
