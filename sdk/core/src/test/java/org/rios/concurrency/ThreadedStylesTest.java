package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.UserFunctionException;
import org.rios.errors.WorkerException;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestFunctions;
import org.rios.testutil.TestRasters;

/**
 * testavgthreads / testapplyreturn for the native styles: read workers alone, and read workers with compute
 * threads, give pixel-identical outputs and statistics to the sequential run; otherArgs copies come back.
 */
class ThreadedStylesTest {
  @TempDir File tmp;

  ApplierControls controls(ConcurrencyStyle style) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100)
        .setConcurrencyStyle(style);
  }

  static ConcurrencyStyle threads(int read, int compute) {
    return ConcurrencyStyle.builder().numReadWorkers(read).numComputeWorkers(compute)
        .computeWorkerKind(compute > 0 ? ComputeWorkerKind.CW_THREADS : ComputeWorkerKind.CW_NONE).build();
  }

  String avg(String name, ConcurrencyStyle style, String a, String b) {
    String out = new File(tmp, name).getPath();
    Applier.apply(TestFunctions.AVG, new FilenameAssociations().put("imgs", List.of(a, b)),
        new FilenameAssociations().put("avg", out),
        controls(style));
    return out;
  }

  @Test
  void everyNativeStyleMatchesSequentialPixelsAndStatistics() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String b = TestRasters.rampFile(new File(tmp, "b.img"), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        500, 500);
    String seq = avg("seq.img", ConcurrencyStyle.none(), a, b);
    RasterArray expected = TestRasters.read(seq);
    int cpus = Runtime.getRuntime().availableProcessors();
    for (ConcurrencyStyle style : List.of(threads(1, 0), threads(2, 0), threads(1, Math.min(2, cpus)))) {
      String out = avg("out" + style.numReadWorkers() + style.numComputeWorkers() + ".img", style, a, b);
      assertThat(style.toString(), TestRasters.read(out).contentEquals(expected), is(true));
      for (String key : List.of("STATISTICS_MEAN", "STATISTICS_STDDEV", "STATISTICS_HISTOBINVALUES",
          "STATISTICS_MEDIAN")) {
        assertThat(key, TestRasters.bandMetadata(out, 1, key), is(TestRasters.bandMetadata(seq, 1, key)));
      }
    }
  }

  /**
   * A run without inputs (its grid from the controls) gives every style the sequential run's output: read
   * workers queued nothing for it, so no block ever came (a timeout, or with auto(), which sets none, a hang).
   */
  @Test
  void aRunWithoutInputsWorksWithReadWorkersAndComputeWorkers() {
    org.gdal.osr.SpatialReference sr = new org.gdal.osr.SpatialReference();
    org.rios.gdal.GdalRuntime.ensureLoaded();
    sr.ImportFromEPSG(TestRasters.STD_EPSG);
    org.rios.grid.PixelGrid grid = new org.rios.grid.PixelGrid(sr.ExportToWkt(),
        new double[] {300000, 10, 0, 6000000, 0, -10}, 300, 300);
    org.rios.applier.UserFunction rowCol = (info, inputs, outputs) -> {
      RasterArray o = RasterArray.create(DataType.INT32, 1, info.getBlockSize().y(), info.getBlockSize().x());
      o.fill(info.getBlockCount().y() * 10 + info.getBlockCount().x());
      outputs.put("out", o);
    };
    RasterArray expected = null;
    int cpus = Runtime.getRuntime().availableProcessors();
    ConcurrencyStyle subprocReading = ConcurrencyStyle.builder().numComputeWorkers(1)
        .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).computeWorkersRead(true).numReadWorkers(1).build();
    for (ConcurrencyStyle style : List.of(ConcurrencyStyle.none(), threads(1, 0), threads(1, Math.min(2, cpus)),
        subprocReading, ConcurrencyStyle.auto())) {
      String out = new File(tmp, "noinput-" + System.nanoTime() + ".img").getPath();
      Applier.apply(rowCol, new FilenameAssociations(), new FilenameAssociations().put("out", out),
          controls(style).setReferencePixgrid(grid).setFootprintType(org.rios.applier.Footprint.BOUNDS_FROM_REFERENCE));
      RasterArray got = TestRasters.read(out);
      if (expected == null) {
        expected = got;
        assertThat(got.getLong(0, 299, 299), is(22L));
      }
      assertThat(style.toString(), got.contentEquals(expected), is(true));
    }
  }

  @Test
  void computeThreadsEachGetACopyOfOtherArgsAndAllComeBack() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    RasterArray img = TestRasters.read(a);
    double total = 0;
    for (int i = 0; i < img.size(); i++) {
      total += img.getDoubleAt(i);
    }
    OtherInputs acc = new OtherInputs().put("sum", 0.0).put("count", 0L);
    ApplierReturn<OtherInputs> rtn = Applier.apply(TestFunctions.SUM_COUNT,
        new FilenameAssociations().put("img", a), new FilenameAssociations(), acc,
        controls(threads(1, Math.min(2, Runtime.getRuntime().availableProcessors()))));
    double sum = rtn.otherArgsList().stream().mapToDouble(o -> o.getDouble("sum")).sum();
    long count = rtn.otherArgsList().stream().mapToLong(o -> o.getLong("count")).sum();
    assertThat(count, is(250000L));
    assertThat(sum / count, is(total / 250000));
    assertThat(acc.getDouble("sum"), is(0.0)); // the caller's object is not the workers'
    assertThat(rtn.timings().getDurationsForName("pop_computebuffer").size(), greaterThan(0));
  }

  @Test
  void failureInAComputeThreadStopsTheRunWithAWorkerException() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String out = new File(tmp, "fail.img").getPath();
    long t0 = System.nanoTime();
    WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply((info, inputs, outputs) -> {
      if (info.getBlockCount().x() == 2 && info.getBlockCount().y() == 1) {
        throw new IllegalStateException("boom at block (2,1)");
      }
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", out),
        controls(threads(1, Math.min(2, Runtime.getRuntime().availableProcessors())))));
    assertThat(e.workerKind(), is("compute"));
    assertThat(e.originalStackTrace(), containsString("boom at block (2,1)"));
    assertThat(e.getCause() instanceof UserFunctionException, is(true));
    assertThat(new File(out).exists(), is(false));
    assertThat((System.nanoTime() - t0) / 1e9 < 5, is(true)); // not after a 10-20 s buffer timeout
    assertThat(org.rios.testutil.RunThreads.alive(), is(java.util.List.of()));
  }

  /**
   * A buffer kept between calls and put for every block: compute threads hand blocks on after the function
   * returns, so the pending blocks would be written with the last one's values. Refused; sequential, which
   * writes each block at once, still takes it.
   */
  @Test
  void computeThreadsRefuseAnArrayPutForTwoBlocks() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs 2 CPUs");
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    RasterArray[] buf = new RasterArray[1];
    org.rios.applier.UserFunction reuse = (info, i, o) -> {
      RasterArray x = i.get("img");
      synchronized (buf) {
        if (buf[0] == null || buf[0].rows() != x.rows() || buf[0].cols() != x.cols()) {
          buf[0] = RasterArray.create(DataType.UINT16, 1, x.rows(), x.cols());
        }
        o.put("out", buf[0]);
      }
    };
    RuntimeException e = assertThrows(RuntimeException.class, () -> Applier.apply(reuse,
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", new File(tmp, "t.img").getPath()),
        controls(threads(1, 2))));
    StringBuilder said = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      said.append(t.getMessage()).append('\n');
    }
    assertThat(said.toString(), containsString("the same array for output 'out'"));
    assertThat(new File(tmp, "t.img").exists(), is(false));
    buf[0] = null;
    Applier.apply(reuse, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "s.img").getPath()), controls(ConcurrencyStyle.none()));
    assertThat(new File(tmp, "s.img").exists(), is(true));
  }
}
