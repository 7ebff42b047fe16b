package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.OutputWriteException;
import org.rios.errors.RiosException;
import org.rios.gdal.GdalPaths;
import org.rios.progress.SilentProgress;
import org.rios.testutil.SlowCopyMain;
import org.rios.testutil.TestRasters;

/**
 * A run's outputs are put in place all or none (sweep 7): when one of them cannot be put in place, the
 * others are not left replaced either, and what a run killed in the middle of it leaves is recovered by the
 * next run.
 */
class OutputCommitTest {
  @TempDir File tmp;

  private static final UserFunction FAILS = (info, inputs, outputs) -> {
    throw new IllegalStateException("fails on purpose");
  };

  private ApplierControls controls(String style) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setConcurrencyStyle(SlowCopyMain.style(style));
  }

  /** Writes {@code value} into every pixel of outputs {@code a} and {@code b}. */
  private void writeBoth(int value, String style) {
    String in = new File(tmp, "in.img").getPath();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray x = inputs.get("img").copy();
      x.fill(value);
      outputs.put("a", x);
      outputs.put("b", x);
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("a", path("a.img"))
        .put("b", path("b.img")), controls(style));
  }

  /**
   * Writes 2 into local output {@code a} (file {@code aName}) and an object-store output whose upload is refused
   * (an S3 endpoint on a port nobody listens on), which fails the run after {@code a} was put in place.
   */
  private RiosException withARefusedUpload(String aName, ApplierControls c) {
    for (String[] kv : new String[][] {{"AWS_S3_ENDPOINT", "127.0.0.1:9"}, {"AWS_HTTPS", "NO"},
        {"AWS_VIRTUAL_HOSTING", "FALSE"}, {"AWS_ACCESS_KEY_ID", "rios"}, {"AWS_SECRET_ACCESS_KEY", "not-a-secret"},
        {"GDAL_HTTP_MAX_RETRY", "0"}}) {
      c.setGdalConfig(kv[0], kv[1]);
    }
    return assertThrows(RiosException.class, () -> Applier.apply((info, inputs, outputs) -> {
      RasterArray x = inputs.get("img").copy();
      x.fill(2);
      outputs.put("a", x);
      outputs.put("up", x);
    }, new FilenameAssociations().put("img", path("in.img")), new FilenameAssociations().put("a", path(aName))
        .put("up", "/vsis3/rios-test-bucket/up.tif"), c));
  }

  private String path(String name) {
    return new File(tmp, name).getPath();
  }

  private static double firstPixel(String file) {
    return TestRasters.read(file).getDouble(0, 0, 0);
  }

  /** Files the commit leaves behind when it should not: partial or moved-aside outputs. */
  private List<String> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("rios-")).sorted()
          .collect(Collectors.toList());
    }
  }

  private static int chattr(String flag, String file) throws Exception {
    return new ProcessBuilder("chattr", flag, file).inheritIO().start().waitFor();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "threads", "subproc"})
  void anEarlierOutputThatCannotBeReplacedLeavesEveryOutputAsItWas(String style) throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chattr needs root");
    TestRasters.rampFile(new File(tmp, "in.img"));
    writeBoth(1, "none");
    // b.img cannot be moved or deleted: a.img, put in place before it, used to stay replaced
    Assumptions.assumeTrue(chattr("+i", path("b.img")) == 0, "this file system has no immutable flag");
    try {
      OutputWriteException e = assertThrows(OutputWriteException.class, () -> writeBoth(2, style));
      assertThat(e.getMessage(), containsString(path("b.img")));
    } finally {
      chattr("-i", path("b.img"));
    }
    assertThat(firstPixel(path("a.img")), is(1.0));
    assertThat(firstPixel(path("b.img")), is(1.0));
    assertThat(leftovers(), is(empty()));
    // and once it can be replaced, both are
    writeBoth(3, style);
    assertThat(firstPixel(path("a.img")), is(3.0));
    assertThat(firstPixel(path("b.img")), is(3.0));
    assertThat(leftovers(), is(empty()));
  }

  /**
   * An MRF output's index and data files, which GDAL does not list, follow it into place, and an earlier MRF
   * output's are kept aside and moved back when the run is taken back after it was put in place (a refused
   * upload of another output).
   */
  @Test
  void filesOnlyTheDriverKnowsAreKeptAsideAndMovedBack() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    ApplierControls local = controls("none").setOutputDriverName("MRF").setCalcStats(false);
    writeA(in, 1, local);
    assertThat(new File(tmp, "a.idx").exists(), is(true));
    // a.dat is renamed into place first, its index and data over the earlier ones; the upload, refused, is last
    withARefusedUpload("a.dat", controls("none").setOutputDriverName("MRF", "a").setCalcStats(false));
    assertThat("the earlier MRF output, index and data included", firstPixel(path("a.dat")), is(1.0));
    assertThat(leftovers(), is(empty()));
  }

  /**
   * An MRF output's main file reaches its final name after its index and data files: killed in between, a main
   * file at the final name without them could not be read, and nothing recovered it (they followed it). The
   * order is seen as the file system reports the names appearing (inotify, in order).
   */
  @Test
  void anMrfsMainFileIsPutInPlaceAfterItsIndexAndData() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    try (java.nio.file.WatchService watch = java.nio.file.FileSystems.getDefault().newWatchService()) {
      tmp.toPath().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
      writeA(in, 2, controls("none").setOutputDriverName("MRF").setCalcStats(false));
      List<String> appeared = new java.util.ArrayList<>();
      for (java.nio.file.WatchKey key; (key = watch.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS)) != null; ) {
        for (java.nio.file.WatchEvent<?> e : key.pollEvents()) {
          String n = String.valueOf(e.context());
          if (n.startsWith("a.") && !n.contains("rios-")) {
            appeared.add(n);
          }
        }
        key.reset();
      }
      assertThat(appeared.toString(), appeared.contains("a.idx"), is(true));
      assertThat(appeared.toString(), appeared.get(appeared.size() - 1), is("a.dat"));
    }
    assertThat(firstPixel(path("a.dat")), is(2.0));
  }

  @Test
  void aFailedUploadPutsTheLocalOutputsBack() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    writeBoth(1, "none");
    // the local output is renamed into place first; the upload, refused (no server there), comes last
    RiosException e = withARefusedUpload("a.img", controls("none"));
    assertThat(e.getMessage(), containsString("up.tif"));
    assertThat(firstPixel(path("a.img")), is(1.0));
    assertThat(leftovers(), is(empty()));
  }

  /**
   * An ENVI output whose name is outside Unicode's Basic Multilingual Plane, which GDAL's Java bindings cannot
   * be given, so GDAL cannot list its files: its header ({@code .hdr}, in place of the extension) is set aside
   * by name with the earlier output and moved back when the run is taken back. It used to stay at the final
   * name, where the new output's header replaced it, and the earlier pixels came back read through a header of
   * the wrong type.
   */
  @Test
  void aHeaderGdalCannotListIsKeptAsideWithTheEarlierOutputAndMovedBack() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String name = "a \uD83D\uDE80.dat";
    Path header = Path.of(path("a \uD83D\uDE80.hdr"));
    Applier.apply((info, inputs, outputs) -> outputs.put("a", inputs.get("img").astype(DataType.FLOAT64)),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("a", path(name)),
        controls("none").setOutputDriverName("ENVI"));
    String earlierHeader = Files.readString(header);
    RasterArray earlier = TestRasters.read(GdalPaths.forGdal(path(name)));
    assertThat(earlier.dataType(), is(DataType.FLOAT64));

    // put in place with its own header (not Float64), then taken back: the upload after it is refused
    withARefusedUpload(name, controls("none").setOutputDriverName("ENVI", "a"));
    assertThat(Files.readString(header), is(earlierHeader));
    assertThat(TestRasters.read(GdalPaths.forGdal(path(name))).contentEquals(earlier), is(true));
    assertThat(leftovers(), is(empty()));

    // a run that succeeds replaces it whole, header included, and leaves nothing aside
    Applier.apply((info, inputs, outputs) -> outputs.put("a", inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("a", path(name)),
        controls("none").setOutputDriverName("ENVI"));
    assertThat(TestRasters.read(GdalPaths.forGdal(path(name))).contentEquals(TestRasters.read(in)), is(true));
    assertThat(leftovers(), is(empty()));
  }

  /**
   * An earlier MRF output kept aside while its replacement is in place (a run killed before it deleted the
   * earlier file, a Beam job never confirmed) comes back whole with the next run writing it, index and data
   * files included, which GDAL does not list: they stayed under the aside name, and the new output's under the
   * final one. Confirmed or taken back by name (a Beam launcher or commit step in another JVM), likewise.
   */
  @Test
  void filesOnlyTheDriverKnowsOfAnOutputKeptAsideAreFoundByTheNextRunOrAnotherJvm() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    ApplierControls mrf = controls("none").setOutputDriverName("MRF").setCalcStats(false);
    writeA(in, 1, mrf);
    putInPlaceKeepingEarlier(in, 2, mrf);
    assertThat(firstPixel(path("a.dat")), is(2.0));
    assertThat(leftovers().isEmpty(), is(false));
    failingRunWritingA(in, mrf);
    assertThat("the earlier MRF output, index and data included", firstPixel(path("a.dat")), is(1.0));
    assertThat(leftovers(), is(empty()));

    putInPlaceKeepingEarlier(in, 3, mrf);
    org.rios.io.OutputCommit.confirm(List.of(new org.rios.io.FinishedOutput("a", path("a.dat"), -1, null, true)));
    assertThat(firstPixel(path("a.dat")), is(3.0));
    assertThat(leftovers(), is(empty()));

    putInPlaceKeepingEarlier(in, 4, mrf);
    org.rios.io.OutputCommit.undoKeptAside(List.of(path("a.dat")));
    assertThat(firstPixel(path("a.dat")), is(3.0));
    assertThat(leftovers(), is(empty()));

    // taken back by the file's identity (a commit step whose job failed), from a writer's record
    org.rios.io.OutputCommit.undo(putInPlaceKeepingEarlier(in, 5, mrf));
    assertThat(firstPixel(path("a.dat")), is(3.0));
    assertThat(leftovers(), is(empty()));
  }

  /**
   * What a kill in the middle of moving an earlier MRF output back, or of deleting it, leaves is finished by
   * the next run: the main file kept aside is moved back last and deleted first, so while it is there the
   * earlier output is whole beside it, and once it is gone the rest is the library's to delete.
   */
  @Test
  void aKillWhileMovingBackOrDeletingAnEarlierOutputIsFinishedByTheNextRun() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    ApplierControls mrf = controls("none").setOutputDriverName("MRF").setCalcStats(false);
    writeA(in, 1, mrf);
    List<String> ofTheFormat = List.of(".idx", ".ppg");
    for (String rest : ofTheFormat) {
      assertThat(rest, new File(tmp, "a" + rest).exists(), is(true));
    }

    // killed moving it back: the new output deleted, the index and data back, the main file not yet
    putInPlaceKeepingEarlier(in, 2, mrf);
    Files.delete(Path.of(path("a.dat")));
    for (String rest : ofTheFormat) {
      Files.move(Path.of(path("a.dat.rios-replaced" + rest)), Path.of(path("a" + rest)),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    failingRunWritingA(in, mrf);
    assertThat(firstPixel(path("a.dat")), is(1.0));
    assertThat(leftovers(), is(empty()));

    // killed deleting it once the new output was confirmed: the main file gone, the rest not yet
    putInPlaceKeepingEarlier(in, 3, mrf);
    Files.delete(Path.of(path("a.dat.rios-replaced.dat")));
    assertThat(leftovers().isEmpty(), is(false));
    failingRunWritingA(in, mrf);
    assertThat("the new output stays", firstPixel(path("a.dat")), is(3.0));
    assertThat(leftovers(), is(empty()));
  }

  /** A run writing output {@code a.dat} whose user function fails at the first block. */
  private void failingRunWritingA(String in, ApplierControls c) {
    assertThrows(RiosException.class, () -> Applier.apply(FAILS, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("a", path("a.dat")), c));
  }

  /** Writes {@code value} into every pixel of output {@code a.dat}. */
  private void writeA(String in, int value, ApplierControls c) {
    Applier.apply((info, inputs, outputs) -> {
      RasterArray x = inputs.get("img").copy();
      x.fill(value);
      outputs.put("a", x);
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("a", path("a.dat")), c);
  }

  /**
   * Writes {@code value} into output {@code a.dat} and puts it in place with the earlier file kept aside, as a
   * Beam writer does for a job's outputs until they are confirmed, and leaves it so.
   */
  private List<org.rios.io.FinishedOutput> putInPlaceKeepingEarlier(String in, int value, ApplierControls c) {
    org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("a", path("a.dat")), c);
    File scratch = new File(tmp, "scratch");
    scratch.mkdirs();
    org.rios.io.BlockWriter w = new org.rios.io.BlockWriter(plan, scratch, new org.rios.timing.Timers(), null);
    try {
      for (org.rios.plan.BlockDefn b : plan.blocks()) {
        w.write(b, spec -> RasterArray.filled(org.rios.array.DataType.UINT8, 1, b.nrows(), b.ncols(), value));
      }
      return w.finishKeepingEarlier();
    } finally {
      w.close();
    }
  }

  @Test
  void anEarlierOutputMovedAsideByAKilledRunIsRestoredOrDeletedByTheNextRun() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    writeBoth(1, "none");
    // killed after moving a.img aside and before putting the new one in place
    List<Path> ofA = filesOf("a.");
    assertThat(ofA.isEmpty(), is(false));
    for (Path p : ofA) {
      Files.move(p, p.resolveSibling("a.img.rios-replaced." + p.getFileName().toString().substring(2)));
    }
    assertThrows(RiosException.class, () -> Applier.apply(FAILS, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("a", path("a.img")), controls("none")));
    assertThat("the next run, failing, leaves the earlier output restored", firstPixel(path("a.img")), is(1.0));
    assertThat(leftovers(), is(empty()));
    // killed after putting the new a.img (7) in place and before deleting the earlier one (5), or a Beam
    // writer whose job was never confirmed: the run did not finish, so the earlier one comes back
    killedAfterPuttingInPlace(in, "a.img.rios-replaced.", "keep");
    // and a run that succeeds puts its own output over the one moved back
    Files.copy(Path.of(path("b.img")), Path.of(path("a.img.rios-replaced.img")));
    writeBoth(4, "none");
    assertThat(firstPixel(path("a.img")), is(4.0));
    assertThat(leftovers(), is(empty()));
  }

  /**
   * What a run of a version before the extension was kept in the aside stem left (the earlier a.img kept aside
   * as a.rios-replaced.img, the new one in place) is recovered by the next run as its own leftovers are: the
   * earlier output moved back, nothing left.
   */
  @Test
  void anEarlierOutputKeptAsideUnderThePreviousAsideNameIsRestored() throws Exception {
    killedAfterPuttingInPlace(TestRasters.rampFile(new File(tmp, "in.img")), "a.rios-replaced.", "keep-legacy");
  }

  /**
   * Leaves what a run killed after putting its new a.img (7) in place and before deleting the earlier one (5)
   * leaves, the earlier one's files renamed to {@code asidePrefix} + their extension; then a failing run must
   * restore the earlier output and leave nothing.
   */
  private void killedAfterPuttingInPlace(String in, String asidePrefix, String keepDir) throws IOException {
    writeBoth(5, "none");
    File keep = new File(tmp, keepDir);
    assertThat(keep.mkdir(), is(true));
    for (Path p : filesOf("a.")) {
      Files.move(p, keep.toPath().resolve(p.getFileName()));
    }
    writeBoth(7, "none");
    try (Stream<Path> s = Files.list(keep.toPath())) {
      for (Path p : s.collect(Collectors.toList())) {
        Files.move(p, tmp.toPath().resolve(asidePrefix + p.getFileName().toString().substring(2)));
      }
    }
    assertThrows(RiosException.class, () -> Applier.apply(FAILS, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("a", path("a.img")), controls("none")));
    assertThat(firstPixel(path("a.img")), is(5.0));
    assertThat(leftovers(), is(empty()));
  }

  private List<Path> filesOf(String prefix) throws IOException {
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toList());
    }
  }

  @Test
  void twoOutputsSharingAStemKeepTheirOwnSideCars() throws Exception {
    // a GTiff a.tif and an ENVI a.dat, whose header GDAL names a.hdr: a.tif's rename took the ENVI output's
    // partial header, and the run failed, leaving a stray a.hdr
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    ApplierControls c = controls("none").setOutputDriverName("GTiff", "t").setOutputDriverName("ENVI", "e");
    UserFunction copy = (info, inputs, outputs) -> {
      outputs.put("t", inputs.get("img"));
      outputs.put("e", inputs.get("img"));
    };
    for (int run = 0; run < 2; run++) {
      Applier.apply(copy, new FilenameAssociations().put("img", in), new FilenameAssociations()
          .put("t", path("a.tif")).put("e", path("a.dat")), c);
      assertThat(TestRasters.read(path("a.dat")).contentEquals(TestRasters.read(in)), is(true));
      assertThat(TestRasters.read(path("a.tif")).contentEquals(TestRasters.read(in)), is(true));
      assertThat(new File(path("a.hdr")).isFile(), is(true));
      assertThat(leftovers(), is(empty()));
    }
  }

  @Test
  void filesThatOnlyShareAnOutputsNameOrStemAreLeftAlone() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    ApplierControls c = controls("none").setOutputDriverName("GTiff");
    FilenameAssociations outs = new FilenameAssociations().put("a", path("scene.tif")).put("b", path("result"));
    UserFunction copy = (info, inputs, outputs) -> {
      outputs.put("a", inputs.get("img"));
      outputs.put("b", inputs.get("img"));
    };
    Applier.apply(copy, new FilenameAssociations().put("img", in), outs, c);
    // a user's files beside the outputs: metadata, an ENVI input's header, a backup, a table
    List<String> theirs = List.of("scene.xml", "scene.hdr", "scene.prj", "scene.tif.bak", "result.csv");
    for (String n : theirs) {
      Files.writeString(Path.of(path(n)), n);
    }
    Applier.apply(copy, new FilenameAssociations().put("img", in), outs, c);
    for (String n : theirs) {
      assertThat(n, Files.readString(Path.of(path(n))), is(n));
    }
    assertThat(leftovers(), is(empty()));
  }
}
