package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.errors.ParameterException;

/** The RIOS_DFLT_* environment variables, through RiosDefaults.fromEnvironment. */
class EnvDefaultsTest {
  private static RiosDefaults env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return RiosDefaults.fromEnvironment(m);
  }

  @Test
  void emptyEnvironmentGivesRiosDefaults() {
    RiosDefaults d = env();
    assertThat(d.driver(), is("HFA"));
    assertThat(d.creationOptionsFor("HFA"), is(List.of("COMPRESSED=YES", "IGNOREUTM=YES")));
    assertThat(d.creationOptionsFor("GTiff"),
        is(List.of("TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=BAND", "BIGTIFF=IF_SAFER")));
    assertThat(d.creationOptionsFor("KEA"), is(List.of()));
    assertThat(d.windowXsize(), is(256));
    assertThat(d.windowYsize(), is(256));
    assertThat(d.overlap(), is(0));
    assertThat(d.footprint(), is(Footprint.INTERSECTION));
    assertThat(d.overviewLevels(), is(List.of(4, 8, 16, 32, 64, 128, 256, 512)));
    assertThat(d.overviewMinDim(), is(128));
    assertThat(d.overviewAggType(), is("NEAREST"));
    assertThat(d.autoColorTableType() == null, is(true));
  }

  @Test
  void driverVariableSetsTheDefaultDriver() {
    assertThat(env("RIOS_DFLT_DRIVER", "GTiff").driver(), is("GTiff"));
  }

  @Test
  void perDriverCreationOptionsAreSpaceSeparated() {
    RiosDefaults d = env("RIOS_DFLT_CREOPT_GTiff", "  COMPRESS=LZW   TILED=YES ");
    assertThat(d.creationOptionsFor("GTiff"), is(List.of("COMPRESS=LZW", "TILED=YES")));
    assertThat(d.creationOptionsFor("gtiff"), is(List.of("COMPRESS=LZW", "TILED=YES")));
    assertThat(d.creationOptionsFor("HFA"), is(List.of("COMPRESSED=YES", "IGNOREUTM=YES")));
    assertThat(env("RIOS_DFLT_CREOPT_KEA", "DEFLATE=9").creationOptionsFor("KEA"), is(List.of("DEFLATE=9")));
    assertThat(env("RIOS_DFLT_CREOPT_GTiff", "").creationOptionsFor("GTiff"), is(List.of()));
  }

  @Test
  void deprecatedDriverOptionsApplyToTheDefaultDriverOnly() {
    RiosDefaults d = env("RIOS_DFLT_DRIVEROPTIONS", "COMPRESSED=NO");
    assertThat(d.creationOptionsFor("HFA"), is(List.of("COMPRESSED=NO")));
    assertThat(d.creationOptionsFor("GTiff"),
        is(List.of("TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=BAND", "BIGTIFF=IF_SAFER")));

    RiosDefaults g = env("RIOS_DFLT_DRIVER", "GTiff", "RIOS_DFLT_DRIVEROPTIONS", "COMPRESS=LZW TILED=YES");
    assertThat(g.creationOptionsFor("GTiff"), is(List.of("COMPRESS=LZW", "TILED=YES")));
    assertThat(g.creationOptionsFor("HFA"), is(List.of("COMPRESSED=YES", "IGNOREUTM=YES")));

    // the documented meaning of the literal None
    assertThat(env("RIOS_DFLT_DRIVEROPTIONS", "None").creationOptionsFor("HFA"), is(List.of()));
  }

  @Test
  void perDriverVariableWinsOverDeprecatedOne() {
    RiosDefaults d = env("RIOS_DFLT_DRIVER", "GTiff", "RIOS_DFLT_DRIVEROPTIONS", "COMPRESS=LZW",
        "RIOS_DFLT_CREOPT_GTiff", "COMPRESS=ZSTD TILED=YES");
    assertThat(d.creationOptionsFor("GTiff"), is(List.of("COMPRESS=ZSTD", "TILED=YES")));
  }

  @Test
  void windowOverlapFootprintAndOverviewVariables() {
    RiosDefaults d = env("RIOS_DFLT_BLOCKXSIZE", "512", "RIOS_DFLT_BLOCKYSIZE", " 128 ", "RIOS_DFLT_OVERLAP", "3",
        "RIOS_DFLT_FOOTPRINT", "1", "RIOS_DFLT_OVERVIEWLEVELS", "2,4, 8", "RIOS_DFLT_MINOVERLEVELDIM", "64",
        "RIOS_DFLT_OVERVIEWAGGTYPE", "AVERAGE", "RIOS_DFLT_AUTOCOLORTABLETYPE", "rainbow");
    assertThat(d.windowXsize(), is(512));
    assertThat(d.windowYsize(), is(128));
    assertThat(d.overlap(), is(3));
    assertThat(d.footprint(), is(Footprint.UNION));
    assertThat(d.overviewLevels(), is(List.of(2, 4, 8)));
    assertThat(d.overviewMinDim(), is(64));
    assertThat(d.overviewAggType(), is("AVERAGE"));
    assertThat(d.autoColorTableType(), is("rainbow"));
    assertThat(env("RIOS_DFLT_FOOTPRINT", "2").footprint(), is(Footprint.BOUNDS_FROM_REFERENCE));
    assertThat(env("RIOS_DFLT_FOOTPRINT", "0").footprint(), is(Footprint.INTERSECTION));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"RIOS_DFLT_BLOCKXSIZE", "RIOS_DFLT_BLOCKYSIZE", "RIOS_DFLT_OVERLAP",
      "RIOS_DFLT_FOOTPRINT", "RIOS_DFLT_OVERVIEWLEVELS", "RIOS_DFLT_MINOVERLEVELDIM"})
  void badIntegerNamesTheVariable(String var) {
    ParameterException e = assertThrows(ParameterException.class, () -> env(var, "12x"));
    assertThat(e.getMessage(), containsString(var));
    assertThat(e.getMessage(), containsString("12x"));
  }

  @Test
  void badOverviewLevelInListNamesTheVariable() {
    ParameterException e = assertThrows(ParameterException.class,
        () -> env("RIOS_DFLT_OVERVIEWLEVELS", "4,8,big"));
    assertThat(e.getMessage(), containsString("RIOS_DFLT_OVERVIEWLEVELS"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"RIOS_DFLT_BLOCKXSIZE, 0", "RIOS_DFLT_BLOCKYSIZE, -256", "RIOS_DFLT_OVERLAP, -1",
      "RIOS_DFLT_OVERVIEWLEVELS, '4,0,8'"})
  void outOfRangeValueNamesTheVariable(String var, String value) {
    ParameterException e = assertThrows(ParameterException.class, () -> env(var, value));
    assertThat(e.getMessage(), containsString(var));
  }

  @Test
  void footprintCodeOutOfRangeNamesTheVariable() {
    ParameterException e = assertThrows(ParameterException.class, () -> env("RIOS_DFLT_FOOTPRINT", "7"));
    assertThat(e.getMessage(), containsString("RIOS_DFLT_FOOTPRINT"));
  }

  @Test
  void fifthSweepVariablesAreCheckedWhenRead() {
    // an unknown automatic colour table failed only after every block was written
    ParameterException act = assertThrows(ParameterException.class,
        () -> env("RIOS_DFLT_AUTOCOLORTABLETYPE", "garbage"));
    assertThat(act.getMessage(), containsString("RIOS_DFLT_AUTOCOLORTABLETYPE"));
    assertThat(env("RIOS_DFLT_AUTOCOLORTABLETYPE", " ").autoColorTableType() == null, is(true));
    assertThat(env("RIOS_DFLT_AUTOCOLORTABLETYPE", "gray").autoColorTableType(), is("gray"));
    // two spellings of one driver's options: which won depended on the environment's hash order
    ParameterException twice = assertThrows(ParameterException.class, () -> env(
        "RIOS_DFLT_CREOPT_GTIFF", "TILED=YES COMPRESS=LZW", "RIOS_DFLT_CREOPT_GTiff", "TILED=YES COMPRESS=PACKBITS"));
    assertThat(twice.getMessage(), containsString("RIOS_DFLT_CREOPT_GTIFF"));
    assertThat(env("RIOS_DFLT_CREOPT_GTIFF", "TILED=YES", "RIOS_DFLT_CREOPT_GTiff", "TILED=YES")
        .creationOptionsFor("GTiff"), is(List.of("TILED=YES")));
    assertThat(assertThrows(ParameterException.class, () -> env("RIOS_DFLT_DRIVER", "")).getMessage(),
        containsString("RIOS_DFLT_DRIVER"));
    assertThat(assertThrows(ParameterException.class, () -> new ApplierControls().setAutoColorTableType("Rainbow"))
        .getMessage(), containsString("setAutoColorTableType"));
  }

  /**
   * RIOS_DFLT_DRIVER=gtiff with RIOS_DFLT_DRIVEROPTIONS put a second key "gtiff" beside "GTiff": which options
   * a GTiff output got depended on the map's hash order (the built-in DEFLATE won).
   */
  @Test
  void deprecatedOptionsApplyToTheDefaultDriverWhateverItsCase() {
    RiosDefaults d = env("RIOS_DFLT_DRIVER", "gtiff", "RIOS_DFLT_DRIVEROPTIONS", "COMPRESS=LZW TILED=YES");
    assertThat(d.creationOptionsFor("GTiff"), is(List.of("COMPRESS=LZW", "TILED=YES")));
    assertThat(d.creationOptionsFor("gtiff"), is(List.of("COMPRESS=LZW", "TILED=YES")));
    RiosDefaults h = env("RIOS_DFLT_DRIVER", "hfa", "RIOS_DFLT_DRIVEROPTIONS", "COMPRESSED=NO");
    assertThat(h.creationOptionsFor("HFA"), is(List.of("COMPRESSED=NO")));
  }

  /** RIOS fails on int(''); an empty list silently built no overviews. */
  @Test
  void anEmptyOverviewLevelsVariableIsRefused() {
    ParameterException e = assertThrows(ParameterException.class, () -> env("RIOS_DFLT_OVERVIEWLEVELS", " "));
    assertThat(e.getMessage(), containsString("RIOS_DFLT_OVERVIEWLEVELS is set but empty"));
  }

  /** Messages about a driver or creation options the environment chose name the variable. */
  @Test
  void settingsFromTheEnvironmentSayWhichVariable() {
    RiosDefaults d = env("RIOS_DFLT_DRIVER", "Bogus", "RIOS_DFLT_CREOPT_HFA", "COMPRESED=NO");
    assertThat(d.driverSource("Bogus"), is(" (RIOS_DFLT_DRIVER is 'Bogus')"));
    assertThat(d.driverSource("GTiff"), is(""));
    assertThat(d.creationOptionsSource("HFA", List.of("COMPRESED=NO")), is(" (the defaults RIOS_DFLT_CREOPT_HFA sets)"));
    assertThat(d.creationOptionsSource("HFA", List.of("COMPRESSED=NO")), is("")); // the user's own
    assertThat(env().driverSource("HFA"), is(""));
    assertThat(env("RIOS_DFLT_DRIVEROPTIONS", "COMPRESSED=NO").creationOptionsSource("hfa",
        List.of("COMPRESSED=NO")), is(" (the defaults RIOS_DFLT_DRIVEROPTIONS sets)"));
  }
  /** RIOS_DFLT_CREOPT_&lt;driver&gt;=None is no options, as RIOS_DFLT_DRIVEROPTIONS=None is (it was one option "None"). */
  @Test
  void perDriverNoneIsNoOptions() {
    assertThat(env("RIOS_DFLT_CREOPT_GTiff", "None").creationOptionsFor("GTiff"), is(List.of()));
    assertThat(env("RIOS_DFLT_CREOPT_GTiff", " None ").creationOptionsFor("GTiff"), is(List.of()));
  }

  /**
   * Controls keep the creation options and overview aggregation of the environment they were made in, as they
   * keep its driver and window: a Beam worker plans a job in its own JVM, whose environment used to give the
   * creation options while the launcher's gave the driver.
   */
  @Test
  void controlsKeepTheDefaultsOfTheJvmThatMadeThem() throws Exception {
    java.lang.reflect.Field instance = RiosDefaults.class.getDeclaredField("instance");
    instance.setAccessible(true);
    try {
      instance.set(null, env("RIOS_DFLT_DRIVER", "GTiff", "RIOS_DFLT_CREOPT_GTiff", "TILED=YES COMPRESS=LZW",
          "RIOS_DFLT_OVERVIEWAGGTYPE", "AVERAGE"));
      ApplierControls launcher = new ApplierControls();
      byte[] sent = org.rios.engine.internal.OtherArgsCopies.serialize(launcher, "test");
      instance.set(null, env()); // the worker's environment sets nothing
      ApplierControls worker = org.rios.engine.internal.OtherArgsCopies.deserialize(sent);
      assertThat(worker.getDefaultCreationOptions("GTiff"), is(List.of("TILED=YES", "COMPRESS=LZW")));
      assertThat(worker.getDefaultCreationOptions("gtiff"), is(List.of("TILED=YES", "COMPRESS=LZW")));
      assertThat(worker.getDefaultCreationOptions("HFA"), is(List.of("COMPRESSED=YES", "IGNOREUTM=YES")));
      assertThat(worker.getDefaultOverviewAggType(), is("AVERAGE"));
      assertThat(worker.withConcurrencyStyle(org.rios.concurrency.ConcurrencyStyle.none())
          .getDefaultCreationOptions("GTiff"), is(List.of("TILED=YES", "COMPRESS=LZW")));
      // and the worker plans its output with them
      java.io.File dir = java.nio.file.Files.createTempDirectory("envdefaults").toFile();
      String in = org.rios.testutil.TestRasters.rampFile(new java.io.File(dir, "in.img"));
      org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(new FilenameAssociations().put("in", in),
          new FilenameAssociations().put("out", new java.io.File(dir, "out.tif").getPath()),
          worker.setTempdir(dir.getPath()));
      assertThat(plan.outputs().get(0).settings().creationOptions().subList(0, 2),
          is(List.of("TILED=YES", "COMPRESS=LZW")));
      assertThat(plan.outputs().get(0).settings().driverName(), is("GTiff"));
      assertThat(new ApplierControls().getDefaultCreationOptions("GTiff"),
          is(List.of("TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=BAND", "BIGTIFF=IF_SAFER")));
    } finally {
      instance.set(null, null);
    }
  }
}
