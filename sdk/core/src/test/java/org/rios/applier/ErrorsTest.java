package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.FileOpenException;
import org.rios.errors.GdalLayerNumberException;
import org.rios.errors.ImageOpenException;
import org.rios.errors.ParameterException;
import org.rios.errors.ResampleNeededException;
import org.rios.errors.UnknownDriverException;
import org.rios.errors.UnsupportedDataTypeException;
import org.rios.errors.UserFunctionException;
import org.rios.gdal.GdalRuntime;
import org.rios.grid.PixelGrid;
import org.rios.testutil.TestRasters;

/**
 * One test per bad request: each fails with the RIOS exception type and a message naming the file, symbolic
 * name or parameter at fault. Failures found while planning must happen before the user function runs.
 */
class ErrorsTest {
  @TempDir File tmp;
  private String ramp;
  private String out;
  private int calls;

  @BeforeEach
  void files() {
    ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    out = new File(tmp, "out.img").getPath();
    calls = 0;
  }

  /** A copy of input "img" to output "out", counting user-function calls. */
  private void copy(FilenameAssociations in, ApplierControls c) {
    Applier.apply((info, inputs, outputs) -> {
      calls++;
      outputs.put("out", inputs.get("img"));
    }, in, new FilenameAssociations().put("out", out), c);
  }

  private void copy(ApplierControls c) {
    copy(new FilenameAssociations().put("img", ramp), c);
  }

  @Test
  void missingInputFile() {
    String missing = new File(tmp, "nosuchfile.img").getPath();
    FileOpenException e = assertThrows(FileOpenException.class,
        () -> copy(new FilenameAssociations().put("img", missing), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString(missing));
    assertThat(calls, is(0));
  }

  @Test
  void textFileAsInput() throws IOException {
    File text = new File(tmp, "notes.txt");
    Files.writeString(text.toPath(), "this is not a raster\n");
    FileOpenException e = assertThrows(FileOpenException.class,
        () -> copy(new FilenameAssociations().put("img", text.getPath()), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString(text.getPath()));
    assertThat(calls, is(0));
  }

  @Test
  void misalignedGridsWithoutReference() {
    String shifted = TestRasters.rampFile(new File(tmp, "shifted.img"), false, TestRasters.STD_XLEFT + 9,
        TestRasters.STD_YTOP - 19, null, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    ResampleNeededException e = assertThrows(ResampleNeededException.class,
        () -> copy(new FilenameAssociations().put("img", ramp).put("other", shifted), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString(shifted));
    assertThat(e.getMessage(), containsString("reference"));
    assertThat(calls, is(0));
  }

  @Test
  void outputArrayOfWrongShape() {
    ArrayShapeException e = assertThrows(ArrayShapeException.class, () -> Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("img");
      outputs.put("out", RasterArray.create(DataType.UINT8, 1, a.rows() - 1, a.cols()));
    }, new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString("'out'"));
    assertThat(new File(out).exists(), is(false));
  }

  @Test
  void outputArrayWithoutOverlapMargin() {
    ArrayShapeException e = assertThrows(ArrayShapeException.class, () -> Applier.apply((info, inputs, outputs) -> {
      Size s = info.getBlockSize();
      outputs.put("out", RasterArray.create(DataType.UINT8, 1, s.y(), s.x()));
    }, new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out),
        AvgTest.quiet(tmp).setOverlap(3)));
    assertThat(e.getMessage(), containsString("'out'"));
    assertThat(e.getMessage(), containsString("overlap"));
  }

  @Test
  void outputNotSet() {
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply((info, inputs, outputs) ->
        outputs.put("other", inputs.get("img")),
        new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString("'out'"));
  }

  @Test
  void unknownDriver() {
    UnknownDriverException e = assertThrows(UnknownDriverException.class,
        () -> copy(AvgTest.quiet(tmp).setOutputDriverName("NoSuchDriver")));
    assertThat(e.getMessage(), containsString("NoSuchDriver"));
    assertThat(e.getMessage(), containsString("'out'"));
    assertThat(calls, is(0));
  }

  @Test
  void rejectedCreationOptionValue() {
    ImageOpenException e = assertThrows(ImageOpenException.class, () -> copy(AvgTest.quiet(tmp)
        .setOutputDriverName("GTiff").setCreationOptions(List.of("TILED=YES", "COMPRESS=BOGUS"))));
    assertThat(e.getMessage(), containsString("COMPRESS=BOGUS"));
    assertThat(e.getMessage(), containsString("'out'"));
    assertThat(calls, is(0));
  }

  @Test
  void unknownCreationOptionName() {
    ImageOpenException e = assertThrows(ImageOpenException.class, () -> copy(AvgTest.quiet(tmp)
        .setOutputDriverName("GTiff").setCreationOptions(List.of("TILED=YES", "NOSUCHOPTION=1"))));
    assertThat(e.getMessage(), containsString("NOSUCHOPTION"));
    assertThat(calls, is(0));
  }

  @Test
  void gtiffWindowNotMultipleOfTiffBlock() {
    ImageOpenException e = assertThrows(ImageOpenException.class, () -> copy(AvgTest.quiet(tmp)
        .setWindowSize(384, 256).setOutputDriverName("GTiff")
        .setCreationOptions(List.of("TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256"))));
    assertThat(e.getMessage(), containsString("'out'"));
    assertThat(e.getMessage(), containsString("384"));
    assertThat(calls, is(0));
  }

  @Test
  void gtiffWindowMultipleOfTiffBlockIsAccepted() {
    // The counterpart of the test above: a window of two TIFF blocks across is fine.
    copy(AvgTest.quiet(tmp).setWindowSize(512, 256).setOutputDriverName("GTiff")
        .setCreationOptions(List.of("TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256")));
    assertThat(calls, is(2));
  }

  @Test
  void perImageSettingForUnknownName() {
    ParameterException e = assertThrows(ParameterException.class,
        () -> copy(AvgTest.quiet(tmp).setResampleMethod("cubic", "nosuchname")));
    assertThat(e.getMessage(), containsString("nosuchname"));
    assertThat(calls, is(0));
  }

  @Test
  void omitPyramidsWithApproxStats() {
    ParameterException e = assertThrows(ParameterException.class,
        () -> copy(AvgTest.quiet(tmp).setOmitPyramids(true, "out").setApproxStats(true, "out")));
    assertThat(e.getMessage(), containsString("approxStats"));
    assertThat(e.getMessage(), containsString("omitPyramids"));
    assertThat(e.getMessage(), containsString("'out'"));
    assertThat(calls, is(0));
  }

  private void zeroInputs(ApplierControls c) {
    Applier.apply((info, inputs, outputs) -> {
      calls++;
      Size s = info.getBlockSize();
      outputs.put("out", RasterArray.create(DataType.UINT8, 1, s.y(), s.x()).fill(7));
    }, new FilenameAssociations(), new FilenameAssociations().put("out", out), c);
  }

  @Test
  void zeroInputsWithoutBoundsFromReference() {
    PixelGrid grid = PixelGrid.fromFile(ramp);
    ParameterException e = assertThrows(ParameterException.class,
        () -> zeroInputs(AvgTest.quiet(tmp).setReferencePixgrid(grid)));
    assertThat(e.getMessage(), containsString("BOUNDS_FROM_REFERENCE"));
    ParameterException e2 = assertThrows(ParameterException.class,
        () -> zeroInputs(AvgTest.quiet(tmp).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)));
    assertThat(e2.getMessage(), containsString("reference"));
    assertThat(calls, is(0));

    // With both, a run without inputs works and covers the reference grid.
    zeroInputs(AvgTest.quiet(tmp).setReferencePixgrid(grid).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE));
    assertThat(calls, is(4));
    assertThat(TestRasters.extent(out), is(TestRasters.extent(ramp)));
  }

  @Test
  void layerSelectionOutOfRange() {
    GdalLayerNumberException e = assertThrows(GdalLayerNumberException.class,
        () -> copy(AvgTest.quiet(tmp).selectInputImageLayers(List.of(1, 3), "img")));
    assertThat(e.getMessage(), containsString("3"));
    assertThat(e.getMessage(), containsString(ramp));
    assertThat(calls, is(0));
  }

  @Test
  void userFunctionThrowing() {
    IllegalStateException boom = new IllegalStateException("boom in block");
    UserFunctionException e = assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      throw boom;
    }, new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out), AvgTest.quiet(tmp)));
    assertThat(e.getCause(), is(sameInstance(boom)));
    assertThat(e.getMessage(), containsString("boom in block"));
  }

  /** A recursion too deep in the function is its own failure, named by its block (it came out bare). */
  @Test
  void userFunctionOverflowingItsStackIsNamedByItsBlock() {
    UserFunctionException e = assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      throw new StackOverflowError();
    }, new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out), AvgTest.quiet(tmp)));
    assertThat(e.getCause() instanceof StackOverflowError, is(true));
    assertThat(e.getMessage(), containsString("on block 0"));
    assertThat(new File(out).exists(), is(false));
  }

  /**
   * A library error the function meets through its own calls (here an image name it does not have) is its
   * failure too, named by its block, the library's error its cause (it came out bare, with no block).
   */
  @Test
  void aLibraryErrorInTheUserFunctionIsNamedByItsBlock() {
    UserFunctionException e = assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      outputs.put("out", inputs.get("nosuch"));
    }, new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out), AvgTest.quiet(tmp)));
    assertThat(e.getCause() instanceof ParameterException, is(true));
    assertThat(e.getMessage(), allOf(containsString("on block 0"), containsString("nosuch")));
    assertThat(new File(out).exists(), is(false));
  }

  @Test
  void failedRunLeavesNoOutputBehind() {
    String out2 = new File(tmp, "second.img").getPath();
    List<Integer> written = new ArrayList<>();
    assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      if (written.size() == 3) {
        throw new IllegalStateException("failing on the fourth block");
      }
      written.add(written.size());
      outputs.put("out", inputs.get("img"));
      outputs.put("second", inputs.get("img"));
    }, new FilenameAssociations().put("img", ramp),
        new FilenameAssociations().put("out", out).put("second", out2),
        AvgTest.quiet(tmp).setWindowSize(100, 100)));
    assertThat(written.size(), is(3));
    // Only the input remains: no partial outputs (or side-car files) and no rios_* temp directory.
    String[] left = tmp.list();
    Arrays.sort(left);
    assertThat(Arrays.asList(left), is(List.of("ramp.img")));
  }

  @Test
  void int8OutputNeedsGdal37() {
    Assumptions.assumeFalse(GdalRuntime.hasInt8(), "GDAL " + GdalRuntime.version() + " has Int8");
    UnsupportedDataTypeException e = assertThrows(UnsupportedDataTypeException.class,
        () -> Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img").astype(DataType.INT8)),
            new FilenameAssociations().put("img", ramp), new FilenameAssociations().put("out", out),
            AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString("3.7"));
    assertThat(new File(out).exists(), is(false));
  }

  @Test
  void nothingIsLeftInTempdirAfterAFailure() {
    assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      throw new RuntimeException("x");
    }, new FilenameAssociations().put("img", ramp), new FilenameAssociations(), AvgTest.quiet(tmp)));
    File[] tempDirs = tmp.listFiles((d, n) -> n.startsWith("rios_"));
    assertThat(Arrays.asList(tempDirs), is(empty()));
  }
}
