package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.applier.OtherInputs;
import org.rios.array.RasterArray;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.UserFunctionException;
import org.rios.testutil.TestRasters;
import org.rios.timing.Timers;

/** CW_BEAM through Applier.apply on the DirectRunner: same pixels, statistics and otherArgs as sequential. */
class BeamDriverTest {
  @TempDir File tmp;

  private String avg(String name, ConcurrencyStyle style, String a, String b) {
    String out = new File(tmp, name).getPath();
    Applier.apply(BeamFixtures.AVG, new FilenameAssociations().put("imgs", List.of(a, b)),
        new FilenameAssociations().put("avg", out), BeamFixtures.controls(tmp, style));
    return out;
  }

  @Test
  void avgOfListInputMatchesSequentialForEveryReadLayout() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    String b = BeamFixtures.ramp(tmp, "b.img", true);
    String seq = avg("seq.img", ConcurrencyStyle.none(), a, b);
    RasterArray expected = TestRasters.read(seq);
    List<ConcurrencyStyle> styles = List.of(
        BeamFixtures.beam(2, 0, null),          // fused: read in the compute DoFn's thread
        BeamFixtures.beam(2, 2, true),          // fused, explicitly, two read threads per worker
        BeamFixtures.beam(2, 1, false),         // separate read step + reshuffle
        BeamFixtures.beam(3, 2, false));        // two read threads per worker
    int i = 0;
    for (ConcurrencyStyle style : styles) {
      String out = avg("beam" + i++ + ".img", style, a, b);
      assertThat(style.toString(), TestRasters.read(out).contentEquals(expected), is(true));
      assertThat(style.toString(), BeamFixtures.statistics(out, 1), is(BeamFixtures.statistics(seq, 1)));
      assertThat(BeamFixtures.statistics(out, 1), aMapWithSize(greaterThan(5)));
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertThat(t.getName(), t.getName().startsWith("rios-beam-read-"), is(false));
    }
  }

  /** As CW_SUBPROC says it: Beam's own error named neither the function nor what it captured. */
  @Test
  void aFunctionCapturingSomethingNotSerializableIsAParameterError() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    Object lock = new Object();
    UserFunction capturing = (info, inputs, outputs) -> {
      synchronized (lock) {
        outputs.put("out", inputs.get("img"));
      }
    };
    org.rios.errors.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.ParameterException.class, () -> Applier.apply(capturing,
            new FilenameAssociations().put("img", a),
            new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()),
            BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null))));
    assertThat(e.getMessage(), org.hamcrest.Matchers.allOf(
        org.hamcrest.Matchers.containsString("Beam pipeline's workers"),
        org.hamcrest.Matchers.containsString("not Serializable")));
    assertThat(new File(tmp, "out.img").exists(), is(false));
  }

  @Test
  void twoInputsToTwoOutputsMatchSequential() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    String b = BeamFixtures.ramp(tmp, "b.img", true);
    FilenameAssociations in = new FilenameAssociations().put("a", a).put("b", b);
    String[] seq = {new File(tmp, "sum0.img").getPath(), new File(tmp, "diff0.img").getPath()};
    String[] beam = {new File(tmp, "sum1.img").getPath(), new File(tmp, "diff1.img").getPath()};
    Applier.apply(BeamFixtures.SUM_DIFF, in, new FilenameAssociations().put("sum", seq[0]).put("diff", seq[1]),
        BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
    ApplierReturn<Void> rtn = Applier.apply(BeamFixtures.SUM_DIFF, in,
        new FilenameAssociations().put("sum", beam[0]).put("diff", beam[1]),
        BeamFixtures.controls(tmp, BeamFixtures.beam(2, 2, false)));
    for (int k = 0; k < 2; k++) {
      assertThat(beam[k], TestRasters.read(beam[k]).contentEquals(TestRasters.read(seq[k])), is(true));
      assertThat(beam[k], BeamFixtures.statistics(beam[k], 1), is(BeamFixtures.statistics(seq[k], 1)));
    }
    assertThat(rtn.singlePassReports().keySet(), hasItem("diff"));
    assertThat(rtn.workingGrid().nrows(), is(500));
    // an empty job name is none, as for the other drivers (it failed naming an internal method's job id)
    String unnamed = new File(tmp, "sum2.img").getPath();
    Applier.apply(BeamFixtures.SUM_DIFF, in, new FilenameAssociations().put("sum", unnamed)
        .put("diff", new File(tmp, "diff2.img").getPath()),
        BeamFixtures.controls(tmp, BeamFixtures.beam(1, 1, false)).setJobName(""));
    assertThat(TestRasters.read(unnamed).contentEquals(TestRasters.read(seq[0])), is(true));
  }

  @Test
  void otherArgsCopiesComeBackAndAddUpExactly() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    RasterArray img = TestRasters.read(a);
    double total = 0;
    for (int i = 0; i < img.size(); i++) {
      total += img.getDoubleAt(i);
    }
    OtherInputs acc = new OtherInputs().put("sum", 0.0).put("count", 0L);
    ApplierReturn<OtherInputs> rtn = Applier.apply(BeamFixtures.SUM_COUNT, new FilenameAssociations().put("img", a),
        new FilenameAssociations(), acc, BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null)));
    double sum = rtn.otherArgsList().stream().mapToDouble(o -> o.getDouble("sum")).sum();
    long count = rtn.otherArgsList().stream().mapToLong(o -> o.getLong("count")).sum();
    assertThat(count, is(250000L));
    assertThat(sum / count, is(total / 250000));
    // one copy per compute worker (DoFn instance), not one per block or bundle
    assertThat(rtn.otherArgsList().size(), greaterThanOrEqualTo(1));
    assertThat(rtn.otherArgsList().size(), lessThanOrEqualTo(2));
    assertThat(acc.getDouble("sum"), is(0.0)); // the caller's object is not the workers'
  }

  @Test
  void timingReportHasTheRiosTimerNamesFromBeamMetrics() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    String b = BeamFixtures.ramp(tmp, "b.img", true);
    String out = new File(tmp, "avg.img").getPath();
    ApplierReturn<Void> rtn = Applier.apply(BeamFixtures.AVG, new FilenameAssociations().put("imgs", List.of(a, b)),
        new FilenameAssociations().put("avg", out), BeamFixtures.controls(tmp, BeamFixtures.beam(2, 1, false)));
    Timers t = rtn.timings();
    assertThat(t.summary().get("userfunction").n(), is(25));
    assertThat(t.summary().get("reading").n(), is(25));
    assertThat(t.summary().get("writing").n(), greaterThanOrEqualTo(25));
    assertThat(t.names(), hasItem("histogram"));
    // the same timers when reading, computing and writing share one DoFn (fused, DirectRunner)
    Timers fused = Applier.apply(BeamFixtures.AVG, new FilenameAssociations().put("imgs", List.of(a, b)),
        new FilenameAssociations().put("avg", new File(tmp, "avg2.img").getPath()),
        BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null))).timings();
    assertThat(fused.summary().get("userfunction").n(), is(25));
    assertThat(fused.summary().get("reading").n(), is(25));
    assertThat(fused.summary().get("writing").n(), greaterThanOrEqualTo(25));
    String report = t.formatReport();
    assertThat(report, containsString("Wall clock elapsed time"));
    assertThat(report, containsString("userfunction"));
    assertThat(report, containsString("writing"));
  }

  @Test
  void userFunctionFailureFailsTheRunNamingTheBlockAndLeavesNoOutput() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    String out = new File(tmp, "fail.img").getPath();
    UserFunctionException e = assertThrows(UserFunctionException.class, () -> Applier.apply(
        (info, inputs, outputs) -> {
          if (info.getBlockCount().x() == 2 && info.getBlockCount().y() == 1) {
            throw new IllegalStateException("boom at block (2,1)");
          }
          outputs.put("out", inputs.get("img"));
        }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", out),
        BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null))));
    assertThat(e.getMessage(), containsString("User function failed on block 7"));
    assertThat(e.getMessage(), containsString("boom at block (2,1)"));
    assertThat(e.getCause(), instanceOf(IllegalStateException.class));
    assertThat(new File(out).exists(), is(false));
  }

  @Test
  void aReadErrorNamesTheInputAndItsFileAsWithTheOtherDrivers() throws Exception {
    // a tiled GTiff cut short: it opens, and reading a later tile fails; CW_BEAM reported GDAL's bare message
    String whole = BeamFixtures.ramp(tmp, "whole.img", false);
    String tif = new File(tmp, "cut.tif").getPath();
    org.gdal.gdal.gdal.Translate(tif, org.gdal.gdal.gdal.Open(whole), new org.gdal.gdal.TranslateOptions(
        new java.util.Vector<>(List.of("-of", "GTiff", "-co", "TILED=YES", "-co", "BLOCKXSIZE=128",
            "-co", "BLOCKYSIZE=128")))).delete();
    java.nio.file.Path p = java.nio.file.Path.of(tif);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(java.nio.file.Files.size(p) / 2);
    }
    String out = new File(tmp, "cut-copy.img").getPath();
    org.rios.errors.FileOpenException e = assertThrows(org.rios.errors.FileOpenException.class,
        () -> Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
            new FilenameAssociations().put("img", tif), new FilenameAssociations().put("out", out),
            BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null)).setWindowSize(128, 128)));
    assertThat(e.getMessage(), containsString("Input 'img' (" + tif + ")"));
    assertThat(new File(out).exists(), is(false));
  }
}
