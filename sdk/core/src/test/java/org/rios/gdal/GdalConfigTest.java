package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.ParameterException;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** GDAL options of a run: carried by the plan, set per thread while the run's files are used, never printed. */
class GdalConfigTest {
  @TempDir File tmp;

  @Test
  void secretValuesAreMaskedAndOthersShown() {
    GdalConfig c = GdalConfig.empty().with("AWS_S3_ENDPOINT", "127.0.0.1:9000").with("AWS_ACCESS_KEY_ID", "AKIA1")
        .with("AWS_SECRET_ACCESS_KEY", "s3cr3t").with("AWS_SESSION_TOKEN", "tok").with("GDAL_HTTP_HEADERS", "X: y");
    String s = c.toString();
    assertThat(s, containsString("AWS_S3_ENDPOINT=127.0.0.1:9000"));
    for (String secret : new String[] {"AKIA1", "s3cr3t", "tok", "X: y"}) {
      assertThat(s, not(containsString(secret)));
    }
    assertThat(s, containsString("AWS_SECRET_ACCESS_KEY=****"));
    assertThat(c.asMap().get("AWS_SECRET_ACCESS_KEY"), is("s3cr3t"));
    GdalConfig more = GdalConfig.empty().with("AZURE_STORAGE_CONNECTION_STRING", "AccountKey=abc")
        .with("SWIFT_KEY", "swk").with("WEBHDFS_DELEGATION", "deleg").with("GDAL_HTTP_AUTH", "NEGOTIATE")
        .with("GS_OAUTH2_REFRESH_TOKEN", "rt").with("AWS_REGION", "eu-west-1");
    for (String secret : new String[] {"AccountKey=abc", "swk", "deleg", "NEGOTIATE", "rt"}) {
      assertThat(more.toString(), not(containsString(secret)));
    }
    assertThat(more.toString(), containsString("AWS_REGION=eu-west-1"));
  }

  /**
   * A network run gets a limit on stalled transfers unless one is set in the run, GDAL's config or the
   * environment, whose value then goes in the run's configuration.
   */
  @Test
  void aStallLimitIsAddedUnlessOneIsSet() {
    GdalRuntime.ensureLoaded();
    GdalConfig d = GdalConfig.empty().with("AWS_HTTPS", "NO").withNetworkDefaults();
    assertThat(d.asMap().get("GDAL_HTTP_LOW_SPEED_TIME"), is(GdalConfig.STALL_SECONDS));
    assertThat(d.asMap().get("GDAL_HTTP_LOW_SPEED_LIMIT"), is(GdalConfig.STALL_BYTES_PER_SECOND));
    assertThat(d.asMap().get("AWS_HTTPS"), is("NO"));
    assertThat(d.asMap().get("GDAL_HTTP_MAX_RETRY"), is(GdalConfig.RETRIES));
    assertThat(d.asMap().get("GDAL_HTTP_RETRY_DELAY"), is(GdalConfig.RETRY_DELAY_SECONDS));
    assertThat(GdalConfig.empty().with("GDAL_HTTP_MAX_RETRY", "0").withNetworkDefaults().asMap()
        .get("GDAL_HTTP_MAX_RETRY"), is("0"));
    GdalConfig own = GdalConfig.empty().with("GDAL_HTTP_LOW_SPEED_TIME", "300").withNetworkDefaults();
    assertThat(own.asMap().get("GDAL_HTTP_LOW_SPEED_TIME"), is("300"));
    assertThat(own.asMap().containsKey("GDAL_HTTP_LOW_SPEED_LIMIT"), is(false));
    gdal.SetConfigOption("GDAL_HTTP_LOW_SPEED_TIME", "120");
    try {
      // the launcher's own value goes in the plan, for workers that do not inherit its environment
      GdalConfig launchers = GdalConfig.empty().withNetworkDefaults();
      assertThat(launchers.asMap().get("GDAL_HTTP_LOW_SPEED_TIME"), is("120"));
      assertThat(launchers.asMap().containsKey("GDAL_HTTP_LOW_SPEED_LIMIT"), is(false));
    } finally {
      gdal.SetConfigOption("GDAL_HTTP_LOW_SPEED_TIME", null);
    }
  }

  /**
   * The limit ends a read from a server that accepts the connection and never answers (without it GDAL
   * waits forever): here with a 2 s limit and no retry, a typed error naming the file.
   */
  @Test
  void aStalledServerEndsInAnErrorUnderTheStallLimit() throws Exception {
    GdalRuntime.ensureLoaded();
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread accept = new Thread(() -> {
        try {
          while (true) {
            held.add(server.accept()); // and never answer
          }
        } catch (java.io.IOException e) {
          // closed
        }
      });
      accept.setDaemon(true);
      accept.start();
      String url = "/vsicurl/http://127.0.0.1:" + server.getLocalPort() + "/stalled.tif";
      GdalConfig c = GdalConfig.empty().with("GDAL_HTTP_LOW_SPEED_TIME", "2").with("GDAL_HTTP_LOW_SPEED_LIMIT", "1")
          .with("GDAL_HTTP_MAX_RETRY", "0").with("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".tif");
      long t0 = System.nanoTime();
      org.rios.errors.FileOpenException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(90), () -> {
            try (GdalConfig.Scope s = c.applyToThisThread()) {
              return assertThrows(org.rios.errors.FileOpenException.class,
                  () -> org.rios.plan.RasterFileInfo.openRaster(url));
            }
          });
      assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("stalled.tif"));
      assertThat((System.nanoTime() - t0) / 1e9 < 60, is(true));
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void keysAreCheckedAndANullValueRemovesAnOption() {
    assertThrows(ParameterException.class, () -> GdalConfig.empty().with("A B", "x"));
    assertThrows(ParameterException.class, () -> GdalConfig.empty().with("A=B", "x"));
    assertThat(GdalConfig.empty().with("K", "v").with("K", null).isEmpty(), is(true));
  }

  @Test
  void optionsHoldOnTheCallingThreadOnlyAndOnlyInsideTheScope() throws Exception {
    GdalRuntime.ensureLoaded();
    GdalConfig c = GdalConfig.empty().with("RIOS_TEST_SCOPED_OPTION", "inside");
    AtomicReference<String> otherThread = new AtomicReference<>("unset");
    try (GdalConfig.Scope s = c.applyToThisThread()) {
      assertThat(gdal.GetConfigOption("RIOS_TEST_SCOPED_OPTION"), is("inside"));
      Thread t = new Thread(() -> otherThread.set(gdal.GetConfigOption("RIOS_TEST_SCOPED_OPTION")));
      t.start();
      t.join();
    }
    assertThat(otherThread.get(), is(nullValue()));
    assertThat(gdal.GetConfigOption("RIOS_TEST_SCOPED_OPTION"), is(nullValue()));
  }

  @Test
  void thePlanCarriesTheControlsOptionsThroughSerializationAndARunLeavesNoneBehind() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.tif"));
    ApplierControls controls = new ApplierControls().setProgress(new SilentProgress())
        .setGdalConfig("RIOS_TEST_RUN_OPTION", "run").setGdalConfig("AWS_SECRET_ACCESS_KEY", "hidden");
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("a", in),
        new FilenameAssociations().put("b", new File(tmp, "out.img").getPath()), controls);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(plan);
    }
    WorkingPlan back;
    try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (WorkingPlan) i.readObject();
    }
    assertThat(back.gdalConfig().asMap().get("RIOS_TEST_RUN_OPTION"), is("run"));
    assertThat(back.toString(), not(containsString("hidden")));
    Applier.apply((info, i, o) -> o.put("b", i.get("a")), new FilenameAssociations().put("a", in),
        new FilenameAssociations().put("b", new File(tmp, "out.img").getPath()), controls);
    assertThat(gdal.GetConfigOption("RIOS_TEST_RUN_OPTION"), is(nullValue()));
  }
}
