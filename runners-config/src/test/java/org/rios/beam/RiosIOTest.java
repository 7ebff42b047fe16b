package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.applier.UserFunction;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.array.DataType;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * RiosIO.process over several jobs on the DirectRunner: every output equals Applier.apply of the same job,
 * one WrittenRaster per output with the statistics written, failed jobs routed or failing the pipeline with
 * nothing partial left, and otherArgs copies per job that add up to one pass over each job's blocks. The
 * first three both with the compute workers writing in process (the DirectRunner's default) and with the
 * blocks sent to the writer steps (the path of a cluster).
 */
class RiosIOTest {
  @TempDir File tmp;

  private ApplierControls controls(int window) {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setWindowSize(window, window).setCalcStats(true);
  }

  private static final UserFunction COPY = (info, in, out) -> out.put("out", in.get("img"));

  /** COPY, counting the block's pixels (without the overlap margin) in otherArgs. */
  private static final org.rios.applier.UserFunctionWithArgs<OtherInputs> COPY_AND_COUNT = (info, in, out, o) -> {
    out.put("out", in.get("img"));
    o.put("count", o.getLong("count") + (long) info.getBlockSize().x() * info.getBlockSize().y());
  };

  /** Three jobs: a copy with 100-pixel blocks, the two-input sum/difference with 128, an average of a list. */
  private List<RasterJob> jobs(String suffix) {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    String b = BeamFixtures.ramp(tmp, "b.img", true);
    List<RasterJob> jobs = new ArrayList<>();
    jobs.add(RasterJob.of("copy", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", new File(tmp, "copy" + suffix + ".img").getPath()))
        .withControls(controls(100)));
    jobs.add(RasterJob.of("copy2", new FilenameAssociations().put("img", b),
        new FilenameAssociations().put("out", new File(tmp, "copy2" + suffix + ".tif").getPath()))
        .withControls(controls(256).setOutputDriverName("GTiff")));
    jobs.add(RasterJob.of("copy3", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", new File(tmp, "copy3" + suffix + ".img").getPath()))
        .withControls(controls(64).setOverlap(3)));
    return jobs;
  }

  /**
   * No partial file of the test's runs is left once a failed run's writers have been aborted (at once for a
   * failure in RIOS's own steps; after the grace a run's last in-process compute worker gives otherwise).
   */
  @org.junit.jupiter.api.AfterEach
  void noPartialFileIsLeft() throws Exception {
    long end = System.nanoTime() + (OutputWriters.ORPHAN_GRACE_SECONDS + OutputWriters.ORPHAN_IDLE_SECONDS + 10)
        * 1_000_000_000L;
    while (System.nanoTime() < end && !partialFiles().isEmpty()) {
      Thread.sleep(100);
    }
    assertThat(partialFiles(), empty());
  }

  private static Pipeline pipeline(String... args) {
    return Pipeline.create(RiosOptions.fromArgs(args));
  }

  @ParameterizedTest(name = "writersInProcess={0}")
  @ValueSource(booleans = {true, false})
  void everyOutputOfEveryJobMatchesApplierApply(boolean writersInProcess) throws IOException {
    List<RasterJob> jobs = jobs("");
    Pipeline p = pipeline("--numComputeWorkers=2", "--writersInProcess=" + writersInProcess);
    RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(COPY));
    Path index = tmp.toPath().resolve("written.bin");
    r.writtenRasters().apply(CollectToFile.to(index));
    p.run().waitUntilFinish();

    List<WrittenRaster> written = CollectToFile.read(index, SerializableCoder.of(WrittenRaster.class));
    assertThat(written, hasSize(3));
    for (RasterJob job : jobs) {
      String out = job.outfiles().get("out");
      String ref = out.replace(".", "-ref.");
      Applier.apply(COPY, job.infiles(), new FilenameAssociations().put("out", ref), job.controls());
      assertThat(job.id(), TestRasters.read(out).contentEquals(TestRasters.read(ref)), is(true));
      assertThat(job.id(), BeamFixtures.statistics(out, 1), is(BeamFixtures.statistics(ref, 1)));
      WrittenRaster w = written.stream().filter(x -> x.jobId().equals(job.id())).findFirst().orElseThrow();
      assertThat(w.name(), is("out"));
      assertThat(w.path(), is(out));
      assertThat(w.sizeBytes(), is(Files.size(Path.of(out))));
      assertThat(List.of(w.width(), w.height(), w.bands()), is(List.of(500, 500, 1)));
      assertThat(w.dataType(), is(DataType.UINT8));
      assertThat(w.bandStats(), hasSize(1));
      assertThat(w.bandStats().get(0).max(), is(Double.parseDouble(TestRasters.bandMetadata(out, 1,
          "STATISTICS_MAXIMUM"))));
      assertThat(w.bandStats().get(0).mean(), is(Double.parseDouble(TestRasters.bandMetadata(out, 1,
          "STATISTICS_MEAN"))));
    }
    assertThat(partialFiles(), empty());
  }

  /** What a pipeline with failed-job routing produced: its records, and its failed jobs by id. */
  private record Routed(List<WrittenRaster> written, List<FailedJob> failed) {}

  /** Runs {@code jobs} through {@code fn} with failed-job routing on the DirectRunner, collecting both results. */
  private Routed runRouted(List<RasterJob> jobs, UserFunction fn, boolean writersInProcess) throws IOException {
    routedPipeline(jobs, fn, writersInProcess).run().waitUntilFinish();
    return routedResults();
  }

  /** A DirectRunner pipeline of {@code jobs} through {@code fn} with failed-job routing, both results collected. */
  private Pipeline routedPipeline(List<RasterJob> jobs, UserFunction fn, boolean writersInProcess) {
    Pipeline p = pipeline("--numComputeWorkers=2", "--writersInProcess=" + writersInProcess);
    RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(fn).withFailedJobs());
    r.writtenRasters().apply("CollectWritten", CollectToFile.to(tmp.toPath().resolve("written.bin")));
    r.failedJobs().apply("CollectFailed", CollectToFile.to(tmp.toPath().resolve("failed.bin")));
    return p;
  }

  /** What the last run of a {@link #routedPipeline} collected; the files are removed for the next run. */
  private Routed routedResults() throws IOException {
    Path writtenFile = tmp.toPath().resolve("written.bin");
    Path failedFile = tmp.toPath().resolve("failed.bin");
    List<FailedJob> failed = CollectToFile.read(failedFile, SerializableCoder.of(FailedJob.class));
    failed.sort(Comparator.comparing(FailedJob::jobId));
    Routed r = new Routed(CollectToFile.read(writtenFile, SerializableCoder.of(WrittenRaster.class)), failed);
    Files.deleteIfExists(writtenFile);
    Files.deleteIfExists(failedFile);
    return r;
  }

  /** A missing input and a throwing user function among good jobs: routed, the others complete. */
  @ParameterizedTest(name = "writersInProcess={0}")
  @ValueSource(booleans = {true, false})
  void failedJobsAreRoutedAndTheOthersComplete(boolean writersInProcess) throws IOException {
    List<RasterJob> jobs = new ArrayList<>(jobs(""));
    String missing = new File(tmp, "no-such.img").getPath();
    jobs.add(RasterJob.of("missing", new FilenameAssociations().put("img", missing),
        new FilenameAssociations().put("out", new File(tmp, "missing-out.img").getPath())).withControls(controls(100)));
    String throwsOut = new File(tmp, "throws-out.img").getPath();
    jobs.add(RasterJob.of("throws", new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "t.img", false)),
        new FilenameAssociations().put("out", throwsOut)).withControls(controls(100).setTempdir(tmp.getPath())));
    UserFunction fn = (info, in, out) -> {
      if (info.getFilenameFor(in.get("img")).endsWith("t.img") && info.isLastBlock()) {
        throw new IllegalStateException("bad pixels in the last block");
      }
      out.put("out", in.get("img"));
    };
    Routed r = runRouted(jobs, fn, writersInProcess);
    assertThat(r.failed().stream().map(FailedJob::jobId).collect(Collectors.toList()), is(List.of("missing", "throws")));
    assertThat(r.failed().get(0).message(), allOf(containsString("Job 'missing'"), containsString(missing)));
    assertThat(r.failed().get(1).message(), allOf(containsString("Job 'throws'"),
        containsString("bad pixels in the last block"), containsString("the job reads img=" + tmp + "/t.img"),
        containsString("writes out=" + throwsOut)));
    assertThat(r.written(), hasSize(3));
    assertThat(new File(throwsOut).exists(), is(false));
    assertThat(partialFiles(), empty());
  }

  /** An output with an infinite pixel (a ratio dividing by zero): GDAL writes its statistics as "inf". */
  @Test
  void anOutputWithInfiniteStatisticsGetsItsRecord() throws IOException {
    String out = new File(tmp, "ratio.tif").getPath();
    List<RasterJob> jobs = List.of(RasterJob.of("ratio", new FilenameAssociations().put("img",
        BeamFixtures.ramp(tmp, "r.img", false)), new FilenameAssociations().put("out", out))
        .withControls(controls(256).setOutputDriverName("GTiff")));
    UserFunction fn = (info, in, o) -> {
      org.rios.array.RasterArray f = in.get("img").astype(DataType.FLOAT32);
      if (info.isFirstBlock()) {
        f.setDouble(0, 0, 0, Double.POSITIVE_INFINITY);
      }
      o.put("out", f);
    };
    Routed r = runRouted(jobs, fn, true);
    assertThat(r.failed(), empty());
    assertThat(r.written(), hasSize(1));
    assertThat(TestRasters.bandMetadata(out, 1, "STATISTICS_MAXIMUM").trim(), is("inf"));
    assertThat(r.written().get(0).bandStats().get(0).max(), is(Double.POSITIVE_INFINITY));
    assertThat(r.written().get(0).bandStats().get(0).min(), is(Double.parseDouble(TestRasters.bandMetadata(out, 1,
        "STATISTICS_MINIMUM"))));
  }

  /** Jobs the author put in fixed windows are processed as in the global window; an unbounded input is refused. */
  @Test
  void windowedJobsAreProcessedAndAnUnboundedInputIsRefused() throws IOException {
    String out = new File(tmp, "windowed.img").getPath();
    RasterJob job = RasterJob.of("windowed", new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "w.img",
        false)), new FilenameAssociations().put("out", out)).withControls(controls(100));
    Pipeline p = pipeline("--numComputeWorkers=2");
    RiosWriteResult r = p.apply(Create.timestamped(org.apache.beam.sdk.values.TimestampedValue.of(job,
        new org.joda.time.Instant(0))).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(org.apache.beam.sdk.transforms.windowing.Window.into(
            org.apache.beam.sdk.transforms.windowing.FixedWindows.of(org.joda.time.Duration.standardHours(1))))
        .apply(RiosIO.process(COPY).withFailedJobs());
    Path index = tmp.toPath().resolve("windowed.bin");
    r.writtenRasters().apply(CollectToFile.to(index));
    p.run().waitUntilFinish();
    assertThat(CollectToFile.read(index, SerializableCoder.of(WrittenRaster.class)), hasSize(1));
    assertThat(TestRasters.read(out).contentEquals(TestRasters.read(job.infiles().get("img"))), is(true));
    assertThat(partialFiles(), empty());

    Pipeline unbounded = pipeline("--numComputeWorkers=2");
    org.apache.beam.sdk.values.PCollection<RasterJob> endless = unbounded
        .apply(org.apache.beam.sdk.io.GenerateSequence.from(0))
        .apply(org.apache.beam.sdk.transforms.MapElements.via(
            new org.apache.beam.sdk.transforms.SimpleFunction<Long, RasterJob>() {
              @Override
              public RasterJob apply(Long n) {
                return job;
              }
            })).setCoder(SerializableCoder.of(RasterJob.class));
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> endless.apply(RiosIO.process(COPY)));
    assertThat(e.getMessage(), containsString("unbounded"));
  }

  /** Fails the 20th block computed while set: a transient failure, for the re-run test. */
  private static final java.util.concurrent.atomic.AtomicBoolean FAIL_ONCE =
      new java.util.concurrent.atomic.AtomicBoolean();
  private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * The same pipeline run again in one JVM, after a transient failure: the second execution writes every job
   * (the first one's aborted writers are not its own), rather than dropping them and reporting success.
   */
  @ParameterizedTest(name = "writersInProcess={0}")
  @ValueSource(booleans = {true, false})
  void theSamePipelineRunAgainWritesEveryJob(boolean writersInProcess) throws IOException {
    FAIL_ONCE.set(true);
    CALLS.set(0);
    UserFunction fn = (info, in, o) -> {
      if (FAIL_ONCE.get() && CALLS.incrementAndGet() == 20) {
        throw new IllegalStateException("transient failure");
      }
      o.put("out", in.get("img"));
    };
    String img = BeamFixtures.ramp(tmp, "again.img", false);
    List<RasterJob> jobs = new ArrayList<>();
    for (String id : List.of("a", "b")) {
      jobs.add(RasterJob.of(id, new FilenameAssociations().put("img", img),
          new FilenameAssociations().put("out", new File(tmp, id + "-again.img").getPath())).withControls(controls(50)));
    }
    Pipeline p = routedPipeline(jobs, fn, writersInProcess);
    p.run().waitUntilFinish();
    assertThat(routedResults().failed(), hasSize(1));

    FAIL_ONCE.set(false);
    p.run().waitUntilFinish();
    Routed again = routedResults();
    assertThat(again.failed(), empty());
    assertThat(again.written().stream().map(WrittenRaster::jobId).sorted().collect(Collectors.toList()),
        is(List.of("a", "b")));
    for (RasterJob job : jobs) {
      assertThat(job.id(), TestRasters.read(job.outfiles().get("out")).contentEquals(TestRasters.read(img)), is(true));
    }
    assertThat(partialFiles(), empty());
  }

  /** Writes {@code value} into every pixel of both outputs of a two-output job. */
  private static UserFunction both(int value) {
    return (info, in, out) -> {
      org.rios.array.RasterArray x = in.get("img").copy();
      x.fill(value);
      out.put("a", x);
      out.put("b", x);
    };
  }

  private RasterJob pair(String id, String in, ApplierControls c) {
    return RasterJob.of(id, new FilenameAssociations().put("img", in), new FilenameAssociations()
        .put("a", new File(tmp, id + "-a.img").getPath()).put("b", new File(tmp, id + "-b.img").getPath()))
        .withControls(c);
  }

  private static double firstPixel(String file) {
    return TestRasters.read(file).getDouble(0, 0, 0);
  }

  /**
   * A job's outputs are put in place together (CommitJobs): when output b fails in its writer (its
   * before-close hook throws) after output a was finished by its own writer, or when b's earlier file cannot
   * be replaced, neither earlier output is replaced. Each output used to be put in place by its writer as
   * soon as it was complete.
   */
  @ParameterizedTest(name = "writersInProcess={0}")
  @ValueSource(booleans = {true, false})
  void aJobWhoseOutputsCannotAllBePutInPlaceReplacesNoneOfThem(boolean writersInProcess) throws Exception {
    String in = BeamFixtures.ramp(tmp, "a.img", false);
    org.rios.gdal.BeforeClose refuses = ds -> {
      throw new IllegalStateException("b refuses to close");
    };
    boolean root = "root".equals(System.getProperty("user.name"));
    List<RasterJob> jobs = List.of(pair("hook", in, controls(100).setCallBeforeClose(refuses, "b")),
        pair("locked", in, controls(100)), pair("fine", in, controls(100)));
    for (RasterJob job : jobs) {
      Applier.apply(both(1), job.infiles(), job.outfiles(), controls(100));
    }
    String locked = new File(tmp, "locked-b.img").getPath();
    boolean immutable = root && new ProcessBuilder("chattr", "+i", locked).inheritIO().start().waitFor() == 0;
    try {
      Routed r = runRouted(jobs, both(2), writersInProcess);
      List<FailedJob> failed = r.failed();
      List<String> expectFailed = immutable ? List.of("hook", "locked") : List.of("hook");
      assertThat(failed.stream().map(FailedJob::jobId).collect(Collectors.toList()), is(expectFailed));
      assertThat(failed.get(0).message(), containsString("b refuses to close"));
      if (immutable) {
        assertThat(failed.get(1).message(), allOf(containsString("Job 'locked'"), containsString(locked)));
      }
      assertThat(r.written().stream().map(w -> w.jobId() + "/" + w.name()).sorted().collect(Collectors.toList()),
          is(immutable ? List.of("fine/a", "fine/b") : List.of("fine/a", "fine/b", "locked/a", "locked/b")));
    } finally {
      if (immutable) {
        new ProcessBuilder("chattr", "-i", locked).inheritIO().start().waitFor();
      }
    }
    for (String out : List.of("hook-a", "hook-b", "locked-a", "locked-b")) {
      double expect = out.startsWith("hook") || immutable ? 1.0 : 2.0;
      assertThat(out, firstPixel(new File(tmp, out + ".img").getPath()), is(expect));
    }
    assertThat(firstPixel(new File(tmp, "fine-a.img").getPath()), is(2.0));
    assertThat(firstPixel(new File(tmp, "fine-b.img").getPath()), is(2.0));
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains("rios-replaced"))
          .collect(Collectors.toList()), empty());
    }
  }

  @ParameterizedTest(name = "writersInProcess={0}")
  @ValueSource(booleans = {true, false})
  void withoutRoutingAFailedJobFailsThePipelineNamingItAndLeavesNoPartialFile(boolean writersInProcess) throws IOException {
    List<RasterJob> jobs = new ArrayList<>(jobs(""));
    String missing = new File(tmp, "no-such.img").getPath();
    jobs.add(RasterJob.of("missing", new FilenameAssociations().put("img", missing),
        new FilenameAssociations().put("out", new File(tmp, "missing-out.img").getPath())).withControls(controls(100)));
    Pipeline p = pipeline("--numComputeWorkers=2", "--writersInProcess=" + writersInProcess);
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class))).apply(RiosIO.process(COPY));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    // the pipeline's own exception says which job and which file; the cause is the core's typed error
    assertThat(e.getMessage(), allOf(containsString("Job 'missing'"), containsString(missing)));
    assertThat(BeamDriver.rootCause(e).getClass().getSimpleName(), is("FileOpenException"));
    // the public unwrapping keeps the job's name, with the typed failure as its cause
    assertThat(RiosBeam.failureOf(e).getMessage(), allOf(startsWith("Job 'missing': "), containsString(missing)));
    assertThat(RiosBeam.failureOf(e).getCause().getClass().getSimpleName(), is("FileOpenException"));
    assertThat(partialFiles(), empty());
  }

  @Test
  void twoJobsWithOneIdFailThePipelineNamingTheId() {
    List<RasterJob> jobs = new ArrayList<>(jobs(""));
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    jobs.add(RasterJob.of("copy2", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", new File(tmp, "other.img").getPath())).withControls(controls(100)));
    Pipeline p = pipeline("--numComputeWorkers=2");
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class))).apply(RiosIO.process(COPY)
        .withFailedJobs());
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(BeamDriver.rootCause(e).getClass().getSimpleName(), is("ParameterException"));
    assertThat(BeamDriver.rootCause(e).getMessage(), allOf(containsString("unique"),
        containsString("this id is given to more than one job: 'copy2' (reading " + a)));
  }

  /**
   * Two inputs of one name in different directories, made into jobs by name: one id and one output file. The
   * message names the files and says the output is written twice (the two writers used to count as one).
   */
  @Test
  void twoJobsWithOneIdAndOneOutputNameTheFilesAndTheSharedOutput() {
    File d1 = new File(tmp, "d1");
    File d2 = new File(tmp, "d2");
    d1.mkdirs();
    d2.mkdirs();
    String a1 = BeamFixtures.ramp(d1, "a.img", false);
    String a2 = BeamFixtures.ramp(d2, "a.img", true);
    String out = new File(tmp, "a-x.img").getPath();
    List<RasterJob> jobs = new ArrayList<>();
    for (String in : List.of(a1, a2)) {
      jobs.add(RasterJob.of("a", new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", out)).withControls(controls(100)));
    }
    Pipeline p = pipeline("--numComputeWorkers=2");
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class))).apply(RiosIO.process(COPY)
        .withFailedJobs());
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    String m = BeamDriver.rootCause(e).getMessage();
    assertThat(m, allOf(containsString("'a' (reading " + a1 + ", " + a2 + "; writing " + out + ")"),
        containsString(out + " (jobs 'a', 'a')"), containsString("written by more than one")));
    assertThat(new File(out).exists(), is(false));
  }

  /** Blocks the colliding jobs' function has computed. */
  private static final java.util.concurrent.atomic.AtomicInteger COMPUTED = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Two jobs writing one file are refused before either computes a block, on every runner, also with Flink's
   * restarts: their writers (on two workers of a cluster) used to share the partial file, and with restarts a
   * file of both jobs' blocks was put in place while the collection checks were still to fail the pipeline.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"direct", "flink [local] with restarts"})
  void jobsWritingOneFileComputeNoBlock(String runner) {
    COMPUTED.set(0);
    File d1 = new File(tmp, "c1");
    File d2 = new File(tmp, "c2");
    d1.mkdirs();
    d2.mkdirs();
    String out = new File(tmp, "shared.img").getPath();
    List<RasterJob> jobs = new ArrayList<>();
    jobs.add(RasterJob.of("one", new FilenameAssociations().put("img", BeamFixtures.ramp(d1, "a.img", false)),
        new FilenameAssociations().put("out", out)).withControls(controls(64)));
    jobs.add(RasterJob.of("two", new FilenameAssociations().put("img", BeamFixtures.ramp(d2, "a.img", true)),
        new FilenameAssociations().put("out", out)).withControls(controls(64)));
    List<String> args = new ArrayList<>(List.of("--numComputeWorkers=2"));
    if (!runner.equals("direct")) {
      args.addAll(org.rios.runners.RunnerProfiles.flinkLocal(2));
      args.addAll(List.of("--numberOfExecutionRetries=2", "--executionRetryDelay=200"));
    }
    Pipeline p = pipeline(args.toArray(new String[0]));
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class))).apply(RiosIO.process(
        (info, in, o) -> {
          COMPUTED.incrementAndGet();
          o.put("out", in.get("img"));
        }).withFailedJobs());
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    // on Flink the message is under "Error reading state" (the checks keep state): the public unwrapping
    assertThat(RiosBeam.failureOf(e).getMessage(), allOf(containsString("written by more than one"),
        containsString("(jobs 'one', 'two')")));
    assertThat(RiosBeam.failureOf(e), org.hamcrest.Matchers.instanceOf(org.rios.errors.ParameterException.class));
    assertThat("blocks computed", COMPUTED.get(), is(0));
    assertThat(new File(out).exists(), is(false));
  }

  /**
   * Two RiosIO steps of one pipeline writing one file fail the pipeline on Flink too, where the steps' writers
   * may be in different JVMs: the later step computes no block; a third step chained on the first's results
   * (reading its file) is not refused. On the DirectRunner, WriteFailuresTest.
   */
  @Test
  void twoStepsWritingOneFileFailOnFlinkAndTheLaterComputesNoBlock() {
    COMPUTED.set(0);
    String a = BeamFixtures.ramp(tmp, "steps-a.img", false);
    String out = new File(tmp, "steps-shared.img").getPath();
    List<String> args = new ArrayList<>(List.of("--numComputeWorkers=2"));
    args.addAll(org.rios.runners.RunnerProfiles.flinkLocal(2));
    Pipeline p = pipeline(args.toArray(new String[0]));
    RiosWriteResult first = p.apply("FirstJobs", Create.of(List.of(RasterJob.of("first",
            new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", out))
            .withControls(controls(64)))).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply("First", RiosIO.process(COPY));
    first.writtenRasters().apply("Chained", org.apache.beam.sdk.transforms.MapElements
            .into(org.apache.beam.sdk.values.TypeDescriptor.of(RasterJob.class))
            .via((WrittenRaster w) -> RasterJob.of("chained", new FilenameAssociations().put("img", w.path()),
                new FilenameAssociations().put("out", w.path() + ".copy.img"))))
        .setCoder(SerializableCoder.of(RasterJob.class))
        .apply("ChainedStep", RiosIO.process(COPY));
    p.apply("LaterJobs", Create.of(List.of(RasterJob.of("later",
            new FilenameAssociations().put("img", a), new FilenameAssociations().put("out", out))
            .withControls(controls(64)))).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply("Later", RiosIO.process((info, in, o) -> {
          COMPUTED.incrementAndGet();
          o.put("out", in.get("img"));
        }));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(RiosBeam.failureOf(e).getMessage(), allOf(containsString("a file is written by one job"),
        containsString("(" + out + ") of job 'later' of step 3 was written by job 'first' of step 1"),
        org.hamcrest.Matchers.not(containsString("chained"))));
    assertThat("blocks computed by the later step", COMPUTED.get(), is(0));
  }

  /** One output named through a directory and through a symbolic link to it is one file written twice. */
  @Test
  void oneOutputSpelledThroughALinkedDirectoryIsWrittenByTwoJobs() throws IOException {
    File real = new File(tmp, "real");
    real.mkdirs();
    Path alias = java.nio.file.Files.createSymbolicLink(tmp.toPath().resolve("alias"), real.toPath());
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    String viaReal = new File(real, "out.img").getPath();
    String viaLink = alias.resolve("out.img").toString();
    List<RasterJob> jobs = new ArrayList<>();
    jobs.add(RasterJob.of("one", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", viaReal)).withControls(controls(100)));
    jobs.add(RasterJob.of("two", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", viaLink)).withControls(controls(100)));
    Pipeline p = pipeline("--numComputeWorkers=2");
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class))).apply(RiosIO.process(COPY));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    // on Flink the message is under "Error reading state" (the checks keep state): the public unwrapping
    assertThat(RiosBeam.failureOf(e).getMessage(), allOf(containsString("written by more than one"),
        containsString("(jobs 'one', 'two')")));
    assertThat(RiosBeam.failureOf(e), org.hamcrest.Matchers.instanceOf(org.rios.errors.ParameterException.class));
    assertThat(new File(viaReal).exists(), is(false));
  }

  @Test
  void otherArgsCopiesPerJobAddUpToOnePassOverEachJob() throws IOException {
    List<RasterJob> jobs = jobs("");
    Pipeline p = pipeline("--numComputeWorkers=2");
    RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(COPY_AND_COUNT, new OtherInputs().put("count", 0L)));
    Path argsFile = tmp.toPath().resolve("args.bin");
    r.<OtherInputs>otherArgs().apply(CollectToFile.to(argsFile));
    p.run().waitUntilFinish();

    List<KV<String, OtherInputs>> copies = CollectToFile.read(argsFile,
        KvCoder.of(StringUtf8Coder.of(), OtherArgsCoder.<OtherInputs>of()));
    for (RasterJob job : jobs) {
      long count = copies.stream().filter(kv -> kv.getKey().equals(job.id()))
          .mapToLong(kv -> kv.getValue().getLong("count")).sum();
      assertThat(job.id(), count, is(500L * 500));
    }
  }

  /** Copies and counts, and fails job "bad" on its last block. */
  private static final org.rios.applier.UserFunctionWithArgs<OtherInputs> COUNT_FAIL_BAD_AT_END = (info, in, out, o) -> {
    if (in.find("bad", null) != null && info.isLastBlock()) {
      throw new IllegalStateException("the last block of job 'bad'");
    }
    out.put("out", in.find("bad", null) != null ? in.get("bad") : in.get("img"));
    o.put("count", o.getLong("count") + (long) info.getBlockSize().x() * info.getBlockSize().y());
  };

  /**
   * A job routed to failedJobs() after computing part of its blocks has no otherArgs: its copies held that
   * part only, and added up as if they were the whole job (with and without a combiner).
   */
  @ParameterizedTest(name = "combiner={0}")
  @ValueSource(booleans = {false, true})
  void aFailedJobHasNoOtherArgs(boolean combine) throws IOException {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    List<RasterJob> jobs = new ArrayList<>();
    jobs.add(RasterJob.of("good", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", new File(tmp, "good-" + combine + ".img").getPath()))
        .withControls(controls(100)));
    jobs.add(RasterJob.of("bad", new FilenameAssociations().put("bad", a),
        new FilenameAssociations().put("out", new File(tmp, "bad-" + combine + ".img").getPath()))
        .withControls(controls(100)));
    Pipeline p = pipeline("--numComputeWorkers=3");
    RiosIO.Process<OtherInputs> t = RiosIO.process(COUNT_FAIL_BAD_AT_END, new OtherInputs().put("count", 0L))
        .withFailedJobs();
    if (combine) {
      t = t.withOtherArgsCombiner(new SumCounts());
    }
    RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class))).apply(t);
    Path argsFile = tmp.toPath().resolve("args-" + combine + ".bin");
    Path failedFile = tmp.toPath().resolve("failed-" + combine + ".bin");
    r.<OtherInputs>otherArgs().apply(CollectToFile.to(argsFile));
    r.failedJobs().apply(CollectToFile.to(failedFile));
    p.run().waitUntilFinish();
    List<KV<String, OtherInputs>> copies = CollectToFile.read(argsFile,
        KvCoder.of(StringUtf8Coder.of(), OtherArgsCoder.<OtherInputs>of()));
    assertThat(copies.stream().map(KV::getKey).distinct().toList(), is(List.of("good")));
    assertThat(copies.stream().mapToLong(kv -> kv.getValue().getLong("count")).sum(), is(500L * 500));
    assertThat(CollectToFile.read(failedFile, SerializableCoder.of(FailedJob.class)).stream().map(FailedJob::jobId)
        .toList(), is(List.of("bad")));
  }

  /** Sums the "count" of OtherInputs copies: a user CombineFn for withOtherArgsCombiner. */
  static final class SumCounts extends Combine.BinaryCombineFn<OtherInputs> {
    @Override
    public OtherInputs apply(OtherInputs left, OtherInputs right) {
      return new OtherInputs().put("count", left.getLong("count") + right.getLong("count"));
    }
  }

  /** Copies "img" to "out" when the job has that input, and counts every block's pixels in otherArgs. */
  private static final UserFunctionWithArgs<OtherInputs> COPY_IF_IMG_AND_COUNT = (info, in, out, o) -> {
    if (in.find("img", null) != null) {
      out.put("out", in.get("img"));
    }
    o.put("count", o.getLong("count") + (long) info.getBlockSize().x() * info.getBlockSize().y());
  };

  @Test
  void aUserCombineFnGivesOneOtherArgsPerJobIncludingJobsWithoutOutputs() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    List<RasterJob> jobs = new ArrayList<>();
    for (String id : List.of("one", "two")) {
      jobs.add(RasterJob.of(id, new FilenameAssociations().put("img", a),
          new FilenameAssociations().put("out", new File(tmp, id + "-c.img").getPath())).withControls(controls(100)));
    }
    // a job that only counts: no output file, only its otherArgs come back
    jobs.add(RasterJob.of("countOnly", new FilenameAssociations().put("counted", a), null).withControls(controls(128)));
    Pipeline p = pipeline("--numComputeWorkers=2");
    RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(COPY_IF_IMG_AND_COUNT, new OtherInputs().put("count", 0L))
            .withOtherArgsCombiner(new SumCounts()));
    PAssert.that(r.<OtherInputs>otherArgs()).satisfies(perJob -> {
      List<String> got = new ArrayList<>();
      perJob.forEach(kv -> got.add(kv.getKey() + "=" + kv.getValue().getLong("count")));
      got.sort(null);
      assertThat(got, is(List.of("countOnly=250000", "one=250000", "two=250000")));
      return null;
    });
    PAssert.that(r.writtenRasters()).satisfies(written -> {
      List<String> ids = new ArrayList<>();
      written.forEach(w -> ids.add(w.jobId()));
      ids.sort(null);
      assertThat(ids, is(List.of("one", "two")));
      return null;
    });
    p.run().waitUntilFinish();
  }

  /** A combiner that fails on the copies it is given. */
  static final class FailingCombiner extends Combine.BinaryCombineFn<OtherInputs> {
    @Override
    public OtherInputs apply(OtherInputs left, OtherInputs right) {
      throw new IllegalStateException("combiner boom");
    }
  }

  @Test
  void aFailingCombinerNamesTheJobAndTheCombiner() {
    String a = BeamFixtures.ramp(tmp, "a.img", false);
    // a single copy is not combined: force two workers' copies with small blocks
    RasterJob job = RasterJob.of("combined", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("out", new File(tmp, "combined.img").getPath())).withControls(controls(100));
    Pipeline p = pipeline("--numComputeWorkers=2");
    p.apply(Create.of(List.of(job)).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(COPY_IF_IMG_AND_COUNT, new OtherInputs().put("count", 0L))
            .withOtherArgsCombiner(new FailingCombiner()).withFailedJobs());
    RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> p.run().waitUntilFinish());
    StringBuilder said = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      said.append(t.getMessage()).append('\n');
    }
    assertThat(said.toString(), org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("Job 'combined'"),
        org.hamcrest.Matchers.containsString("FailingCombiner"), org.hamcrest.Matchers.containsString("combiner boom")));
    // the failed pipeline reaches the caller before the DirectRunner has torn the writer down
    long end = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < end && new File(tmp, "combined.img.rios-partial.img").exists()) {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
    }
    assertThat(new File(tmp, "combined.img.rios-partial.img").exists(), is(false));
  }

  /** The Beam idioms: PAssert on the results, and the writers' counters in the pipeline's metrics. */
  @Test
  void resultsAssertWithPAssertAndCountersReachThePipelineMetrics() {
    List<RasterJob> jobs = jobs("-m");
    long blocks = 0;
    for (RasterJob j : jobs) {
      blocks += WorkingPlanBuilder.build(j.infiles(), j.outfiles(), j.controls()).numBlocks();
    }
    Pipeline p = pipeline("--numComputeWorkers=2");
    RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(COPY));
    PAssert.that(r.writtenRasters()).satisfies(written -> {
      List<String> ids = new ArrayList<>();
      written.forEach(w -> ids.add(w.jobId() + ":" + w.name() + ":" + new File(w.path()).exists()));
      ids.sort(null);
      assertThat(ids, is(List.of("copy2:out:true", "copy3:out:true", "copy:out:true")));
      return null;
    });
    PAssert.that(r.failedJobs()).empty();           // not routed: a failure would fail the pipeline
    PAssert.that(r.<Object>otherArgs()).empty();    // a function without otherArgs
    PipelineResult result = p.run();
    result.waitUntilFinish();
    MetricQueryResults m = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("rios", "blocksWritten")).build());
    long counted = 0;
    for (MetricResult<Long> c : m.getCounters()) {
      counted += c.getAttempted();
    }
    assertThat(counted, is(blocks));
  }

  private List<String> partialFiles() throws IOException {
    try (Stream<Path> s = Files.walk(tmp.toPath())) {
      return s.map(x -> x.getFileName().toString()).filter(n -> n.contains("rios-partial") || n.startsWith("rios_"))
          .collect(Collectors.toList());
    }
  }
}
