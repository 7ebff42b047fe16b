package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * Partial names that keep every driver's side-cars apart from the final ones: an ENVI output without an
 * extension (its header is the name with ".hdr" in place of the extension) replaces an earlier one whole,
 * header included; a non-BMP name with glob characters is found.
 */
class AtomicOutputNamesTest {
  @TempDir File tmp;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out")).collect(Collectors.toList());
    }
  }

  private ApplierControls controls() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName("ENVI");
  }

  @Test
  void anEnviOutputWithoutExtensionReplacesTheEarlierOneWithItsHeader() throws IOException {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String b = TestRasters.rampFile(new File(tmp, "b.img"), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String out = new File(tmp, "out").getPath();
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", out), controls());
    Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", b),
        new FilenameAssociations().put("out", out), controls());
    assertThat(names(), containsInAnyOrder("out", "out.hdr", "out.aux.xml"));
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(b)), is(true));
  }

  @Test
  void anImagineOutputWrittenAgainStaysInPlace() throws IOException {
    // the earlier out.img names its overviews "out.img(:Layer_1:_ss_4_)": moved aside, it still names out.img,
    // and deleting it with GDAL's delete removed the new output too (the run reported success)
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String out = new File(tmp, "out.img").getPath();
    for (int run = 0; run < 2; run++) {
      Applier.apply((info, in, o) -> o.put("out", in.get("img")), new FilenameAssociations().put("img", a),
          new FilenameAssociations().put("out", out), controls().setOutputDriverName("HFA").setOverviewLevels(List.of(2)).setOverviewMinDim(4));
      assertThat("run " + run, names(), containsInAnyOrder("out.img", "out.img.aux.xml"));
      assertThat("run " + run, TestRasters.read(out).contentEquals(TestRasters.read(a)), is(true));
    }
  }

  @Test
  void aNameOutsideTheBmpWithGlobCharactersIsFound() throws IOException {
    Path in = tmp.toPath().resolve("scan [1] {x} \uD83D\uDE80.img");
    Files.copy(Path.of(TestRasters.rampFile(new File(tmp, "plain.img"))), in);
    String out = new File(tmp, "out [2] \uD83D\uDE80.img").getPath();
    Applier.apply((info, i, o) -> o.put("out", i.get("img")), new FilenameAssociations().put("img", in.toString()),
        new FilenameAssociations().put("out", out), controls().setOutputDriverName("HFA"));
    assertThat(TestRasters.read(org.rios.gdal.GdalPaths.forGdal(out)).contentEquals(TestRasters.read(in.toString()
        .replace("scan [1] {x} \uD83D\uDE80.img", "plain.img"))), is(true));
  }
}
