package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.array.RasterArray;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.UserFunctionException;
import org.rios.errors.RiosException;
import org.rios.progress.SilentProgress;
import org.rios.testutil.OutputSafetyScenarios;
import org.rios.testutil.SlowCopyMain;
import org.rios.testutil.TestRasters;

/**
 * Outputs appear at their final paths only when complete: while a run writes, only a file marked
 * ".rios-partial" exists; a failed run leaves an earlier output of the same name as it was and no partial
 * file; side-cars are renamed with their raster; leftovers of a killed run are removed by the next run.
 */
class AtomicOutputsTest {
  @TempDir File tmp;

  private ApplierControls controls(ConcurrencyStyle style) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100)
        .setConcurrencyStyle(style);
  }

  /** The styles of SlowCopyMain: none, threads, subproc. */
  static ConcurrencyStyle style(String name) {
    return SlowCopyMain.style(name);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out")).sorted()
          .collect(Collectors.toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "threads", "subproc"})
  void theFinalPathAppearsOnlyWhenComplete(String style) throws IOException {
    OutputSafetyScenarios.finalPathAppearsOnlyWhenComplete(tmp, style(style));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "threads", "subproc"})
  void aFailedRunLeavesTheEarlierOutputAndNoPartialFile(String style) throws IOException {
    OutputSafetyScenarios.failedRunLeavesTheEarlierOutput(tmp, style(style));
  }

  @Test
  void sideCarsAreRenamedWithTheirRaster() throws IOException {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.bin").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        controls(ConcurrencyStyle.none()).setOutputDriverName("ENVI").setCalcStats(true));
    assertThat(names(), containsInAnyOrder("out.bin", "out.hdr", "out.bin.aux.xml"));
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(in)), is(true));
    assertThat(TestRasters.bandMetadata(out, 1, "STATISTICS_MAXIMUM"), equalTo("100"));
  }

  /**
   * Side-cars left at an output's name by a file deleted earlier ({@code rm *.tif} leaves {@code .aux.xml},
   * {@code .ovr}, {@code .msk}) are removed when the new output, which has none of them, is put in place: GDAL
   * would read them as the new file's statistics, overviews and mask. One the new output has is its own.
   */
  @Test
  void sideCarsOfADeletedFileAreNotPairedWithTheNewOutput() throws IOException {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.tif").getPath();
    Files.writeString(Path.of(out + ".aux.xml"), "<PAMDataset><PAMRasterBand band=\"1\"><Metadata>"
        + "<MDI key=\"STATISTICS_MAXIMUM\">999</MDI></Metadata></PAMRasterBand></PAMDataset>");
    Files.write(Path.of(out + ".ovr"), new byte[] {1, 2, 3});
    Files.write(Path.of(out + ".msk"), new byte[] {1, 2, 3});
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        controls(ConcurrencyStyle.none()).setOutputDriverName("GTiff").setWindowSize(256, 256).setCalcStats(true)
            .setOmitPyramids(true));
    assertThat(names(), equalTo(List.of("out.tif")));
    assertThat(TestRasters.bandMetadata(out, 1, "STATISTICS_MAXIMUM"), equalTo("100"));
  }

  /**
   * The main file reaches its final name after its side-cars (watched as the directory's events): a kill in
   * between leaves side-cars without a main file, never a main file without its header. GDAL's generic rename,
   * used before, moved the main file first.
   */
  @Test
  void theMainFileIsRenamedIntoPlaceLast() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.bin").getPath();
    List<String> arrived = new java.util.ArrayList<>();
    try (java.nio.file.WatchService watch = tmp.toPath().getFileSystem().newWatchService()) {
      tmp.toPath().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
      Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
          new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
          controls(ConcurrencyStyle.none()).setOutputDriverName("ENVI").setCalcStats(true));
      java.nio.file.WatchKey key;
      while ((key = watch.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
        for (java.nio.file.WatchEvent<?> e : key.pollEvents()) {
          String name = String.valueOf(e.context());
          if (name.startsWith("out.") && !name.contains("rios-")) {
            arrived.add(name);
          }
        }
        key.reset();
      }
    }
    assertThat(arrived, containsInAnyOrder("out.bin", "out.hdr", "out.bin.aux.xml"));
    assertThat(arrived.get(arrived.size() - 1), equalTo("out.bin"));
  }

  @Test
  void leftoversOfAKilledRunAreRemovedByTheNextRun() throws IOException {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    for (String n : List.of("out.img.rios-partial.img", "out.img.rios-partial.img.aux.xml", "out.img.rios-partial.rrd")) {
      Files.write(new File(tmp, n).toPath(), new byte[] {1, 2, 3});
    }
    Files.write(new File(tmp, "outside.img.rios-partial.img").toPath(), new byte[] {1});
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()),
        controls(ConcurrencyStyle.none()));
    List<String> partial = names().stream().filter(n -> n.contains("rios-partial")).collect(Collectors.toList());
    assertThat("another output's partial file is not touched", partial, equalTo(List.of("outside.img.rios-partial.img")));
  }

  @Test
  void aUserFunctionErrorOnTheFirstBlockLeavesNothing() throws IOException {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      throw new IllegalStateException("first");
    }, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()),
        controls(ConcurrencyStyle.none())));
    assertThat(names(), empty());
  }

  /**
   * An output in a GDAL virtual file system written at its final name ({@code /vsimem/}, which has no rename
   * to hide it behind) is deleted when the run fails: its first block row stayed there, full size and without
   * statistics, looking complete.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GTiff", "HFA", "COG"})
  void aFailedOutputWrittenInPlaceInAVirtualFileSystemIsNotLeftThere(String driver) {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String base = "atomic-" + driver + "-" + System.nanoTime();
    String out = "/vsimem/" + base + (driver.equals("HFA") ? ".img" : ".tif");
    assertThrows(UserFunctionException.class, () -> Applier.apply((info, inputs, outputs) -> {
      if (info.getBlockCount().y() > 0) {
        throw new IllegalStateException("second block row");
      }
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        controls(ConcurrencyStyle.none()).setOutputDriverName(driver).setWindowSize(256, 256)));
    List<String> left = new ArrayList<>();
    java.util.Vector<?> listed = org.gdal.gdal.gdal.ReadDir("/vsimem/");
    for (Object n : listed == null ? List.of() : listed) {
      if (n.toString().startsWith(base)) {
        left.add(n.toString());
      }
    }
    assertThat(left, empty());
    // and one that completes stays
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        controls(ConcurrencyStyle.none()).setOutputDriverName(driver).setWindowSize(256, 256));
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(in)), is(true));
    org.gdal.gdal.gdal.GetDriverByName(driver.equals("HFA") ? "HFA" : "GTiff").Delete(out);
  }

  /** In a CW_SUBPROC worker process too, which opens the inputs itself. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "subproc"})
  void namesOutsideTheBasicMultilingualPlaneWorkForInputsAndOutputs(String style) throws IOException {
    File dir = new File(tmp, "dir \uD83C\uDF0D");
    assertThat(dir.mkdir(), is(true));
    String ramp = TestRasters.rampFile(new File(tmp, "plain.img"));
    Path in = dir.toPath().resolve("in \uD83D\uDE80.img");
    Files.copy(Path.of(ramp), in);
    String out = dir.toPath().resolve("out \uD83D\uDE80.img").toString();
    Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
        new FilenameAssociations().put("img", in.toString()), new FilenameAssociations().put("out", out),
        controls(style(style)).setCalcStats(true));
    List<String> got = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.toPath())) {
      s.map(p -> p.getFileName().toString()).sorted().forEach(got::add);
    }
    assertThat("the output is written under exactly its own name", got.stream()
        .filter(n -> n.startsWith("out")).collect(Collectors.toList()),
        equalTo(List.of("out \uD83D\uDE80.img", "out \uD83D\uDE80.img.aux.xml")));
    assertThat(got.size(), equalTo(3));
    assertThat(TestRasters.read(org.rios.gdal.GdalPaths.forGdal(out)).contentEquals(TestRasters.read(ramp)),
        is(true));
  }
  /**
   * Two runs writing one output at the same time: the later one takes the partial name (it removes what it
   * takes for a killed run's leftovers) and puts its output in place; the earlier one, finishing last, fails
   * with an error naming the output instead of putting in place a file it no longer owns, and leaves nothing
   * behind.
   */
  @Test
  void ofTwoRunsWritingOneOutputAtOnceTheEarlierFailsAndTheLaterIsInPlace() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.tif").getPath();
    java.util.concurrent.CountDownLatch aWriting = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch bDone = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger aBlocks = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<?> a = pool.submit(() -> Applier.apply((info, inputs, outputs) -> {
        if (aBlocks.incrementAndGet() == 3) {   // two blocks written: its partial file is there
          aWriting.countDown();
          if (!bDone.await(120, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the second run did not end");
          }
        }
        outputs.put("out", inputs.get("img").copy().fill(1));
      }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
          controls(style("none"))));
      assertThat(aWriting.await(120, java.util.concurrent.TimeUnit.SECONDS), is(true));
      assertThat(Files.exists(Path.of(out + ".rios-partial.tif")), is(true));
      try {
        Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img").copy().fill(2)),
            new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
            controls(style("none")));
      } finally {
        bDone.countDown();
      }
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> a.get(120, java.util.concurrent.TimeUnit.SECONDS));
      assertThat(e.getCause().toString(), e.getCause() instanceof org.rios.errors.OutputWriteException, is(true));
      assertThat(e.getCause().getMessage(), containsString(out));
    } finally {
      pool.shutdownNow();
    }
    RasterArray placed = TestRasters.read(out);
    assertThat(placed.getDouble(0, 0, 0), is(2.0));
    assertThat(placed.getDouble(0, placed.rows() - 1, placed.cols() - 1), is(2.0));
    assertThat(names().stream().filter(n -> n.contains("rios-")).collect(Collectors.toList()), is(empty()));
  }
}
