package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.FileOpenException;
import org.rios.errors.ParameterException;
import org.rios.errors.UserFunctionException;
import org.rios.errors.VectorAttributeException;
import org.rios.errors.VectorLayerException;
import org.rios.io.BlockReader;
import org.rios.io.RasterizationCache;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.testutil.ReadThreads;
import org.rios.testutil.TestRasters;
import org.rios.testutil.TestVectors;
import org.rios.testutil.WarningsKept;
import org.rios.plan.WorkingPlanBuilder;

/**
 * Vector inputs rasterized onto the working grid: RIOS testvector (burn -1 as INT16 and average the ramp
 * under the square, in the grid's projection, reprojected to lat/long, and with no overlap), plus every
 * rasterization option, layer and attribute errors, list entries, vector-only runs and temp-file cleanup.
 * The square's fixture covers exactly the pixel centres of rows and columns 11..30 of the standard ramp.
 */
class VectorTest {
  private static final int INSIDE = 400;
  private static final int ALL = TestRasters.STD_ROWS * TestRasters.STD_COLS;

  @TempDir File tmp;
  private String ramp;
  private String square;

  @BeforeEach
  void files() {
    ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    square = TestRasters.vectorSquare(new File(tmp, "square.shp"), TestRasters.STD_EPSG, 0);
  }

  /** testvector's user function: {sum, count} of ramp values where the vector is negative. */
  private double[] rampUnderNegative(String vec, ApplierControls controls) {
    double[] acc = {0, 0};
    List<DataType> types = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray r = inputs.get("ramp");
      RasterArray v = inputs.get("vec");
      types.add(v.dataType());
      for (int i = 0; i < v.size(); i++) {
        if (v.getDoubleAt(i) < 0) {
          acc[0] += r.getDoubleAt(i);
          acc[1]++;
        }
      }
    }, new FilenameAssociations().put("ramp", ramp).put("vec", vec), new FilenameAssociations(), controls);
    assertThat(types.get(0), is(DataType.INT16));
    return acc;
  }

  private ApplierControls testvectorControls() {
    return AvgTest.quiet(tmp).setBurnValue(-1).setVectorDatatype(DataType.INT16);
  }

  /** numpy's mean of ramp[11:31, 11:31]. */
  private static double expectedSquareMean() {
    RasterArray r = TestRasters.ramp(TestRasters.STD_ROWS, TestRasters.STD_COLS, false);
    double sum = 0;
    for (int row = 11; row < 31; row++) {
      for (int col = 11; col < 31; col++) {
        sum += r.getDouble(0, row, col);
      }
    }
    return sum / INSIDE;
  }

  @Test
  void testvectorSameProjectionGivesExactMean() {
    double[] acc = rampUnderNegative(square, testvectorControls());
    assertThat(acc[1], is((double) INSIDE));
    assertThat((float) (acc[0] / acc[1]), is((float) expectedSquareMean()));
  }

  @Test
  void testvectorReprojectedToLatLongGivesMeanWithinTwoPercent() {
    String ll = TestVectors.reprojected(square, 4326, new File(tmp, "square_ll.shp"));
    double[] acc = rampUnderNegative(ll, testvectorControls());
    assertThat(acc[1], greaterThan(0.0));
    double expected = expectedSquareMean();
    assertThat(Math.abs(acc[0] / acc[1] - expected) / expected, lessThan(0.02));
  }

  @Test
  void testvectorNoOverlapSelectsNothing() {
    String shifted = TestRasters.vectorSquare(new File(tmp, "shifted.shp"), TestRasters.STD_EPSG, 10000);
    WarningsKept kept = new WarningsKept();
    double[] acc = rampUnderNegative(shifted, testvectorControls().setProgress(kept));
    assertThat(acc[1], is(0.0));
    // RIOS says nothing; a vector that burns nothing is named, with why
    assertThat(kept.warnings.toString(), containsString("vector 'vec' (" + shifted));
    assertThat(kept.warnings.toString(), containsString("has no features within the working grid"));
    // in another projection, both are named (a GeoJSON without 'crs' is WGS 84, which a user may not expect)
    String shiftedLatLong = TestVectors.reprojected(shifted, 4326, new File(tmp, "shifted_ll.shp"));
    WarningsKept keptLatLong = new WarningsKept();
    rampUnderNegative(shiftedLatLong, testvectorControls().setProgress(keptLatLong));
    assertThat(keptLatLong.warnings.toString(), containsString("has no features within the working grid (its "
        + "features are in \"WGS 84\", the working grid in \"GDA94 / MGA zone 55\")"));
  }

  @Test
  void aFilterThatSelectsNoFeatureIsAWarningNamingTheVector() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    WarningsKept kept = new WarningsKept();
    RasterArray v = vectorArray(two, AvgTest.quiet(tmp).setFilterSQL("name = 'nosuch'").setProgress(kept));
    assertThat(TestRasters.count(v, 0, 0), is(ALL));
    assertThat(kept.warnings.toString(), containsString("vector 'vec' (" + two));
    assertThat(kept.warnings.toString(), containsString("has no feature to burn"));
  }

  @Test
  void aVectorThatBurnsSomethingGivesNoWarning() {
    WarningsKept kept = new WarningsKept();
    double[] acc = rampUnderNegative(square, testvectorControls().setProgress(kept));
    assertThat(acc[1], is((double) INSIDE));
    assertThat(kept.warnings, empty());
  }

  /** The whole 500 x 500 vector array (one block), read alongside the ramp. */
  private RasterArray vectorArray(String vec, ApplierControls controls) {
    List<RasterArray> got = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> got.add(inputs.get("vec").copy()),
        new FilenameAssociations().put("ramp", ramp).put("vec", vec), new FilenameAssociations(),
        controls.setWindowSize(500, 500));
    return got.get(0);
  }

  @Test
  void burnAttributeBurnsEachFeaturesValue() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    RasterArray v = vectorArray(two, AvgTest.quiet(tmp).setBurnAttribute("val").setVectorDatatype(DataType.INT32));
    assertThat(TestRasters.count(v, 0, 5), is(INSIDE));
    assertThat(TestRasters.count(v, 0, 7), is(INSIDE));
    assertThat(TestRasters.count(v, 0, 0), is(ALL - 2 * INSIDE));
    assertThat(v.getDouble(0, 20, 20), is(5.0));
    assertThat(v.getDouble(0, 20, 120), is(7.0));
  }

  @Test
  void whereClauseSelectsOneFeature() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    RasterArray v = vectorArray(two, AvgTest.quiet(tmp).setFilterSQL("name = 'b'"));
    assertThat(TestRasters.count(v, 0, 1), is(INSIDE));
    assertThat(v.getDouble(0, 20, 120), is(1.0));
    assertThat(v.getDouble(0, 20, 20), is(0.0));
  }

  @Test
  void fullSelectStatementSelectsOneFeature() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    RasterArray v = vectorArray(two, AvgTest.quiet(tmp).setFilterSQL("SELECT * FROM squares WHERE val = 5"));
    assertThat(TestRasters.count(v, 0, 1), is(INSIDE));
    assertThat(v.getDouble(0, 20, 20), is(1.0));
    assertThat(v.getDouble(0, 20, 120), is(0.0));
  }

  @Test
  void badFilterIsAParameterError() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    ParameterException e = assertThrows(ParameterException.class,
        () -> vectorArray(two, AvgTest.quiet(tmp).setFilterSQL("nosuchfield = 3")));
    assertThat(e.getMessage(), containsString(two));
  }

  @Test
  void allTouchedBurnsTheEdgePixelsToo() {
    // The square's left and top edges cut column 10 and row 10 without covering their centres.
    assertThat(TestRasters.count(vectorArray(square, AvgTest.quiet(tmp)), 0, 1), is(INSIDE));
    RasterArray touched = vectorArray(square, AvgTest.quiet(tmp).setAlltouched(true));
    assertThat(TestRasters.count(touched, 0, 1), is(21 * 21));
    assertThat(touched.getDouble(0, 10, 10), is(1.0));
  }

  @Test
  void layerByNameAndByIndex() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    assertThat(TestRasters.count(vectorArray(two, AvgTest.quiet(tmp).setVectorLayer("squares", "vec")), 0, 1),
        is(2 * INSIDE));
    assertThat(TestRasters.count(vectorArray(two, AvgTest.quiet(tmp).setVectorLayer(0)), 0, 1), is(2 * INSIDE));
  }

  @Test
  void unknownLayerNameListsTheLayers() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    VectorLayerException e = assertThrows(VectorLayerException.class,
        () -> vectorArray(two, AvgTest.quiet(tmp).setVectorLayer("nope")));
    assertThat(e.getMessage(), containsString(two));
    assertThat(e.getMessage(), containsString("'nope'"));
    assertThat(e.getMessage(), containsString("[squares]"));
    assertThrows(VectorLayerException.class, () -> vectorArray(two, AvgTest.quiet(tmp).setVectorLayer(1)));
  }

  @Test
  void missingBurnAttributeNamesTheFields() {
    String two = TestVectors.twoSquares(new File(tmp, "squares.shp"));
    VectorAttributeException e = assertThrows(VectorAttributeException.class,
        () -> vectorArray(two, AvgTest.quiet(tmp).setBurnAttribute("height")));
    assertThat(e.getMessage(), containsString("'height'"));
    assertThat(e.getMessage(), containsString("[val, name]"));
  }

  @Test
  void fileThatIsNeitherRasterNorVectorFailsToOpen() throws Exception {
    File text = new File(tmp, "notes.txt");
    Files.writeString(text.toPath(), "not geodata\n");
    FileOpenException e = assertThrows(FileOpenException.class,
        () -> vectorArray(text.getPath(), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString("'vec'"));
    assertThat(e.getMessage(), containsString(text.getPath()));
  }

  @Test
  void listEntryOfTwoVectors() {
    String right = TestRasters.vectorSquare(new File(tmp, "right.shp"), TestRasters.STD_EPSG, -1000);
    List<String> names = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    List<Double> at = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      for (RasterArray v : inputs.getList("vecs")) {
        names.add(info.getFilenameFor(v));
        counts.add(TestRasters.count(v, 0, 1));
        at.add(v.getDouble(0, 20, 120));
      }
    }, new FilenameAssociations().put("ramp", ramp).put("vecs", List.of(square, right)), new FilenameAssociations(),
        AvgTest.quiet(tmp).setWindowSize(500, 500));
    assertThat(names, is(List.of(square, right)));
    assertThat(counts, is(List.of(INSIDE, INSIDE)));
    assertThat(at, is(List.of(0.0, 1.0)));
  }

  @Test
  void vectorAsOnlyInputWithReferenceImage() {
    int[] count = {0};
    List<Size> sizes = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      sizes.add(info.getTotalSize());
      count[0] += TestRasters.count(inputs.get("vec"), 0, 1);
    }, new FilenameAssociations().put("vec", square), new FilenameAssociations(),
        AvgTest.quiet(tmp).setReferenceImage(ramp).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE));
    assertThat(count[0], is(INSIDE));
    assertThat(sizes.get(0), is(new Size(TestRasters.STD_COLS, TestRasters.STD_ROWS)));
  }

  @Test
  void vectorsOnlyWithoutReferenceIsAParameterError() {
    ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply((info, inputs, outputs) -> {
    }, new FilenameAssociations().put("vec", square), new FilenameAssociations(), AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString("reference"));
  }

  /** A vector input named as the reference image (by name or file) is said to be one, not "neither ... nor". */
  @Test
  void aVectorAsTheReferenceImageIsRefusedAsSuch() {
    for (String ref : new String[] {"vec", square}) {
      ParameterException e = assertThrows(ParameterException.class, () -> Applier.apply((info, inputs, outputs) -> {
      }, new FilenameAssociations().put("vec", square), new FilenameAssociations(),
          AvgTest.quiet(tmp).setReferenceImage(ref).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)));
      assertThat(e.getMessage(), containsString("Reference image '" + ref + "' is the vector input 'vec'"));
    }
  }

  @Test
  void infoReportsVectorFilenameAndVectorNull() {
    List<Object> seen = new ArrayList<>();
    int[] nulls = {0};
    Applier.apply((info, inputs, outputs) -> {
      RasterArray v = inputs.get("vec");
      seen.add(info.getFilenameFor(v));
      seen.add(info.getNoDataValueFor(v, 1));
      nulls[0] += TestRasters.count(v, 0, 3);
    }, new FilenameAssociations().put("ramp", ramp).put("vec", square), new FilenameAssociations(),
        AvgTest.quiet(tmp).setVectorNull(3).setWindowSize(500, 500));
    assertThat(seen, is(List.of(square, 3.0)));
    assertThat(nulls[0], is(ALL - INSIDE));
  }

  @Test
  void sameFileUnderTwoNamesWithDifferentBurnValuesIsRasterizedTwice() {
    List<Double> values = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      values.add(inputs.get("v1").getDouble(0, 20, 20));
      values.add(inputs.get("v2").getDouble(0, 20, 20));
    }, new FilenameAssociations().put("v1", square).put("v2", square), new FilenameAssociations(),
        AvgTest.quiet(tmp).setReferenceImage(ramp).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)
            .setWindowSize(500, 500).setBurnValue(3, "v1").setBurnValue(5, "v2"));
    assertThat(values, is(List.of(3.0, 5.0)));
  }

  @Test
  void noRasterizedFilesAreLeftAfterSuccess() {
    List<Integer> during = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> during.add(TestVectors.namesStartingWith(tmp, "rios_vecrast_").size()),
        new FilenameAssociations().put("ramp", ramp).put("vec", square), new FilenameAssociations(),
        AvgTest.quiet(tmp));
    assertThat(during.get(0), greaterThan(0));
    assertThat(TestVectors.namesStartingWith(tmp, "rios_vecrast_"), is(empty()));
  }

  @Test
  void noRasterizedFilesAreLeftAfterAFailingUserFunction() {
    List<Integer> during = new ArrayList<>();
    assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      during.add(TestVectors.namesStartingWith(tmp, "rios_vecrast_").size());
      if (!info.isFirstBlock()) {
        throw new IllegalStateException("user function fails on block 2");
      }
    }, new FilenameAssociations().put("ramp", ramp).put("vec", square), new FilenameAssociations(),
        AvgTest.quiet(tmp)));
    assertThat(during.size(), is(2));
    assertThat(during.get(0), greaterThan(0));
    assertThat(TestVectors.namesStartingWith(tmp, "rios_vecrast_"), is(empty()));
  }

  @Test
  void missingInputIsNotMistakenForAVector() {
    String missing = new File(tmp, "nope.shp").getPath();
    FileOpenException e = assertThrows(FileOpenException.class, () -> vectorArray(missing, AvgTest.quiet(tmp)));
    assertThat(e.getMessage(), containsString("does not exist"));
    assertThat(e.getMessage(), not(containsString("vector either")));
  }

  @Test
  void planWithAVectorIsSerializableAndReadableElsewhere() throws Exception {
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("ramp", ramp).put("vec", square),
        new FilenameAssociations(), AvgTest.quiet(tmp).setWindowSize(500, 500).setBurnValue(9));
    WorkingPlan copy = ReadThreads.roundTrip(plan);
    InputSpec vec = copy.inputs().get(1);
    assertThat(vec.isVector(), is(true));
    assertThat(vec.vector(), is(plan.inputs().get(1).vector()));
    assertThat(vec.warp() == null, is(true)); // same projection and lattice: read directly, never resampled
    File cacheParent = Files.createDirectory(tmp.toPath().resolve("elsewhere")).toFile();
    try (RasterizationCache cache = new RasterizationCache(cacheParent);
        BlockReader reader = new BlockReader(copy, cache)) {
      assertThat(TestRasters.count(reader.read(vec, copy.blocks().get(0)), 0, 9), is(INSIDE));
    }
    assertThat(TestVectors.namesStartingWith(cacheParent, "rios_vecrast_"), is(empty()));
  }

  @Test
  void twoReaderThreadsShareOneRasterization() throws Exception {
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("ramp", ramp).put("vec", square),
        new FilenameAssociations(), AvgTest.quiet(tmp).setWindowSize(100, 100));
    InputSpec vec = plan.inputs().get(1);
    File cacheParent = Files.createDirectory(tmp.toPath().resolve("shared")).toFile();
    try (RasterizationCache cache = new RasterizationCache(cacheParent)) {
      // Both threads ask the cache at the same moment, then read every block through their own reader.
      List<String> paths = ReadThreads.run(2, barrier -> {
        barrier.await();
        return cache.rasterFor(vec.vector());
      });
      assertThat(paths.get(0), is(paths.get(1)));
      List<Integer> counts = ReadThreads.run(2, barrier -> {
        int n = 0;
        try (BlockReader reader = new BlockReader(plan, cache)) {
          barrier.await();
          for (BlockDefn b : plan.blocks()) {
            n += TestRasters.count(reader.read(vec, b), 0, 1);
          }
        }
        return n;
      });
      assertThat(counts, is(List.of(INSIDE, INSIDE)));
      assertThat(cache.rasterizationCount(), is(1));
      assertThat(TestVectors.namesStartingWith(cache.directory(), "rios_vecrast_").size(), is(2)); // dir + 1 tif
    }
    assertThat(TestVectors.namesStartingWith(cacheParent, "rios_vecrast_"), is(empty()));
  }

  @Test
  void readersWithoutACacheShareTheProcessWideOneUntilTheLastCloses() throws Exception {
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("ramp", ramp).put("vec", square),
        new FilenameAssociations(), AvgTest.quiet(tmp).setWindowSize(100, 100));
    InputSpec vec = plan.inputs().get(1);
    List<List<Integer>> seen = ReadThreads.run(2, barrier -> {
      try (BlockReader reader = new BlockReader(plan)) {
        int n = 0;
        for (BlockDefn b : plan.blocks()) {
          n += TestRasters.count(reader.read(vec, b), 0, 1);
        }
        barrier.await(); // both readers have read everything and still hold the cache
        int tifs = (int) TestVectors.namesStartingWith(tmp, "rios_vecrast_").stream()
            .filter(f -> f.endsWith(".tif")).count();
        barrier.await(); // neither releases it before both have looked
        return List.of(n, tifs);
      }
    });
    assertThat(seen, is(List.of(List.of(INSIDE, 1), List.of(INSIDE, 1))));
    assertThat(TestVectors.namesStartingWith(tmp, "rios_vecrast_"), is(empty()));
  }

  @Test
  void readAndComputeThreadsGiveTheSameResultAndCleanUp() {
    ConcurrencyStyle style = ConcurrencyStyle.builder().numReadWorkers(2).numComputeWorkers(2)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
    int[] selected = {0};
    Applier.apply((info, inputs, outputs) -> {
      int n = TestRasters.count(inputs.get("vec"), 0, -1);
      synchronized (selected) {
        selected[0] += n;
      }
    }, new FilenameAssociations().put("ramp", ramp).put("vec", square), new FilenameAssociations(),
        testvectorControls().setWindowSize(100, 100).setConcurrencyStyle(style));
    assertThat(selected[0], is(INSIDE));
    assertThat(TestVectors.namesStartingWith(tmp, "rios_vecrast_"), is(empty()));
  }

  @Test
  void readThreadsLeaveNothingAfterAFailingUserFunction() {
    ConcurrencyStyle style = ConcurrencyStyle.builder().numReadWorkers(2).numComputeWorkers(2)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
    assertThrows(RuntimeException.class, () -> Applier.apply((info, inputs, outputs) -> {
      if (!info.isFirstBlock()) {
        throw new IllegalStateException("user function fails after the first block");
      }
    }, new FilenameAssociations().put("ramp", ramp).put("vec", square), new FilenameAssociations(),
        AvgTest.quiet(tmp).setWindowSize(100, 100).setConcurrencyStyle(style)));
    assertThat(TestVectors.namesStartingWith(tmp, "rios_vecrast_"), is(empty()));
  }
}
