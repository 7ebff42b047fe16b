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
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.internal.channel.SubprocWorkerMain;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.WorkerException;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestFunctions;
import org.rios.testutil.TestRasters;

/** testavgsubproc / testapplyreturn for CW_SUBPROC, and failures of worker processes. */
class SubprocWorkersTest {
  @TempDir File tmp;

  ApplierControls controls(ConcurrencyStyle style) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100)
        .setConcurrencyStyle(style);
  }

  static ConcurrencyStyle subproc(int read, int compute, Boolean workersRead, boolean sharedTemp) {
    return ConcurrencyStyle.builder().numReadWorkers(read).numComputeWorkers(compute)
        .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).computeWorkersRead(workersRead)
        .haveSharedTemp(sharedTemp).build();
  }

  String avg(String name, ConcurrencyStyle style, String a, String b) {
    String out = new File(tmp, name).getPath();
    Applier.apply(TestFunctions.AVG, new FilenameAssociations().put("imgs", List.of(a, b)),
        new FilenameAssociations().put("avg", out),
        controls(style));
    return out;
  }

  @Test
  void subprocessWorkersMatchSequentialInEveryReadingMode() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String b = TestRasters.rampFile(new File(tmp, "b.img"), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
        500, 500);
    String seq = avg("seq.img", ConcurrencyStyle.none(), a, b);
    RasterArray expected = TestRasters.read(seq);
    int k = 0;
    for (ConcurrencyStyle style : List.of(subproc(1, 2, null, true), subproc(1, 2, false, false),
        subproc(0, 2, true, true), subproc(1, 2, true, false))) {
      String out = avg("sub" + (k++) + ".img", style, a, b);
      assertThat(style.toString(), TestRasters.read(out).contentEquals(expected), is(true));
      for (String key : List.of("STATISTICS_MEAN", "STATISTICS_STDDEV", "STATISTICS_HISTOBINVALUES",
          "STATISTICS_MODE")) {
        assertThat(key, TestRasters.bandMetadata(out, 1, key), is(TestRasters.bandMetadata(seq, 1, key)));
      }
    }
  }

  @Test
  void workersGetTheRunsHeapLimitNativesAndTempDirButNotItsAgents() {
    // without -Xmx, each worker took a quarter of the RAM, and a user function out of memory showed as a
    // buffer timeout; a debugger's or JMX agent's port would clash between the JVMs
    List<String> own = List.of("-Xmx512m", "-Xms64m", "-XX:MaxRAMPercentage=50.0",
        "-Djava.library.path=/opt/gdal/lib", "-Djava.io.tmpdir=/scratch", "-agentlib:jdwp=transport=dt_socket,address=5005",
        "-Dcom.sun.management.jmxremote.port=9010", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8");
    assertThat(org.rios.concurrency.internal.workers.WorkerJvmOptions.forwarded(own), is(List.of("-Xmx512m",
        "-Xms64m", "-XX:MaxRAMPercentage=50.0", "-Djava.library.path=/opt/gdal/lib", "-Djava.io.tmpdir=/scratch")));
  }

  /** The sum and count of {@code file}'s pixels, one otherArgs copy per worker. */
  private static ApplierReturn<OtherInputs> sumAndCount(String file, ApplierControls controls) {
    return Applier.apply(TestFunctions.SUM_COUNT, new FilenameAssociations().put("img", file),
        new FilenameAssociations(), new OtherInputs().put("sum", 0.0).put("count", 0L), controls);
  }

  private static double sumOfPixels(String file) {
    RasterArray img = TestRasters.read(file);
    double total = 0;
    for (int i = 0; i < img.size(); i++) {
      total += img.getDoubleAt(i);
    }
    return total;
  }

  @Test
  void workersBeyondTheNumberOfBlocksAreNotStartedButStillReturnTheirCopies() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    double total = sumOfPixels(a);
    // one 500 x 500 block, three workers asked for: two would only start a JVM to hand back their copy
    ApplierReturn<OtherInputs> rtn = sumAndCount(a, controls(subproc(1, 3, null, true)).setWindowSize(500, 500));
    assertThat(rtn.otherArgsList().size(), is(3));
    assertThat(rtn.otherArgsList().stream().mapToDouble(o -> o.getDouble("sum")).sum(), is(total));
    assertThat(rtn.otherArgsList().stream().filter(o -> o.getLong("count") == 0L).count(), is(2L));
    assertThat(rtn.timings().spans().stream().anyMatch(sp -> sp.thread().startsWith("worker 0/")), is(true));
    assertThat(rtn.timings().spans().stream().anyMatch(sp -> sp.thread().startsWith("worker 1/")), is(false));
    assertThat(rtn.timings().notes().toString(), containsString("1 of the 3 compute workers started"));
  }

  /**
   * The library's own workers run SubprocWorkerMain (no picocli set-up), given the address in a file whatever
   * haveSharedTemp says: on their command line the secret token would show in every local user's ps.
   */
  @Test
  void workersRunTheLibrarysOwnEntryPointWithTheAddressInAFile() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ProcessHandle.current().info().arguments().isPresent(),
        "this platform does not tell a process its arguments");
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    UserFunctionWithArgs<OtherInputs> commandLine = (info, inputs, outputs, o) -> o.put("cmd",
        String.join(" ", ProcessHandle.current().info().arguments().orElse(new String[] {"(not told)"})));
    for (boolean sharedTemp : new boolean[] {true, false}) {
      ApplierReturn<OtherInputs> rtn = Applier.apply(commandLine, new FilenameAssociations().put("img", a),
          new FilenameAssociations(), new OtherInputs().put("cmd", ""), controls(subproc(1, 2, null, sharedTemp)));
      assertThat(rtn.otherArgsList().size(), is(2));
      for (int id = 0; id < 2; id++) {
        String cmd = rtn.otherArgsList().get(id).get("cmd");
        assertThat(cmd, containsString(SubprocWorkerMain.class.getName() + " " + id + " --channaddrfile "));
        assertThat(cmd, org.hamcrest.Matchers.not(containsString(" --channaddr ")));
        assertThat(cmd, org.hamcrest.Matchers.not(containsString("ComputeWorkerMain")));
      }
    }
  }

  @Test
  void otherArgsCopiesComeBackFromEveryWorkerProcess() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    double total = sumOfPixels(a);
    ApplierReturn<OtherInputs> rtn = sumAndCount(a, controls(subproc(1, 2, null, true)));
    assertThat(rtn.otherArgsList().size(), is(2));
    double sum = rtn.otherArgsList().stream().mapToDouble(o -> o.getDouble("sum")).sum();
    long count = rtn.otherArgsList().stream().mapToLong(o -> o.getLong("count")).sum();
    assertThat(sum / count, is(total / 250000));
    // Worker timers are merged into the report.
    assertThat(rtn.timings().getDurationsForName("userfunction").size(), is(25));
    assertThat(rtn.timings().getDurationsForName("startcomputeworkers").size(), is(1));
    assertThat(rtn.timings().formatReport(), containsString("startcomputeworkers"));
  }

  @Test
  void exceptionInAWorkerProcessReachesTheCallerWithItsStackTrace() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String out = new File(tmp, "fail.img").getPath();
    WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply((info, inputs, outputs) -> {
      if (info.getBlockCount().x() == 3 && info.getBlockCount().y() == 2) {
        throw new IllegalArgumentException("remote boom");
      }
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", out),
        controls(subproc(1, 2, null, true))));
    assertThat(e.workerKind(), is("compute"));
    assertThat(e.originalStackTrace(), containsString("remote boom"));
    assertThat(new File(out).exists(), is(false));
    // the worker's own typed failure is the cause again, as from a compute thread
    assertThat(String.valueOf(e.getCause()), e.getCause() instanceof org.rios.errors.UserFunctionException, is(true));
    assertThat(e.getCause().getMessage(), containsString("remote boom"));
  }

  @Test
  void aKilledWorkerProcessIsDetectedAtOnce() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    long t0 = System.nanoTime();
    WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply((info, inputs, outputs) -> {
      if (info.getBlockCount().x() == 1 && info.getBlockCount().y() == 1) {
        Runtime.getRuntime().halt(137); // as if killed: no error report, no result
      }
      outputs.put("out", inputs.get("img"));
    }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("out",
        new File(tmp, "k.img").getPath()), controls(subproc(1, 2, null, true))));
    assertThat(e.getMessage(), containsString("exited with code 137"));
    assertThat((System.nanoTime() - t0) / 1e9 < 15, is(true));
    assertThat(e.workerId(), greaterThan(-1));
  }

  /** Workers that have not reached the start barrier in time are named in the timeout's message. */
  @Test
  void workersLateAtTheStartBarrierAreNamed() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    String out = new File(tmp, "late.img").getPath();
    ConcurrencyStyle style = ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
        .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).computeBarrierTimeout(0).build();
    org.rios.errors.RiosTimeoutException e = assertThrows(org.rios.errors.RiosTimeoutException.class,
        () -> Applier.apply((info, inputs, outputs) -> outputs.put("out", inputs.get("img")),
            new FilenameAssociations().put("img", a),
            new FilenameAssociations().put("out", out), controls(style)));
    assertThat(e.getMessage(), containsString("2 of the 2 compute workers did not start within 0 s "
        + "(computeBarrierTimeout): compute worker 0, compute worker 1"));
    assertThat(e.getMessage().contains("queue"), is(false));
    assertThat(new File(out).exists(), is(false));
  }

  /** otherArgs whose own writeObject fails: it was blamed on the worker channel ("Could not open ..."). */
  static final class FailsToSerialize implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
      throw new java.io.IOException("cannot write this on purpose");
    }
  }

  @Test
  void otherArgsThatFailToSerializeAreNamedNotTheChannel() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> Applier.apply((info, inputs, outputs, args) -> outputs.put("out", inputs.get("img")),
            new FilenameAssociations().put("img", a), new FilenameAssociations().put("out",
                new File(tmp, "s.img").getPath()), new FailsToSerialize(), controls(subproc(1, 2, null, true))));
    assertThat(e.getMessage(), containsString(FailsToSerialize.class.getName()));
    assertThat(e.getMessage(), containsString("could not be serialized for CW_SUBPROC workers"));
    assertThat(e.getMessage(), containsString("cannot write this on purpose"));
  }

  /**
   * otherArgs that the user function makes unserializable during the run (it adds an object that is not
   * Serializable): the worker's error says otherArgs, where it used to be a bare NotSerializableException.
   */
  @Test
  void otherArgsMadeUnserializableDuringTheRunAreNamed() {
    String a = TestRasters.rampFile(new File(tmp, "a.img"));
    WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply(
        (org.rios.applier.UserFunctionWithArgs<java.util.ArrayList<Object>>) (info, inputs, outputs, args) -> {
          args.add(new Object());
          outputs.put("out", inputs.get("img"));
        }, new FilenameAssociations().put("img", a), new FilenameAssociations().put("out",
            new File(tmp, "u.img").getPath()), new java.util.ArrayList<Object>(), controls(subproc(1, 2, null, true))));
    assertThat(e.getMessage(), containsString("otherArgs of compute worker"));
    assertThat(e.getMessage(), containsString("java.lang.Object"));
    assertThat(new File(tmp, "u.img").exists(), is(false));
  }
  /**
   * Worker processes that read their own blocks rasterize vectors into the run's own temp directory, which the
   * run removes however it ends: a worker killed in a slow function while another failed the run left its
   * rios_vecrast_* directory in the controls' temp directory (the workers were given that one).
   */
  @Test
  void aKilledWorkerLeavesNoRasterizedVector() throws Exception {
    String ramp = TestRasters.rampFile(new File(tmp, "ramp.img"));
    String square = TestRasters.vectorSquare(new File(tmp, "square.shp"), TestRasters.STD_EPSG, 0);
    File work = new File(tmp, "work");
    work.mkdir();
    UserFunctionWithArgs<OtherInputs> fn = (info, inputs, outputs, o) -> {
      if (info.getBlockCount().y() == 1) {
        Thread.sleep(3000);
        throw new IllegalStateException("the second row of blocks fails");
      }
      Thread.sleep(60_000); // the first row: a slow function, killed when the run ends
    };
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setTempdir(work.getPath())
        .setWindowSize(500, 250).setConcurrencyStyle(subproc(0, 2, true, true));
    assertThrows(RuntimeException.class, () -> Applier.apply(fn,
        new FilenameAssociations().put("ramp", ramp).put("vec", square), new FilenameAssociations(),
        new OtherInputs(), c));
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(work.toPath())) {
      assertThat(s.filter(p -> !p.equals(work.toPath())).map(p -> work.toPath().relativize(p).toString()).toList(),
          is(List.of()));
    }
  }
}
