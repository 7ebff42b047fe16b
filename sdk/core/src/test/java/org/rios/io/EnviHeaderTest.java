package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * An ENVI output's header names the output, as RIOS's does: GDAL writes the name the file was created under
 * into the header's description, which was the partial name (ndvi.dat.rios-partial.dat) the file is written
 * under until it is complete.
 */
class EnviHeaderTest {
  @TempDir File tmp;

  @Test
  void theHeaderNamesTheOutputNotItsPartialName() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    File dir = new File(tmp, "a dir");
    dir.mkdir();
    for (String name : new String[] {"o.dat", "caf\u00e9.bin", "noext"}) {
      String out = new File(dir, name).getPath();
      Applier.apply((info, inputs, outputs) -> outputs.put("o", inputs.get("img")),
          new FilenameAssociations().put("img", in), new FilenameAssociations().put("o", out),
          new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
              .setOutputDriverName("ENVI"));
      File header = name.equals("noext") ? new File(dir, "noext.hdr")
          : new File(dir, name.substring(0, name.indexOf('.')) + ".hdr");
      String text = Files.readString(header.toPath(), StandardCharsets.UTF_8);
      assertThat(text, containsString("description = {\n" + out + "}"));
      assertThat(text, not(containsString("rios-partial")));
      assertThat(Arrays.stream(dir.list()).filter(n -> n.contains("rios-")).toList().isEmpty(), is(true));
      assertThat(TestRasters.read(out).contentEquals(TestRasters.read(in)), is(true));
    }
  }
}
