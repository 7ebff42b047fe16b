package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.RiosException;
import org.rios.testutil.TestRasters;

/**
 * RIOS testbeforeclose: the standard ramp copied to two outputs, with a before-close function on each output
 * setting dataset metadata: on out1 a name and value captured by the function (RIOS's args), on out2 a fixed
 * item. Each reopened file holds its own item only.
 */
class BeforeCloseTest {
  @TempDir File tmp;

  private static String metadata(String file, String key) {
    Dataset ds = gdal.Open(file, gdalconstConstants.GA_ReadOnly);
    try {
      return ds.GetMetadataItem(key);
    } finally {
      ds.delete();
    }
  }

  @Test
  void callBeforeCloseSetsMetadataOnEachOutput() {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String out1 = new File(tmp, "out1.img").getPath();
    String out2 = new File(tmp, "out2.img").getPath();
    String name = "TESTNAME";
    String value = "TestValue_42";
    int[] calls = {0, 0};

    ApplierControls c = AvgTest.quiet(tmp)
        .setCallBeforeClose(ds -> {
          calls[0]++;
          ds.SetMetadataItem(name, value);
        }, "out1")
        .setCallBeforeClose(ds -> {
          calls[1]++;
          ds.SetMetadataItem("FIXEDITEM", "fixed");
        }, "out2");
    Applier.apply((info, inputs, outputs) -> {
      outputs.put("out1", inputs.get("img"));
      outputs.put("out2", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out1", out1).put("out2", out2), c);

    assertThat(calls[0], is(1));
    assertThat(calls[1], is(1));
    assertThat(metadata(out1, name), is(value));
    assertThat(metadata(out2, "FIXEDITEM"), is("fixed"));
    assertThat(metadata(out1, "FIXEDITEM"), is(nullValue()));
    assertThat(metadata(out2, name), is(nullValue()));
  }

  @Test
  void aFailingBeforeCloseHookLeavesNoOutputThatLooksComplete() {
    String in = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String out1 = new File(tmp, "ok1.img").getPath();
    String out2 = new File(tmp, "bad2.img").getPath();
    ApplierControls c = AvgTest.quiet(tmp)
        .setCallBeforeClose(ds -> {
          throw new IllegalStateException("hook refuses");
        }, "out1");
    RiosException e = assertThrows(RiosException.class, () -> Applier.apply((info, inputs, outputs) -> {
      outputs.put("out1", inputs.get("img"));
      outputs.put("out2", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out1", out1).put("out2", out2), c));
    assertThat(e.getMessage(), containsString("callBeforeClose for output 'out1'"));
    assertThat(e.getMessage(), containsString("hook refuses"));
    // the output whose hook failed and the one after it, not finished, are gone
    assertThat(new File(out1).exists(), is(false));
    assertThat(new File(out2).exists(), is(false));
  }
}
