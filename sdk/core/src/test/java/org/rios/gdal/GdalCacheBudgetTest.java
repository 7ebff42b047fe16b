package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** GDAL's cache for a run: two block rows of every file, at least 64 MB, raised only, never over GDAL's default. */
class GdalCacheBudgetTest {
  @TempDir File tmp;

  @Test
  void twoBlockRowsOfEveryFileWithAFloor() {
    // one 8192-wide 4-band UInt16 input and one output, 256-row windows without overlap
    long in = 8192L * 4 * 2;
    assertThat(GdalCacheBudget.needed(new long[] {in}, 1, 8192, 256, 0), is(in * 512 + 8192L * 8 * 512));
    assertThat(GdalCacheBudget.needed(new long[] {in}, 1, 8192, 256, 10), is(in * 552 + 8192L * 8 * 552));
    assertThat(GdalCacheBudget.needed(new long[] {100}, 0, 100, 256, 0), is(GdalCacheBudget.FLOOR_BYTES));
  }

  @Test
  void aRunRaisesTheCacheButNeverLowersItOrPassesGdalsDefaultOrAUsersSetting() {
    GdalRuntime.ensureLoaded();
    GdalCacheBudget.ensure(GdalCacheBudget.FLOOR_BYTES);
    long gdalDefault = GdalCacheBudget.gdalDefault();
    long first = gdal.GetCacheMax();
    assertThat(first, is(Math.min(Math.max(GdalCacheBudget.FLOOR_BYTES, first), gdalDefault)));
    GdalCacheBudget.ensure(first + (16L << 20));
    assertThat((long) gdal.GetCacheMax(), is(Math.min(first + (16L << 20), gdalDefault)));
    long raised = gdal.GetCacheMax();
    GdalCacheBudget.ensure(1);
    assertThat("another run of the JVM may still need it", (long) gdal.GetCacheMax(), is(raised));
    GdalCacheBudget.ensure(Long.MAX_VALUE / 4);
    assertThat((long) gdal.GetCacheMax(), is(gdalDefault));
    gdal.SetCacheMax((int) raised);
    gdal.SetConfigOption("GDAL_CACHEMAX", "32");
    try {
      GdalCacheBudget.ensure(Long.MAX_VALUE / 4);
      assertThat("the user's own setting stays", (long) gdal.GetCacheMax(), is(raised));
    } finally {
      gdal.SetConfigOption("GDAL_CACHEMAX", null);
    }
  }

  @Test
  void aDefaultTheBindingClampsIsKeptForARunThatNeedsMore() {
    long clamped = Integer.MAX_VALUE;   // what GDAL 3.6's Java binding reports for a default of 2 GiB or more
    assertThat("nothing set yet: GDAL's default stays", GdalCacheBudget.target(3L << 30, -1, clamped),
        is(GdalCacheBudget.KEEP_DEFAULT));
    assertThat("and a later, smaller run does not lower it under the first",
        GdalCacheBudget.target(64L << 20, GdalCacheBudget.KEEP_DEFAULT, clamped), is(GdalCacheBudget.KEEP_DEFAULT));
    assertThat("a smaller need is still capped", GdalCacheBudget.target(1L << 30, -1, clamped), is(1L << 30));
    assertThat("an earlier run's cap is raised as far as the binding can",
        GdalCacheBudget.target(3L << 30, 1L << 30, clamped), is(clamped));
    assertThat("an unclamped default bounds the cache", GdalCacheBudget.target(3L << 30, -1, 1L << 30),
        is(1L << 30));
    assertThat("never lowered", GdalCacheBudget.target(64L << 20, 512L << 20, 1L << 30), is(512L << 20));
  }

  @Test
  void thePlanCarriesTheRunsNeedUnlessItsOwnOptionsSetTheCache() {
    String in = TestRasters.rampFile(new File(tmp, "in.tif"));
    FilenameAssociations out = new FilenameAssociations().put("b", new File(tmp, "out.img").getPath());
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress());
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("a", in), out, c);
    assertThat(plan.gdalCacheBytes(), is(GdalCacheBudget.FLOOR_BYTES));
    WorkingPlan own = WorkingPlanBuilder.build(new FilenameAssociations().put("a", in), out,
        new ApplierControls().setProgress(new SilentProgress()).setGdalConfig("GDAL_CACHEMAX", "512"));
    assertThat(own.gdalCacheBytes(), is(0L));
  }
}
