package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.errors.ParameterException;
import org.rios.testutil.TestRasters;

/**
 * File names that would tie an output to an input through GDAL's own side-cars, and names no file can have,
 * are refused before any block is read, naming the input or output.
 */
class SideCarNamesTest {
  @TempDir File tmp;

  private static final UserFunction COPY = (info, inputs, outputs) -> outputs.put("o", inputs.get("a"));

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {".ovr", ".aux.xml", ".msk"})
  void anOutputNamedAsAnInputsSideCarIsRefused(String suffix) throws Exception {
    // x.tif.ovr written beside input x.tif became x.tif's overviews (gdalinfo showed them) and the run succeeded
    String in = TestRasters.rampFile(new File(tmp, "x.tif"));
    String out = in + suffix;
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", out), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), allOf(containsString("'o'"), containsString("'a'"), containsString(suffix)));
    assertThat(Files.exists(Path.of(out)), is(false));
    Dataset d = gdal.Open(in);
    try {
      assertThat(d.GetRasterBand(1).GetOverviewCount(), is(0));
    } finally {
      d.delete();
    }
  }

  @Test
  void anOutputNamedAsTheSideCarOfALinkedInputIsRefused() throws Exception {
    // GDAL looks for dir/x.tif.ovr beside the name it was given, even where dir/x.tif is a link elsewhere
    File real = new File(tmp, "real");
    File dir = new File(tmp, "dir");
    assertThat(real.mkdir() && dir.mkdir(), is(true));
    String target = TestRasters.rampFile(new File(real, "y.tif"));
    Path link = Files.createSymbolicLink(dir.toPath().resolve("x.tif"), Path.of(target));
    String out = link + ".ovr";
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("a", link.toString()), new FilenameAssociations().put("o", out),
        AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), allOf(containsString("'o'"), containsString("'a'"), containsString(".ovr")));
    assertThat(Files.exists(Path.of(out)), is(false));
  }

  @Test
  void anInputThatIsAnOutputsSideCarIsRefused() throws Exception {
    String out = new File(tmp, "y.img").getPath();
    String in = TestRasters.rampFile(new File(tmp, "y.img.ovr"));
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", out), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), allOf(containsString("'a'"), containsString("'o'"), containsString(".ovr")));
    assertThat(Files.exists(Path.of(in)), is(true));
  }

  @Test
  void aNameWithANulCharacterIsRefusedNamingItsEntry() {
    String in = TestRasters.rampFile(new File(tmp, "good.img"));
    ParameterException input = assertThrows(ParameterException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("a", in + "\0x"), new FilenameAssociations().put("o",
            new File(tmp, "o.img").getPath()), AvgTest.quiet(tmp)));
    assertThat(input.getMessage(), allOf(containsString("Input 'a'"), containsString("NUL")));
    ParameterException output = assertThrows(ParameterException.class, () -> Applier.apply(COPY,
        new FilenameAssociations().put("a", in), new FilenameAssociations().put("o",
            new File(tmp, "o\0.img").getPath()), AvgTest.quiet(tmp)));
    assertThat(output.getMessage(), allOf(containsString("Output 'o'"), containsString("NUL")));
  }
}
