package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.RandomAccessFile;
import java.util.List;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.errors.RiosTimeoutException;
import org.rios.errors.WorkerException;
import org.rios.gdal.RasterIO;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * Failures in each stage under each native style stop the run with a WorkerException naming the stage
 * (or a timeout naming the buffer), leave no output, and leave no thread or process behind.
 */
class FaultInjectionTest {
  @TempDir File tmp;

  ApplierControls controls(ConcurrencyStyle style) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100)
        .setConcurrencyStyle(style);
  }

  static List<ConcurrencyStyle> styles() {
    return List.of(
        ConcurrencyStyle.builder().numReadWorkers(2).build(),
        ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
            .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build(),
        ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
            .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).build());
  }

  @AfterEach
  void nothingLeftBehind() throws Exception {
    for (int i = 0; i < 100 && ProcessHandle.current().children().findAny().isPresent(); i++) {
      Thread.sleep(50);
    }
    assertThat(ProcessHandle.current().children().count(), is(0L));
    assertThat(org.rios.testutil.RunThreads.alive(), is(List.of()));
  }

  /** An uncompressed tiled GTiff cut short on disk: reading its last rows fails inside GDAL. */
  String truncatedFile() throws Exception {
    File f = new File(tmp, "cut.tif");
    RasterArray a = TestRasters.ramp(500, 500, false);
    Dataset ds = gdal.GetDriverByName("GTiff").Create(f.getPath(), 500, 500, 1, DataType.UINT8.gdalCode(),
        new String[] {"TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128"});
    ds.SetGeoTransform(new double[] {500000, 10, 0, 7000000, 0, -10});
    ds.SetProjection(TestRasters.wkt(28355));
    RasterIO.write(ds, 0, 0, a);
    ds.delete();
    try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
      raf.setLength(raf.length() - 40000);
    }
    return f.getPath();
  }

  @Test
  void readFailureInEveryStyle() throws Exception {
    String cut = truncatedFile();
    int k = 0;
    for (ConcurrencyStyle style : styles()) {
      String out = new File(tmp, "r" + (k++) + ".img").getPath();
      WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply(
          (info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
          new FilenameAssociations().put("img", cut), new FilenameAssociations().put("out", out), controls(style)));
      assertThat(style.toString(), e.workerKind(), is("read"));
      assertThat(new File(out).exists(), is(false));
    }
  }

  @Test
  void writeFailureAtBlockKInEveryStyle() {
    String in = TestRasters.rampFile(new File(tmp, "a.img"));
    int k = 0;
    for (ConcurrencyStyle style : styles()) {
      String out = new File(tmp, "w" + (k++) + ".img").getPath();
      WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply((info, inputs, outputs) -> {
        RasterArray a = inputs.get("img");
        // Block (2, 3) returns an array of the wrong shape: the writer rejects it.
        outputs.put("out", info.getBlockCount().x() == 2 && info.getBlockCount().y() == 3 ? a.subWindow(0, 0, 5, 5) : a);
      }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out), controls(style)));
      assertThat(style.toString(), e.workerKind(), is("main"));
      assertThat(e.getCause() instanceof ArrayShapeException, is(true));
      assertThat(new File(out).exists(), is(false));
    }
  }

  @Test
  void computeFailureAtBlockKInEveryWorkerStyle() {
    String in = TestRasters.rampFile(new File(tmp, "a.img"));
    for (ConcurrencyStyle style : styles().subList(1, 3)) {
      WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply((info, inputs, outputs) -> {
        if (info.getBlockCount().x() == 4 && info.getBlockCount().y() == 4) {
          throw new ArithmeticException("last block fails");
        }
        outputs.put("out", inputs.get("img"));
      }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out",
          new File(tmp, "c.img").getPath()), controls(style)));
      assertThat(e.workerKind(), is("compute"));
      assertThat(e.originalStackTrace(), containsString("last block fails"));
    }
  }

  @Test
  void slowComputeHitsTheWritersPopTimeoutNamingTheBuffer() {
    String in = TestRasters.rampFile(new File(tmp, "a.img"));
    ConcurrencyStyle style = ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(1)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).computeBufferPopTimeout(1).build();
    RiosTimeoutException e = assertThrows(RiosTimeoutException.class, () -> Applier.apply((info, inputs, outputs) -> {
      Thread.sleep(2500);
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out",
        new File(tmp, "t.img").getPath()), controls(style)));
    assertThat(e.timeoutName(), is("computeBufferPopTimeout"));
    assertThat(e.getMessage(), containsString("computeBufferPopTimeout=1"));
    // the worker that kept the writer waiting is named, with its block
    assertThat(e.getMessage(), containsString("compute worker 0 has been on block 0 (row 0, col 0) for "));
  }

  /**
   * A user function stuck on a block shows first as the reader that cannot hand over its next block: the
   * read worker's timeout now says which compute worker was in its user function, on which block, how long.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = ComputeWorkerKind.class, names = {"CW_THREADS", "CW_SUBPROC"})
  void aReadTimeoutNamesTheComputeWorkerStuckInItsUserFunction(ComputeWorkerKind kind) {
    String in = TestRasters.rampFile(new File(tmp, "a.img"));
    ConcurrencyStyle style = ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(1)
        .computeWorkerKind(kind).readBufferInsertTimeout(kind == ComputeWorkerKind.CW_THREADS ? 3 : 20)
        .computeBufferPopTimeout(120).build(); // the reader's timeout comes first, whatever the worker's start
    WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply((info, inputs, outputs) -> {
      if (info.getBlockCount().x() == 1 && info.getBlockCount().y() == 0) {
        Thread.sleep(30_000); // stuck (but it hears the interrupt when the run stops)
      }
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out",
        new File(tmp, "stuck.img").getPath()), controls(style)));
    assertThat(e.workerKind(), is("read"));
    assertThat(e.getMessage(), containsString("readBufferInsertTimeout="));
    assertThat(e.getMessage(), containsString("compute worker 0 has been on block 1 (row 0, col 100) for "));
  }

  private static volatile boolean release;

  /**
   * A compute thread spinning in a user function that ignores interrupts held the run's failure back for
   * ever (close() joined it without a limit, and the recorded failure was never thrown). The failure now
   * comes after the stop grace period, naming the thread left running.
   */
  @Test
  void aComputeThreadThatIgnoresInterruptsDoesNotHoldTheFailureBack() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "a.img"));
    String out = new File(tmp, "spin.img").getPath();
    release = false;
    long t0 = System.nanoTime();
    try {
      WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply((info, inputs, outputs) -> {
        if (info.getBlockCount().x() == 0 && info.getBlockCount().y() == 0) {
          long end = System.nanoTime() + 60_000_000_000L;
          while (!release && System.nanoTime() < end) {
            Thread.onSpinWait(); // deaf to interrupts
          }
        }
        if (info.getBlockCount().x() == 2 && info.getBlockCount().y() == 0) {
          throw new ArithmeticException("boom beside a spinning worker");
        }
        outputs.put("out", inputs.get("img"));
      }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
          controls(styles().get(1))));
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(e.originalStackTrace(), containsString("boom beside a spinning worker"));
      assertThat("took " + seconds + " s", seconds < 40, is(true));
      String suppressed = java.util.Arrays.toString(e.getSuppressed());
      assertThat(suppressed, containsString("did not stop within 10 s"));
      assertThat(suppressed, containsString("rios-compute-"));
      assertThat(new File(out).exists(), is(false));
    } finally {
      release = true;
      for (int i = 0; i < 200 && Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().startsWith("rios-compute-") && t.isAlive()); i++) {
        Thread.sleep(50);
      }
    }
  }

  /**
   * A user function that leaves its thread's interrupt flag set: the sequential style never notices, a
   * compute thread used to end silently (the run then failing as a read timeout that named no compute
   * worker), and with read workers only the next wait for a block failed as "Interrupted"; so did a worker
   * process reading its own blocks with read threads.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"readers", "threads", "subproc"})
  void anInterruptTheUserFunctionLeavesSetIsCleared(String kind) {
    String in = TestRasters.rampFile(new File(tmp, "a.img"));
    String out = new File(tmp, "int.img").getPath();
    ConcurrencyStyle style = switch (kind) {
      case "threads" -> ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
          .computeWorkerKind(ComputeWorkerKind.CW_THREADS).readBufferInsertTimeout(5).build();
      case "subproc" -> ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(1)
          .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).computeWorkersRead(true).build();
      default -> ConcurrencyStyle.builder().numReadWorkers(2).build(); // the function here, blocks read by others
    };
    Applier.apply((info, inputs, outputs) -> {
      if (info.getBlockCount().x() == 1 && info.getBlockCount().y() == 1) {
        Thread.currentThread().interrupt();
      }
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out), controls(style));
    RasterArray got = TestRasters.read(out);
    RasterArray want = TestRasters.read(in);
    assertThat(got.rows() == want.rows() && got.cols() == want.cols(), is(true));
    for (int r = 0; r < want.rows(); r++) {
      for (int c = 0; c < want.cols(); c++) {
        assertThat(got.getDouble(0, r, c), is(want.getDouble(0, r, c)));
      }
    }
  }

  /**
   * An exception whose getMessage throws: its class is named, the block too, instead of the second failure;
   * with compute threads the failure was not even recorded (its stack trace could not be printed), and the
   * run ended 20 s later as a buffer timeout.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void anExceptionWhoseMessageThrowsIsStillNamedWithItsBlock(boolean threads) {
    String in = TestRasters.rampFile(new File(tmp, "a.img"));
    long t0 = System.nanoTime();
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> Applier.apply((info, inputs, outputs) -> {
          throw new IllegalStateException() {
            @Override
            public String getMessage() {
              throw new UnsupportedOperationException("no message");
            }
          };
        }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out",
            new File(tmp, "m.img").getPath()), controls(threads ? styles().get(1) : ConcurrencyStyle.none())));
    Throwable userFailure = threads ? e.getCause() : e;
    assertThat(String.valueOf(e.getClass()), userFailure instanceof org.rios.errors.UserFunctionException, is(true));
    assertThat(userFailure.getMessage(), containsString("failed on block "));
    assertThat(userFailure.getMessage(),
        containsString("its message could not be read: java.lang.UnsupportedOperationException"));
    assertThat((System.nanoTime() - t0) / 1e9 < 10, is(true));
  }
}
