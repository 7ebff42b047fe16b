package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** Every RIOS transform describes itself in the runner's UI (Beam display data). */
class DisplayDataTest {
  @TempDir File tmp;

  @Test
  void everyTransformHasDisplayData() {
    assertThat(item(RiosIO.process((info, in, out) -> { }).withFailedJobs(), "failedJobs"), is("routed to failedJobs()"));
    assertThat(item(RasterJobs.fromFiles("image", "ndvi", "/out", "-ndvi.tif"), "outputSuffix"), is("-ndvi.tif"));
    // the author's function, with or without otherArgs (it used to name RIOS's own wrapper of the first)
    assertThat(item(RiosIO.process(new MyFunction()), "userFunction"), is(MyFunction.class.getName()));
    // a lambda or a method reference is named by the method it stands for, not its synthetic class
    assertThat(item(RiosIO.process((org.rios.applier.UserFunctionWithArgs<Integer>) (i, a, b, x) -> { }, 1),
        "userFunction"), is("lambda in " + DisplayDataTest.class.getName() + ".everyTransformHasDisplayData"));
    assertThat(item(RiosIO.process(DisplayDataTest::copy), "userFunction"),
        is(DisplayDataTest.class.getName() + "::copy"));
    assertThat(UserFunctionNames.describe(STATIC_FN), is("lambda in the static initialiser of "
        + DisplayDataTest.class.getName()));
    assertThat(UserFunctionNames.describe(new Holder().fn), is("lambda in a constructor of "
        + Holder.class.getName()));
    assertThat(UserFunctionNames.describe((org.rios.applier.UserFunction) Made::new), is(Made.class.getName()
        + "::new"));
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    FilenameAssociations infiles = new FilenameAssociations().put("img", in);
    FilenameAssociations outfiles = new FilenameAssociations().put("out", new File(tmp, "out.img").getPath());
    WorkingPlan plan = WorkingPlanBuilder.build(infiles, outfiles,
        new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100));
    ProcessPlan<Void> one = RiosBeam.process(plan, infiles, outfiles, (i, a, b, x) -> { }, null);
    assertThat(item(one, "userFunction"), is("lambda in " + DisplayDataTest.class.getName()
        + ".everyTransformHasDisplayData"));
    assertThat(item(one, "window"), is("100 x 100"));
    assertThat(item(one, "blocks"), is("25"));
    assertThat(item(one, "grid"), is("500 x 500 pixels"));
    assertThat(item(one, "inputs"), is("[img]"));
    assertThat(item(one, "outputs"), is("[out]"));
    assertThat(item(one.withJobId("scene7"), "job"), is("scene7"));
    // a function without otherArgs as Applier.apply runs it (CW_BEAM) is named, not RIOS's wrapper of it
    assertThat(item(RiosBeam.process(plan, infiles, outfiles, new org.rios.applier.WithoutOtherArgs(new MyFunction()),
        null), "userFunction"), is(MyFunction.class.getName()));
    // no file lists (a job without inputs): described, as its expansion accepts them
    ProcessPlan<Void> none = RiosBeam.process(plan, null, null, (i, a, b, x) -> { }, null);
    assertThat(item(none, "inputs"), is("[]"));
    assertThat(item(none, "outputs"), is("[]"));
  }

  static final org.rios.applier.UserFunction STATIC_FN = (info, inputs, outputs) -> { };

  static final class Holder {
    final org.rios.applier.UserFunction fn;

    Holder() {
      fn = (info, inputs, outputs) -> { };
    }
  }

  static final class Made {
    Made(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) {
    }
  }

  static void copy(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
      org.rios.applier.BlockAssociations outputs) {
    outputs.put("out", inputs.get("img"));
  }

  static final class MyFunction implements org.rios.applier.UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) {
    }
  }

  /** The value of display item {@code key} of {@code t}, as text (null if it has none). */
  private static String item(HasDisplayData t, String key) {
    for (DisplayData.Item i : DisplayData.from(t).items()) {
      if (i.getKey().equals(key)) {
        return String.valueOf(i.getValue());
      }
    }
    return null;
  }
}
