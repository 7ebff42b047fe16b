package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.Progress;
import org.rios.testutil.TestRasters;

/**
 * GDAL builds an output's overviews ({@code BuildOverviews}) on GDAL_NUM_THREADS threads, which it took from
 * the environment (or a process-wide option) whatever the run's thread budget: setGdalThreads(1) with
 * GDAL_NUM_THREADS=ALL_CPUS computed the overviews on every core. While an output is finished the option is
 * the output's own NUM_THREADS, else the budget.
 */
class OverviewThreadsTest {
  @TempDir File tmp;

  @AfterEach
  void clearGlobal() {
    gdal.SetConfigOption("GDAL_NUM_THREADS", null);
  }

  /** Records what GDAL_NUM_THREADS says on the thread that builds the overviews, as they start. */
  private static final class Recorder implements Progress {
    final List<String> seen = new ArrayList<>();

    @Override public void setTotalSteps(int steps) {}
    @Override public void setProgress(int progress) {}
    @Override public void reset() {}

    @Override
    public void setLabelText(String text) {
      if (text.startsWith("Computing Pyramid Layers")) {
        seen.add(gdal.GetConfigOption("GDAL_NUM_THREADS"));
      }
    }
  }

  private List<String> run(String driver, List<String> creationOptions, Integer gdalThreads) {
    GdalRuntime.ensureLoaded();
    gdal.SetConfigOption("GDAL_NUM_THREADS", "ALL_CPUS"); // as the environment would set it
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    Recorder r = new Recorder();
    ApplierControls c = new ApplierControls().setTempdir(tmp.getPath()).setWindowSize(256, 256).setProgress(r)
        .setOutputDriverName(driver).setOverviewAggregationType("AVERAGE").setOverviewMinDim(16)
        .setGdalThreads(gdalThreads);
    if (creationOptions != null) {
      c.setCreationOptions(creationOptions);
    }
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("in")),
        new FilenameAssociations().put("in", in),
        new FilenameAssociations().put("out", new File(tmp, "out." + (driver.equals("HFA") ? "img" : "tif"))
            .getPath()), c);
    return r.seen;
  }

  @Test
  void overviewsAreBuiltOnTheBudgetsThreads() {
    assertThat(run("HFA", null, 1), is(List.of("1")));
    assertThat(run("HFA", null, 2), is(List.of("2")));
    assertThat(run("GTiff", null, 1), is(List.of("1")));
  }

  @Test
  void anOutputsOwnNumThreadsWins() {
    assertThat(run("GTiff", List.of("TILED=YES", "COMPRESS=DEFLATE", "NUM_THREADS=3"), 1), is(List.of("3")));
  }

  @Test
  void aLercOutputWithoutThreadsKeepsWhatGdalHas() {
    assertThat(run("GTiff", List.of("TILED=YES", "COMPRESS=LERC_DEFLATE"), 2), is(List.of("ALL_CPUS")));
  }
}
