package org.rios.fileinfo;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gdal.gdal.Dataset;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.RasterFileInfo;

/**
 * The stored statistics of every band of a raster file, as a read-only list of {@link ImageLayerStats}
 * (index 0 = band 1). RIOS's {@code fileinfo.ImageFileStats}.
 *
 * <pre>{@code
 * ImageFileStats st = new ImageFileStats("ndvi.tif");
 * for (ImageLayerStats band : st) System.out.println(band);
 * st.get(0).mean();
 * }</pre>
 */
public final class ImageFileStats extends AbstractList<ImageLayerStats> {
  private final String filename;
  private final List<ImageLayerStats> layers;

  /**
   * Reads the statistics of every band of {@code filename}.
   *
   * @throws org.rios.errors.FileOpenException if the file is missing or not a raster GDAL can open
   */
  public ImageFileStats(String filename) {
    GdalRuntime.ensureLoaded();
    this.filename = filename;
    Dataset ds = RasterFileInfo.openRaster(filename);
    try {
      List<ImageLayerStats> l = new ArrayList<>(ds.getRasterCount());
      for (int b = 1; b <= ds.getRasterCount(); b++) {
        l.add(new ImageLayerStats(ds.GetRasterBand(b)));
      }
      layers = Collections.unmodifiableList(l);
    } finally {
      ds.delete();
    }
  }

  public String filename() {
    return filename;
  }

  /**
   * Statistics of band {@code index + 1}.
   *
   * @throws IndexOutOfBoundsException naming the file and its band count (a List's error, as the contract says)
   */
  @Override
  public ImageLayerStats get(int index) {
    if (index < 0 || index >= layers.size()) {
      throw new IndexOutOfBoundsException("Index " + index + " is not a band of " + filename + ", which has "
          + layers.size() + " (indexes 0 to " + (layers.size() - 1) + ", for bands 1 to " + layers.size() + ")");
    }
    return layers.get(index);
  }

  /** Number of bands. */
  @Override
  public int size() {
    return layers.size();
  }

  /** One line per band: {@code Band n: Mean: ..., Stddev: ..., ...}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < layers.size(); i++) {
      b.append("Band ").append(i + 1).append(": ").append(layers.get(i)).append(System.lineSeparator());
    }
    return b.toString();
  }
}
