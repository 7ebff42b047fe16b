package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ImageOpenException;
import org.rios.errors.OutputWriteException;
import org.rios.errors.ParameterException;
import org.rios.testutil.TestRasters;

/**
 * Creation options whose values GDAL would take for others without a word are refused before the run, and
 * those that narrow what the file keeps (NBITS, PIXELTYPE=SIGNEDBYTE) refuse a block holding a value the file
 * would change, instead of storing another value under statistics of the one written.
 */
class CreationOptionValuesTest {
  @TempDir File tmp;

  private String in() {
    return TestRasters.rampFile(new File(tmp, "in.img"));
  }

  private String out(String name) {
    return new File(tmp, name).getPath();
  }

  /** Writes every pixel of output {@code o} as {@code value} of {@code type}. */
  private void write(String outName, DataType type, double value, ApplierControls c) {
    Applier.apply((info, inputs, outputs) -> {
      RasterArray x = inputs.get("a");
      outputs.put("o", RasterArray.create(type, 1, x.rows(), x.cols()).fill(value));
    }, new FilenameAssociations().put("a", in()), new FilenameAssociations().put("o", out(outName)), c);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GTiff, NBITS=abc, whole number", "GTiff, TILED=maybe, YES", "GTiff, ZLEVEL=99, 1 to 12",
      "GTiff, BLOCKXSIZE=0, 1 to", "HFA, COMPRESS=NOTACODEC, YES", "HFA, BLOCKSIZE=5, 32 to 2048",
      "HFA, NBITS=x, whole number"})
  void aValueGdalWouldTakeForAnotherIsRefusedBeforeTheRun(String driver, String option, String says) {
    String name = driver.equals("HFA") ? "o.img" : "o.tif";
    ImageOpenException e = assertThrows(ImageOpenException.class, () -> write(name, DataType.UINT8, 1,
        AvgTest.quiet(tmp).setOutputDriverName(driver).setCreationOptions(List.of(option))));
    assertThat(e.getMessage(), allOf(containsString(option), containsString("'o'"), containsString(says)));
    assertThat(new File(out(name)).exists(), is(false));
  }

  @Test
  void nbitsKeepsTheValuesThatFitAndRefusesABlockWithOneThatDoesNot() {
    ApplierControls twelveBits = AvgTest.quiet(tmp).setOutputDriverName("GTiff")
        .setCreationOptions(List.of("TILED=YES", "NBITS=12"));
    write("fits.tif", DataType.UINT16, 4095, twelveBits);
    RasterArray back = TestRasters.read(out("fits.tif"));
    assertThat(back.getDouble(0, 0, 0), is(4095.0));
    assertThat(TestRasters.bandMetadata(out("fits.tif"), 1, "STATISTICS_MAXIMUM"), is("4095"));

    OutputWriteException e = assertThrows(OutputWriteException.class,
        () -> write("over.tif", DataType.UINT16, 4096, twelveBits));
    assertThat(e.getMessage(), allOf(containsString("'o'"), containsString("4096"), containsString("NBITS=12"),
        containsString("0..4095")));
    assertThat(new File(out("over.tif")).exists(), is(false));

    OutputWriteException hfa = assertThrows(OutputWriteException.class, () -> write("four.img", DataType.UINT8, 16,
        AvgTest.quiet(tmp).setOutputDriverName("HFA").setCreationOptions(List.of("NBITS=4"))));
    assertThat(hfa.getMessage(), allOf(containsString("16"), containsString("NBITS=4")));
  }

  @Test
  void nbitsThatDoesNotApplyToTheBlocksTypeIsRefused() {
    // GDAL stores a UInt16 band with NBITS=3 as 9 bits: every value above 511 became 511
    ParameterException e = assertThrows(ParameterException.class, () -> write("o.tif", DataType.UINT16, 7,
        AvgTest.quiet(tmp).setOutputDriverName("GTiff").setCreationOptions(List.of("TILED=YES", "NBITS=3"))));
    assertThat(e.getMessage(), allOf(containsString("NBITS=3"), containsString("UInt16"), containsString("'o'")));
    assertThat(new File(out("o.tif")).exists(), is(false));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"GTiff, tif", "HFA, img"})
  void signedBytesRefuseABlockWithAValueAbove127(String driver, String ext) {
    ApplierControls signed = AvgTest.quiet(tmp).setOutputDriverName(driver).setCreationOptions(
        driver.equals("GTiff") ? List.of("TILED=YES", "PIXELTYPE=SIGNEDBYTE") : List.of("PIXELTYPE=SIGNEDBYTE"));
    write("fits." + ext, DataType.UINT8, 127, signed);
    assertThat(TestRasters.read(out("fits." + ext)).getDouble(0, 0, 0), is(127.0));
    OutputWriteException e = assertThrows(OutputWriteException.class,
        () -> write("over." + ext, DataType.UINT8, 200, signed));
    assertThat(e.getMessage(), allOf(containsString("200"), containsString("PIXELTYPE=SIGNEDBYTE")));
    assertThat(new File(out("over." + ext)).exists(), is(false));
  }

  @Test
  void nbitsOnATypeGdalIgnoresItForKeepsEveryValue() {
    // GDAL 3.6 ignores NBITS for Int16 (with a warning of its own): the values are stored as written
    write("int16.tif", DataType.INT16, -30000, AvgTest.quiet(tmp).setOutputDriverName("GTiff")
        .setCreationOptions(List.of("TILED=YES", "NBITS=12")));
    assertThat(TestRasters.read(out("int16.tif")).getDouble(0, 0, 0), is(-30000.0));
  }

  @Test
  void halfPrecisionRefusesAValueBeyondItsRange() {
    ApplierControls half = AvgTest.quiet(tmp).setOutputDriverName("GTiff")
        .setCreationOptions(List.of("TILED=YES", "NBITS=16"));
    write("half.tif", DataType.FLOAT32, 1.5, half);
    assertThat(TestRasters.read(out("half.tif")).getDouble(0, 0, 0), is(1.5));
    OutputWriteException e = assertThrows(OutputWriteException.class,
        () -> write("inf.tif", DataType.FLOAT32, 70000, half));
    assertThat(e.getMessage(), allOf(containsString("70000"), containsString("half precision")));
  }
}
