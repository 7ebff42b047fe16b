package org.rios.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.beam.CollectToFile;
import org.rios.beam.FailedJob;
import org.rios.beam.RasterJob;
import org.rios.beam.RiosIO;
import org.rios.beam.WrittenRaster;
import org.rios.beam.RiosOptions;
import org.rios.beam.RiosWriteResult;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.UserFunctionException;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.SilentProgress;
import org.rios.runners.RunnerProfiles;

/**
 * The same applier cases natively (sequential), with CW_BEAM on the DirectRunner, on embedded Flink
 * ({@code [local]}) and on a real Flink session cluster (a JobManager and 2 TaskManagers, separate JVMs on
 * 127.0.0.1, started and stopped by runners-config's scripts): every output must be pixel-identical with the
 * same STATISTICS_* metadata and overviews. Then failures on the cluster: a user-function exception fails the
 * run with a clear message, and a TaskManager killed mid-job leads to a restart and a complete, identical
 * output. The cluster's logs stay in target/flink-cluster/log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkRunnersIT {
  @TempDir static File tmp;
  static FlinkSessionCluster cluster;
  static String multiband;
  static String dem;
  /** "case runner" -> seconds, printed at the end. */
  static final Map<String, Double> timings = new LinkedHashMap<>();

  enum Runner { NATIVE, DIRECT, FLINK_LOCAL, FLINK_CLUSTER }

  @BeforeAll
  static void setUp() throws Exception {
    GdalRuntime.ensureLoaded();
    // the 4-band image (30 blocks of 128 x 128), and a Float32 DEM with a null pixel
    multiband = ExamplesIT.syntheticMultiband(new File(tmp, "multi.tif"));
    RasterArray d = RasterArray.create(DataType.FLOAT32, 1, 300, 300);
    for (int r = 0; r < 300; r++) {
      for (int c = 0; c < 300; c++) {
        d.setDouble(0, r, c, 200 + Math.sin(r / 20.0) * 50 + c * 0.5);
      }
    }
    d.setDouble(0, 10, 10, -9999);
    dem = ExamplesIT.write(new File(tmp, "dem.tif"), d, 30, 32755, -9999.0);
    long t0 = System.nanoTime();
    cluster = FlinkSessionCluster.start(2);
    timings.put("cluster start (JM + 2 TMs)", (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (cluster != null) {
      long t0 = System.nanoTime();
      cluster.stop();
      timings.put("cluster stop", (System.nanoTime() - t0) / 1e9);
    }
    StringBuilder sb = new StringBuilder("\n== FlinkRunnersIT timings (s)\n");
    timings.forEach((k, v) -> sb.append(String.format("%-44s %7.2f%n", k, v)));
    System.out.println(sb);
  }

  static ConcurrencyStyle beam(int compute, int read, Boolean computeWorkersRead) {
    return ConcurrencyStyle.builder().computeWorkerKind(ComputeWorkerKind.CW_BEAM).numComputeWorkers(compute)
        .numReadWorkers(read).computeWorkersRead(computeWorkersRead).build();
  }

  /**
   * The session-cluster profile: the -cluster jar and this module's test classes (the user functions) staged;
   * 3 restarts 2 s apart, which this cluster's fast heartbeats (a lost TaskManager is noticed in 1-2 s) allow.
   */
  static List<String> clusterArgs() {
    return RunnerProfiles.flinkCluster(cluster.restAddress).filesToStage(FlinkSessionCluster.filesToStage())
        .retries(3, Duration.ofSeconds(2))
        // where Beam zips the staged test-classes directory (default: java.io.tmpdir, never cleaned)
        .arg("--tempLocation=" + cluster.workdir.resolve("staging"))
        .args();
  }

  static List<String> runnerArgs(Runner r) {
    switch (r) {
      case DIRECT:
        return RunnerProfiles.direct();
      case FLINK_LOCAL:
        return RunnerProfiles.flinkLocal();
      case FLINK_CLUSTER:
        return clusterArgs();
      default:
        return List.of();
    }
  }

  /** Controls for one runner: the base settings, then sequential (NATIVE) or {@code style} with its args. */
  static ApplierControls controls(Runner r, ApplierControls base, ConcurrencyStyle style) {
    // 128 x 128 windows (the tests' block count), so 128 x 128 TIFF tiles
    base.setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setOutputDriverName("GTiff")
        .setCreationOptions(List.of("TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128", "COMPRESS=DEFLATE"));
    if (r == Runner.NATIVE) {
      return base.setConcurrencyStyle(ConcurrencyStyle.none());
    }
    return base.setConcurrencyStyle(style).setBeamPipelineOptions(runnerArgs(r).toArray(new String[0]));
  }

  /**
   * Runs a case on every runner; {@code run} gets the runner and the output files (names -> paths in tmp);
   * asserts every runner's outputs are identical to the native ones; returns each runner's ApplierReturn.
   */
  static Map<Runner, ApplierReturn<?>> runEverywhere(String name, List<String> outputs,
      BiFunction<Runner, FilenameAssociations, ApplierReturn<?>> run) {
    Map<Runner, ApplierReturn<?>> rtns = new EnumMap<>(Runner.class);
    Map<Runner, FilenameAssociations> files = new EnumMap<>(Runner.class);
    for (Runner r : Runner.values()) {
      FilenameAssociations out = new FilenameAssociations();
      for (String o : outputs) {
        out.put(o, new File(tmp, name + "-" + r.name().toLowerCase() + "-" + o + ".tif").getPath());
      }
      files.put(r, out);
      long t0 = System.nanoTime();
      rtns.put(r, run.apply(r, out));
      timings.put(name + " " + r, (System.nanoTime() - t0) / 1e9);
    }
    for (Runner r : Runner.values()) {
      for (String o : outputs) {
        String expected = new File(tmp, name + "-native-" + o + ".tif").getPath();
        String actual = new File(tmp, name + "-" + r.name().toLowerCase() + "-" + o + ".tif").getPath();
        assertThat(name + " output " + o + " on " + r + " vs native", RasterCompare.differences(expected, actual),
            is(empty()));
      }
    }
    // the identical statistics are really there
    String first = new File(tmp, name + "-native-" + outputs.get(0) + ".tif").getPath();
    assertThat(RasterCompare.statistics(first, 1).keySet(), hasItem("STATISTICS_MEAN"));
    assertThat(RasterCompare.statistics(first, 1).keySet(), hasItem("STATISTICS_HISTOBINVALUES"));
    return rtns;
  }

  // ---------------------------------------------------------------------------------------------------------

  /** Squares a number. */
  static final class Square extends DoFn<Integer, Long> {
    @ProcessElement
    public void process(@Element Integer x, OutputReceiver<Long> out) {
      out.output((long) x * x);
    }
  }

  /** Writes the sum and the command line of the JVM it runs in to a file. */
  static final class WriteResult extends DoFn<Long, Void> {
    private final String path;

    WriteResult(String path) {
      this.path = path;
    }

    @ProcessElement
    public void process(@Element Long sum) throws IOException {
      Files.writeString(Path.of(path), "sum=" + sum + "\ncommand=" + System.getProperty("sun.java.command") + "\n",
          StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(1)
  void trivialBeamPipelineRunsOnTheClustersTaskManagers() throws Exception {
    File result = new File(tmp, "smoke.txt");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(clusterArgs().toArray(new String[0])).create());
    p.apply("Numbers", Create.of(IntStream.rangeClosed(1, 1000).boxed().collect(Collectors.toList())))
        .apply("Square", ParDo.of(new Square()))
        .apply("Sum", Sum.longsGlobally())
        .apply("Write", ParDo.of(new WriteResult(result.getPath())));
    long t0 = System.nanoTime();
    PipelineResult.State state = p.run().waitUntilFinish();
    timings.put("smoke Beam pipeline FLINK_CLUSTER", (System.nanoTime() - t0) / 1e9);
    assertThat(state, is(PipelineResult.State.DONE));
    String text = Files.readString(result.toPath());
    assertThat(text, containsString("sum=333833500"));
    // it ran in a TaskManager JVM of this cluster, not in this JVM
    assertThat(text, containsString("TaskManagerRunner --configDir " + cluster.workdir.resolve("conf")));
    assertThat(cluster.get("/jobs/overview"), containsString("\"state\":\"FINISHED\""));
  }

  @Test
  @Order(2)
  void ndviIsIdenticalOnEveryRunner() {
    runEverywhere("ndvi", List.of("ndvi"), (r, out) -> Applier.apply(new BeamCases.Ndvi(),
        new FilenameAssociations().put("image", multiband), out,
        controls(r, new ApplierControls().setWindowSize(128, 128).setStatsIgnore(-9.0)
            .selectInputImageLayers(List.of(3, 4), "image"), beam(2, 0, null))));
  }

  @Test
  @Order(3)
  void focalFilterWithOverlapAndASeparateReadStepIsIdenticalOnEveryRunner() {
    runEverywhere("focal", List.of("smooth"), (r, out) -> Applier.apply(new BeamCases.FocalMean(2),
        new FilenameAssociations().put("dem", dem), out,
        controls(r, new ApplierControls().setWindowSize(128, 128).setOverlap(2).setStatsIgnore(-9999.0),
            beam(2, 1, false))));
  }

  @Test
  @Order(4)
  void thematicAndMultiBandOutputsAndOtherArgsAreIdenticalOnEveryRunner() {
    Map<Runner, ApplierReturn<?>> rtns = runEverywhere("classes", List.of("classes", "scaled"),
        (r, out) -> Applier.apply(new BeamCases.ClassesAndSum(), new FilenameAssociations().put("image", multiband),
            out, new OtherInputs().put("sum", 0.0).put("count", 0L),
            controls(r, new ApplierControls().setWindowSize(128, 128).setThematic(true, "classes"),
                beam(2, 0, null))));
    Map<String, String> thematic = RasterCompare.statistics(
        new File(tmp, "classes-flink_cluster-classes.tif").getPath(), 1);
    assertThat(thematic.get("LAYER_TYPE"), is("thematic"));
    for (Runner r : Runner.values()) {
      double sum = 0;
      long count = 0;
      for (Object o : rtns.get(r).otherArgsList()) {
        sum += ((OtherInputs) o).getDouble("sum");
        count += ((OtherInputs) o).getLong("count");
      }
      assertThat(r + " otherArgs count", count, is(700L * 600));
      OtherInputs nat = (OtherInputs) rtns.get(Runner.NATIVE).otherArgsList().get(0);
      assertThat(r + " otherArgs sum", sum, is(nat.getDouble("sum")));
    }
  }

  @Test
  @Order(5)
  void userFunctionExceptionFailsTheRunWithAClearMessage() {
    for (Runner r : List.of(Runner.FLINK_LOCAL, Runner.FLINK_CLUSTER)) {
      String out = new File(tmp, "fail-" + r + ".tif").getPath();
      long t0 = System.nanoTime();
      RuntimeException e = assertThrows(RuntimeException.class, () -> Applier.apply(new BeamCases.FailOnBlock(2, 1),
          new FilenameAssociations().put("image", multiband), new FilenameAssociations().put("copy", out),
          controls(r, new ApplierControls().setWindowSize(128, 128), beam(2, 0, null))));
      timings.put("failing user function " + r, (System.nanoTime() - t0) / 1e9);
      assertThat(r + ": " + e, e, instanceOf(UserFunctionException.class));
      assertThat(e.getMessage(), containsString("deliberate failure in block (2,1)"));
      assertThat(e.getMessage(), containsString("User function failed on block"));
      assertThat(r + ": no partial output", new File(out).exists(), is(false));
    }
  }

  /**
   * A pipeline author's own step, in a branch beside RiosIO, that fails once RiosIO's writers have partial
   * files open in {@code dir} (or after 60 s).
   */
  static final class FailWhileWriting extends DoFn<Integer, Integer> {
    private final String dir;

    FailWhileWriting(String dir) {
      this.dir = dir;
    }

    @ProcessElement
    public void process(@Element Integer i) throws InterruptedException {
      long end = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < end && partials(new File(dir)).isEmpty()) {
        Thread.sleep(20);
      }
      throw new IllegalStateException("author's step fails while RIOS writes (" + partials(new File(dir)) + ")");
    }
  }

  static List<String> partials(File dir) {
    String[] names = dir.list((d, n) -> n.contains(".rios-partial."));
    return names == null ? List.of() : List.of(names);
  }

  @Test
  @Order(6)
  void pipelineAuthorsOwnStepFailingOnEmbeddedFlinkLeavesNoPartialOutput() throws Exception {
    File dir = new File(tmp, "author-fail");
    dir.mkdirs();
    List<RasterJob> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(RasterJob.of("copy" + i, new FilenameAssociations().put("image", multiband),
          new FilenameAssociations().put("copy", new File(dir, "copy" + i + ".tif").getPath()))
          .withControls(controls(Runner.NATIVE, new ApplierControls().setWindowSize(128, 128), null)));
    }
    List<String> args = new ArrayList<>(RunnerProfiles.flinkLocal());
    args.add("--numComputeWorkers=2");
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
    p.apply("Jobs", Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new BeamCases.ByInput()));
    p.apply("Other", Create.of(1)).apply("AuthorsStep", ParDo.of(new FailWhileWriting(dir.getPath())));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString(), containsString("author's step fails while RIOS writes ([copy"));
    // the writers are torn down with the failed job: partial files deleted; a final path holds either
    // nothing or an output its writer completed before the failure, identical to Applier.apply of its job
    long end = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < end && !partials(dir).isEmpty()) {
      Thread.sleep(100);
    }
    assertThat(partials(dir), empty());
    for (RasterJob job : jobs) {
      String path = job.outfiles().get("copy");
      if (new File(path).exists()) {
        String ref = new File(tmp, "author-fail-" + job.id() + "-ref.tif").getPath();
        Applier.apply(new BeamCases.ByInput(), job.infiles(), new FilenameAssociations().put("copy", ref),
            job.controls());
        assertThat(job.id() + " completed before the failure", RasterCompare.differences(ref, path), is(empty()));
      }
    }
    assertThat(List.of(dir.list()).stream().filter(n -> !n.matches("copy[0-2]\\.tif(\\.aux\\.xml)?")).toList(),
        empty());
  }

  @Test
  @Order(11)
  void taskManagerKilledMidJobRestartsAndCompletesIdentically() throws Exception {
    // reference: the same function natively, without the sleep
    String expected = new File(tmp, "slow-native.tif").getPath();
    Applier.apply(new BeamCases.SlowCopy(0, null), new FilenameAssociations().put("image", multiband),
        new FilenameAssociations().put("copy", expected),
        controls(Runner.NATIVE, new ApplierControls().setWindowSize(128, 128), null));

    Path markerDir = Files.createDirectories(tmp.toPath().resolve("markers"));
    // the killer: once 8 of the 30 blocks have started, SIGKILL a TaskManager that is computing blocks
    TaskManagerKiller killer = new TaskManagerKiller(cluster, markerDir, 8);

    String actual = new File(tmp, "slow-cluster.tif").getPath();
    Set<String> jobsBefore = jobIds();
    killer.start();
    long t0 = System.nanoTime();
    ApplierReturn<Void> rtn = Applier.apply(new BeamCases.SlowCopy(250, markerDir.toString()),
        new FilenameAssociations().put("image", multiband), new FilenameAssociations().put("copy", actual),
        controls(Runner.FLINK_CLUSTER, new ApplierControls().setWindowSize(128, 128).setJobName("rios-tm-kill"),
            beam(2, 0, null)));
    timings.put("slow copy with a TaskManager killed, FLINK_CLUSTER", (System.nanoTime() - t0) / 1e9);
    long killedPid = killer.awaitKilled();
    long killedAt = killer.killedAt();
    assertThat("a TaskManager was killed", killedPid, greaterThan(0L));
    assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false), is(false));

    // blocks were computed on the killed TaskManager before the kill, and each of them again after it, by a
    // surviving JVM (System.nanoTime is CLOCK_MONOTONIC on Linux: comparable across processes)
    List<TaskManagerKiller.Marker> all = TaskManagerKiller.markers(markerDir);
    Set<String> onKilled = all.stream().filter(m -> m.pid() == killedPid && m.nanos() < killedAt)
        .map(TaskManagerKiller.Marker::block).collect(Collectors.toSet());
    List<TaskManagerKiller.Marker> after = all.stream().filter(m -> m.nanos() > killedAt).toList();
    Set<String> recomputed = after.stream().map(TaskManagerKiller.Marker::block).collect(Collectors.toSet());
    System.out.printf("killed TaskManager pid %d after %d block starts; it had started %d blocks; %d block starts "
        + "after the kill, covering %d blocks%n", killedPid, all.size() - after.size(), onKilled.size(),
        after.size(), recomputed.size());
    assertThat(onKilled, not(empty()));
    for (String b : onKilled) {
      assertThat("block " + b + " of the killed TaskManager recomputed after the kill", recomputed, hasItem(b));
    }
    assertThat(after.stream().map(TaskManagerKiller.Marker::pid).collect(Collectors.toSet()), not(hasItem(killedPid)));

    // complete and identical (the sink itself fails on a missing or doubled block)
    assertThat(RasterCompare.differences(expected, actual), is(empty()));
    assertThat(rtn.timings().summary().get("userfunction").n(), greaterThanOrEqualTo(30));

    // Flink's view: the job finished after at least one failure
    Set<String> jobs = new HashSet<>(jobIds());
    jobs.removeAll(jobsBefore);
    assertThat("one new job: " + jobs, jobs.size(), is(1));
    String jid = jobs.iterator().next();
    assertThat(cluster.get("/jobs/" + jid), containsString("\"state\":\"FINISHED\""));
    String exceptions = cluster.get("/jobs/" + jid + "/exceptions");
    System.out.println("exception history of the killed-TaskManager job: "
        + exceptions.substring(0, Math.min(600, exceptions.length())));
    assertThat(exceptions, containsString("\"exceptionHistory\":{\"entries\":[{"));
  }

  // ---- RiosIO: collections of raster jobs --------------------------------------------------------------

  /**
   * Six jobs for one ByInput function: NDVI + copy of the Landsat 7 sample and of the synthetic image at two
   * window sizes, focal means of the DEM with three overlaps.
   */
  static List<RasterJob> riosIoJobs(String runner) throws IOException, InterruptedException {
    List<RasterJob> jobs = new ArrayList<>();
    String landsat = ExamplesIT.sampleData().resolve("stars/tif/L7_ETMs.tif").toString();
    jobs.add(RasterJob.of("landsat", new FilenameAssociations().put("image", landsat), new FilenameAssociations()
        .put("ndvi", out("landsat", runner, "ndvi")).put("copy", out("landsat", runner, "copy")))
        .withControls(controls(Runner.NATIVE, new ApplierControls().setWindowSize(128, 128).setStatsIgnore(-9.0)
            .setOverviewMinDim(32).selectInputImageLayers(List.of(3, 4), "image"), null)));
    for (int window : new int[] {128, 256}) {
      String id = "ndvi" + window;
      ApplierControls c = controls(Runner.NATIVE, new ApplierControls().setWindowSize(window, window)
          .setStatsIgnore(-9.0).selectInputImageLayers(List.of(3, 4), "image"), null)
          .setCreationOptions(List.of("TILED=YES", "BLOCKXSIZE=" + window, "BLOCKYSIZE=" + window, "COMPRESS=DEFLATE"));
      jobs.add(RasterJob.of(id, new FilenameAssociations().put("image", multiband), new FilenameAssociations()
          .put("ndvi", out(id, runner, "ndvi")).put("copy", out(id, runner, "copy"))).withControls(c));
    }
    for (int overlap : new int[] {1, 2, 3}) {
      String id = "focal" + overlap;
      ApplierControls c = controls(Runner.NATIVE, new ApplierControls().setWindowSize(128, 128).setOverlap(overlap)
          .setStatsIgnore(-9999.0), null);
      jobs.add(RasterJob.of(id, new FilenameAssociations().put("dem", dem),
          new FilenameAssociations().put("smooth", out(id, runner, "smooth"))).withControls(c));
    }
    return jobs;
  }

  static String out(String job, String runner, String name) {
    return new File(tmp, "riosio-" + job + "-" + runner + "-" + name + ".tif").getPath();
  }

  /** Runs the jobs with RiosIO on {@code args}; returns the WrittenRaster records. */
  static List<WrittenRaster> runRiosIo(List<RasterJob> jobs, List<String> args, String name) throws IOException {
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
    Path records = tmp.toPath().resolve("riosio-" + name + ".bin");
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new BeamCases.ByInput()))
        .writtenRasters().apply(CollectToFile.to(records));
    long t0 = System.nanoTime();
    p.run().waitUntilFinish();
    timings.put("RiosIO 5 jobs " + name, (System.nanoTime() - t0) / 1e9);
    return CollectToFile.read(records, SerializableCoder.of(WrittenRaster.class));
  }

  /** Every output of every job equals Applier.apply of the job; one correct record per output. */
  static void assertLikeApplierApply(List<RasterJob> jobs, List<WrittenRaster> written) throws IOException {
    int outputs = 0;
    for (RasterJob job : jobs) {
      FilenameAssociations ref = new FilenameAssociations();
      for (String o : job.outfiles().names()) {
        ref.put(o, job.outfiles().get(o).replace(".tif", "-ref.tif"));
      }
      Applier.apply(new BeamCases.ByInput(), job.infiles(), ref, job.controls());
      for (String o : job.outfiles().names()) {
        outputs++;
        String path = job.outfiles().get(o);
        assertThat(job.id() + "/" + o, RasterCompare.differences(ref.get(o), path), is(empty()));
        List<WrittenRaster> rec = written.stream().filter(w -> w.jobId().equals(job.id()) && w.name().equals(o))
            .collect(Collectors.toList());
        assertThat(job.id() + "/" + o + " records", rec.size(), is(1));
        WrittenRaster w = rec.get(0);
        assertThat(w.path(), is(path));
        assertThat(w.sizeBytes(), is(Files.size(Path.of(path))));
        Map<String, String> stats = RasterCompare.statistics(path, 1);
        assertThat(w.bandStats().get(0).mean(), is(Double.parseDouble(stats.get("STATISTICS_MEAN"))));
        assertThat(w.bandStats().get(0).max(), is(Double.parseDouble(stats.get("STATISTICS_MAXIMUM"))));
      }
    }
    assertThat(written.size(), is(outputs));
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains("rios-partial")).toList(), empty());
    }
  }

  @Test
  @Order(7)
  void riosIoJobsAreIdenticalToApplierApplyOnTheDirectRunnerAndEmbeddedFlink() throws Exception {
    List<RasterJob> direct = riosIoJobs("direct");
    List<String> args = new ArrayList<>(RunnerProfiles.direct());
    args.add("--numComputeWorkers=2");
    assertLikeApplierApply(direct, runRiosIo(direct, args, "direct"));
    List<RasterJob> local = riosIoJobs("flinklocal");
    args = new ArrayList<>(RunnerProfiles.flinkLocal());
    args.add("--numComputeWorkers=2");
    assertLikeApplierApply(local, runRiosIo(local, args, "flinklocal"));
  }

  /**
   * On embedded Flink: a job with a missing input and a job whose function throws, among good jobs. Routed,
   * they are failed jobs naming the job and the file or the error, while the good ones complete; not routed,
   * the pipeline fails naming the job, and no final path or partial file is left.
   */
  @Test
  @Order(8)
  void riosIoFailedJobsOnEmbeddedFlinkAreRoutedOrFailThePipeline() throws Exception {
    assertFailedJobsRoutedOrFailing(RunnerProfiles.flinkLocal(), "local");
  }

  /** The same on the session cluster (its restarts do not help a job whose input is missing). */
  @Test
  @Order(10)
  void riosIoFailedJobsOnTheSessionClusterAreRoutedOrFailThePipeline() throws Exception {
    assertFailedJobsRoutedOrFailing(clusterArgs(), "cluster");
  }

  static void assertFailedJobsRoutedOrFailing(List<String> runnerArgs, String runner) throws Exception {
    List<String> args = new ArrayList<>(runnerArgs);
    args.add("--numComputeWorkers=2");
    for (boolean routed : new boolean[] {true, false}) {
      String tag = runner + (routed ? "-routed" : "-unrouted");
      List<RasterJob> jobs = new ArrayList<>(riosIoJobs(tag).subList(1, 3));
      String missing = new File(tmp, "no-such-" + tag + ".tif").getPath();
      jobs.add(RasterJob.of("missing", new FilenameAssociations().put("image", missing),
          new FilenameAssociations().put("ndvi", out("missing", tag, "ndvi")).put("copy", out("missing", tag, "copy")))
          .withControls(jobs.get(0).controls()));
      jobs.add(RasterJob.of("throws", new FilenameAssociations().put("dem", dem),
          new FilenameAssociations().put("smooth", out("throws", tag, "smooth")))
          .withControls(controls(Runner.NATIVE, new ApplierControls().setWindowSize(128, 128).setOverlap(7), null)));
      Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
      RiosIO.Process<Void> process = RiosIO.process(new BeamCases.ByInput(true));
      RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
          .apply(routed ? process.withFailedJobs() : process);
      Path failedFile = tmp.toPath().resolve("failed-" + tag + ".bin");
      Path writtenFile = tmp.toPath().resolve("written-" + tag + ".bin");
      r.failedJobs().apply("CollectFailed", CollectToFile.to(failedFile));
      r.writtenRasters().apply("CollectWritten", CollectToFile.to(writtenFile));
      if (routed) {
        p.run().waitUntilFinish();
        List<FailedJob> failed = CollectToFile.read(failedFile, SerializableCoder.of(FailedJob.class));
        failed.sort(java.util.Comparator.comparing(FailedJob::jobId));
        assertThat(failed.stream().map(FailedJob::jobId).toList(), is(List.of("missing", "throws")));
        assertThat(failed.get(0).message(), allOf(containsString("Job 'missing'"), containsString(missing)));
        assertThat(failed.get(1).message(), allOf(containsString("Job 'throws'"), containsString("overlap 7")));
        assertThat(CollectToFile.read(writtenFile, SerializableCoder.of(WrittenRaster.class)).size(), is(4));
      } else {
        RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
          messages.append(t.getMessage()).append('\n');
        }
        String said = messages.toString();
        java.util.regex.Matcher jid = java.util.regex.Pattern.compile("JobID: ([0-9a-f]{32})").matcher(said);
        if (!said.contains("Job '") && runner.equals("cluster") && jid.find()) {
          // after its restarts Flink may end the job with an error of its own failover (a lost operator
          // event); the job's exception history still holds the failure RIOS raised
          said += cluster.get("/jobs/" + jid.group(1) + "/exceptions");
        }
        assertThat(said, containsString("Job '"));
      }
      for (String o : List.of(out("missing", tag, "ndvi"), out("throws", tag, "smooth"))) {
        assertThat(o, new File(o).exists(), is(false));
      }
      assertThat(partialsLeftAfterTeardown(), empty());
    }
  }

  /**
   * The partial files in the test directory once the failed job's writers are torn down. A cluster reports a
   * job failed to its client while its TaskManagers may still be tearing the writers down (the good jobs'
   * writers, which started before the failure, delete their partial files then), so this waits up to 60 s
   * for them to go; one left after that is a writer that was never torn down.
   */
  private static List<String> partialsLeftAfterTeardown() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      List<String> left;
      try (Stream<Path> s = Files.list(tmp.toPath())) {
        left = s.map(x -> x.getFileName().toString()).filter(n -> n.contains("rios-partial")).toList();
      }
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(500);
    }
  }

  /**
   * On the session cluster the writers of the nine outputs run on both TaskManagers. Flink places each
   * writer's key by its hash, and the keys hold a random id per pipeline, so all nine land on one of the two
   * subtasks once in 256 runs (seen once in session 9): that one outcome is run again, with new keys.
   */
  @Test
  @Order(9)
  void riosIoOnTheSessionClusterSpreadsWritingOverBothTaskManagers() throws Exception {
    for (int attempt = 1; ; attempt++) {
      long busy = writerTaskManagersOfOneRun();
      if (busy == 2 || attempt == 2) {
        assertThat("TaskManagers whose writer subtasks received blocks (attempt " + attempt + ")", busy, is(2L));
        return;
      }
    }
  }

  /** Runs the six jobs on the session cluster; the number of TaskManagers whose writer subtasks got blocks. */
  private long writerTaskManagersOfOneRun() throws Exception {
    List<RasterJob> jobs = riosIoJobs("cluster");
    List<String> args = new ArrayList<>(clusterArgs());
    // parallelism 2: one slot of each TaskManager (the cluster spreads slots evenly)
    args.add("--numComputeWorkers=2");
    Set<String> before = jobIds();
    assertLikeApplierApply(jobs, runRiosIo(jobs, args, "cluster"));
    Set<String> after = new HashSet<>(jobIds());
    after.removeAll(before);
    assertThat(after.size(), is(1));
    String jid = after.iterator().next();
    ObjectMapper json = new ObjectMapper();
    JsonNode vertices = json.readTree(cluster.get("/jobs/" + jid)).get("vertices");
    String writer = null;
    for (JsonNode v : vertices) {
      if (v.get("name").asText().contains("WriteOutputs")) {
        writer = v.get("id").asText();
      }
    }
    assertThat("a WriteOutputs vertex in " + vertices, writer != null, is(true));
    JsonNode tms = json.readTree(cluster.get("/jobs/" + jid + "/vertices/" + writer + "/taskmanagers"))
        .get("taskmanagers");
    long busy = 0;
    for (JsonNode tm : tms) {
      if (tm.get("metrics").get("read-records").asLong() > 0) {
        busy++;
      }
    }
    System.out.println("TaskManagers whose writer subtasks received blocks: " + tms);
    return busy;
  }

  private static final Pattern JID = Pattern.compile("\"jid\":\"([0-9a-f]+)\"");

  static Set<String> jobIds() throws IOException, InterruptedException {
    Set<String> ids = new HashSet<>();
    Matcher m = JID.matcher(cluster.get("/jobs/overview"));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
