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
