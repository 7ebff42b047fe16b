package org.rios.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockInfo;
import org.rios.applier.OtherInputs;
import org.rios.applier.UserFunction;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * The user functions the Flink tests run on every runner. They are plain serializable classes (no JUnit, no
 * lambdas capturing the test class) because on a Flink cluster they are deserialized and run in the
 * TaskManagers, loaded from this module's test classes, which the tests stage next to the -cluster jar.
 */
final class BeamCases {
  private BeamCases() {}

  /** NDVI of input "image" (layers red, nir selected), -9 where red + nir == 0. */
  static final class Ndvi implements UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      RasterArray img = inputs.get("image");
      RasterArray ndvi = RasterArray.create(DataType.FLOAT32, 1, img.rows(), img.cols());
      int n = img.bandSize();
      for (int i = 0; i < n; i++) {
        double red = img.getDoubleAt(i);
        double nir = img.getDoubleAt(n + i);
        ndvi.setDoubleAt(i, red + nir == 0 ? -9 : (nir - red) / (nir + red));
      }
      outputs.put("ndvi", ndvi);
    }
  }

  /** A focal mean over a (2r+1)^2 window of input "dem" (with overlap r), skipping the input's null. */
  static final class FocalMean implements UserFunction {
    private static final long serialVersionUID = 1L;
    private final int radius;

    FocalMean(int radius) {
      this.radius = radius;
    }

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      RasterArray img = inputs.get("dem");
      Double nodata = info.getNoDataValueFor(img, 1);
      RasterArray out = RasterArray.filled(DataType.FLOAT32, 1, img.rows(), img.cols(), -9999.0);
      for (int r = radius; r < img.rows() - radius; r++) {
        for (int c = radius; c < img.cols() - radius; c++) {
          double sum = 0;
          int k = 0;
          for (int dr = -radius; dr <= radius; dr++) {
            for (int dc = -radius; dc <= radius; dc++) {
              double v = img.getDouble(0, r + dr, c + dc);
              if (nodata == null || v != nodata) {
                sum += v;
                k++;
              }
            }
          }
          if (k > 0) {
            out.setDouble(0, r, c, sum / k);
          }
        }
      }
      outputs.put("smooth", out);
    }
  }

  /**
   * Two outputs from input "image": "classes" (thematic uint8, 7 classes of band 1) and "scaled" (all bands
   * times 2 plus 10, uint16); accumulates the sum and count of band 1 in otherArgs.
   */
  static final class ClassesAndSum implements UserFunctionWithArgs<OtherInputs> {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs, OtherInputs acc) {
      RasterArray img = inputs.get("image");
      int n = img.bandSize();
      RasterArray classes = RasterArray.create(DataType.UINT8, 1, img.rows(), img.cols());
      RasterArray scaled = RasterArray.create(DataType.UINT16, img.bands(), img.rows(), img.cols());
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double v = img.getDoubleAt(i);
        classes.setDoubleAt(i, 1 + ((long) v / 37) % 7);
        sum += v;
      }
      for (int i = 0; i < img.size(); i++) {
        scaled.setDoubleAt(i, img.getDoubleAt(i) * 2 + 10);
      }
      acc.put("sum", acc.getDouble("sum") + sum);
      acc.put("count", acc.getLong("count") + n);
      outputs.put("classes", classes);
      outputs.put("scaled", scaled);
    }
  }

  /**
   * Band 1 of input "image" plus 1, after sleeping {@code sleepMillis}; when {@code markerDir} is set, first
   * drops a file {@code block-X-Y-PID-NANOS} there, so a test sees which JVM computes which block and when.
   */
  static final class SlowCopy implements UserFunction {
    private static final long serialVersionUID = 1L;
    private final long sleepMillis;
    private final String markerDir;

    SlowCopy(long sleepMillis, String markerDir) {
      this.sleepMillis = sleepMillis;
      this.markerDir = markerDir;
    }

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      if (markerDir != null) {
        Path marker = Paths.get(markerDir, "block-" + info.getBlockCount().x() + "-" + info.getBlockCount().y()
            + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
          Files.createFile(marker);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      RasterArray img = inputs.get("image");
      RasterArray out = RasterArray.create(DataType.UINT16, 1, img.rows(), img.cols());
      for (int i = 0; i < out.size(); i++) {
        out.setDoubleAt(i, img.getDoubleAt(i) + 1);
      }
      outputs.put("copy", out);
    }
  }

  /** Copies band 1 of "image" but throws on block (x, y). */
  static final class FailOnBlock implements UserFunction {
    private static final long serialVersionUID = 1L;
    private final int x;
    private final int y;

    FailOnBlock(int x, int y) {
      this.x = x;
      this.y = y;
    }

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      if (info.getBlockCount().x() == x && info.getBlockCount().y() == y) {
        throw new IllegalStateException("deliberate failure in block (" + x + "," + y + ") on pid "
            + ProcessHandle.current().pid());
      }
      outputs.put("copy", inputs.get("image").band(0));
    }
  }

  /**
   * One user function for a collection of different jobs, chosen by the job's input: a focal mean for a
   * "dem" input (radius = the job's overlap), else the NDVI of "image" and a copy of its first selected band.
   */
  static final class ByInput implements UserFunction {
    private static final long serialVersionUID = 1L;
    private final boolean refuseOverlap7;

    ByInput() {
      this(false);
    }

    /** @param refuseOverlap7 throw on every block of a job with overlap 7 (a job whose function fails) */
    ByInput(boolean refuseOverlap7) {
      this.refuseOverlap7 = refuseOverlap7;
    }

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      if (refuseOverlap7 && info.getOverlapSize() == 7) {
        throw new IllegalStateException("overlap 7 is more than this filter supports");
      }
      if (inputs.contains("dem")) {
        new FocalMean(info.getOverlapSize()).apply(info, inputs, outputs);
      } else {
        new Ndvi().apply(info, inputs, outputs);
        outputs.put("copy", inputs.get("image").band(0));
      }
    }
  }
}
