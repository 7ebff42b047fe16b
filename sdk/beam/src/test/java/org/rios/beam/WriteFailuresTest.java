package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * A job that fails where its blocks are written (an array of the wrong shape in a later block, an output its
 * codec cannot hold) is that job's failure, named by the job and the writer's own reason: routed to
 * failedJobs() while the other jobs complete, or failing the pipeline with that reason. It used to bypass
 * the routing and end with a false "restored from a checkpoint" message.
 */
class WriteFailuresTest {
  @TempDir File tmp;

  private RasterJob job(String id, String in, String out, ApplierControls c) {
    return RasterJob.of(id, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out))
        .withControls(c);
  }

  /** Runs {@code p} to the end and returns what {@code r.failedJobs()} held ({@code name}: its file's name). */
  private List<FailedJob> runCollectingFailedJobs(Pipeline p, RiosWriteResult r, String name) throws IOException {
    Path failedFile = tmp.toPath().resolve(name + ".bin");
    r.failedJobs().apply("CollectFailed", CollectToFile.to(failedFile));
    p.run().waitUntilFinish();
    return CollectToFile.read(failedFile, SerializableCoder.of(FailedJob.class));
  }

  private static ApplierControls controls() {
    return new ApplierControls().setProgress(new SilentProgress()).setWindowSize(128, 128);
  }

  /** Copies its input as UInt16; in job "shape" every block after the first has one row too many. */
  static final class CopyOrBadShape implements org.rios.applier.UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) {
      RasterArray x = inputs.get("img");
      boolean bad = info.getFilenameFor(x).contains("shape") && !info.isFirstBlock();
      RasterArray y = RasterArray.create(DataType.UINT16, 1, x.rows() + (bad ? 1 : 0), x.cols());
      outputs.put("out", y);
    }
  }

  /** Copies its input; slowly (0.2 s a block) for inputs named "slow...", so a run outlasts the job list's checks. */
  static final class SlowCopy implements org.rios.applier.UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) throws InterruptedException {
      RasterArray x = inputs.get("img");
      if (new File(info.getFilenameFor(x)).getName().startsWith("slow")) {
        Thread.sleep(200);
      }
      outputs.put("out", x);
    }
  }

  /**
   * The partial files left once the run's writers are torn down. A failed pipeline reaches its caller while
   * the runner may still be tearing down the writers of jobs that had started (which delete their partial
   * files then), so this waits for them to go: as long as the writers' last resort takes (the DirectRunner
   * may start a bundle after a failed run's workers were torn down and never tear its worker down; the
   * run's outputs are then aborted once idle for {@link OutputWriters#ORPHAN_IDLE_SECONDS} s, looked at
   * every {@link OutputWriters#ORPHAN_GRACE_SECONDS} s), and a margin. One left after that was never cleaned
   * up.
   */
  private List<String> partials() throws IOException, InterruptedException {
    long deadline = System.nanoTime()
        + (OutputWriters.ORPHAN_IDLE_SECONDS + 2 * OutputWriters.ORPHAN_GRACE_SECONDS + 10) * 1_000_000_000L;
    while (true) {
      List<String> left;
      try (Stream<Path> s = Files.walk(tmp.toPath())) {
        left = s.map(p -> p.getFileName().toString()).filter(n -> n.contains("rios-partial"))
            .collect(Collectors.toList());
      }
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(200);
    }
  }

  private List<RasterJob> jobs() {
    String good = TestRasters.rampFile(new File(tmp, "good.img"));
    String shape = TestRasters.rampFile(new File(tmp, "shape.img"));
    return List.of(
        job("good", good, new File(tmp, "good-out.img").getPath(), controls()),
        job("shape", shape, new File(tmp, "shape-out.img").getPath(), controls()),
        // JPEG cannot hold 16-bit pixels: the writer refuses the output when it creates it
        job("jpeg", good, new File(tmp, "jpeg-out.tif").getPath(), controls().setWindowSize(256, 256)
            .setOutputDriverName("GTiff")
            .setCreationOptions(List.of("TILED=YES", "COMPRESS=JPEG"))));
  }

  @Test
  void routedWriteFailuresNameTheJobAndTheReasonWhileTheOtherJobsComplete() throws Exception {
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner", "--numComputeWorkers=2"));
    RiosWriteResult r = p.apply(Create.of(jobs()).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new CopyOrBadShape()).withFailedJobs());
    Path failedFile = tmp.toPath().resolve("failed.bin");
    Path writtenFile = tmp.toPath().resolve("written.bin");
    r.failedJobs().apply("CollectFailed", CollectToFile.to(failedFile));
    r.writtenRasters().apply("CollectWritten", CollectToFile.to(writtenFile));
    p.run().waitUntilFinish();

    List<FailedJob> failed = CollectToFile.read(failedFile, SerializableCoder.of(FailedJob.class));
    failed.sort(Comparator.comparing(FailedJob::jobId));
    assertThat(failed.stream().map(FailedJob::jobId).toList(), is(List.of("jpeg", "shape")));
    assertThat(failed.get(0).message(), allOf(containsString("Job 'jpeg'"), containsString("JPEG"),
        containsString("jpeg-out.tif"), not(containsString("checkpoint"))));
    assertThat(failed.get(1).message(), allOf(containsString("Job 'shape'"), containsString("array has shape"),
        containsString("shape-out.img"), not(containsString("checkpoint"))));
    List<WrittenRaster> written = CollectToFile.read(writtenFile, SerializableCoder.of(WrittenRaster.class));
    assertThat(written.stream().map(WrittenRaster::jobId).toList(), is(List.of("good")));
    assertThat(new File(tmp, "good-out.img").exists(), is(true));
    assertThat(new File(tmp, "shape-out.img").exists(), is(false));
    assertThat(new File(tmp, "jpeg-out.tif").exists(), is(false));
    assertThat(partials(), empty());
  }

  @Test
  void anUnroutedWriteFailureFailsThePipelineWithTheJobAndTheWritersReason() throws Exception {
    List<RasterJob> jobs = jobs();
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner", "--numComputeWorkers=2"));
    p.apply(Create.of(List.of(jobs.get(0), jobs.get(2))).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new CopyOrBadShape()));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    StringBuilder said = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      said.append(t.getMessage()).append('\n');
    }
    assertThat(said.toString(), allOf(containsString("Job 'jpeg'"), containsString("JPEG"),
        not(containsString("checkpoint"))));
    // the job's failure has the writer's own failure as its cause, not a worker's wrapper
    Throwable named = e;
    while (named != null && (named.getMessage() == null || !named.getMessage().startsWith("Job 'jpeg'"))) {
      named = named.getCause();
    }
    assertThat(said.toString(), named != null && named.getCause() != null
        && !(named.getCause() instanceof org.rios.errors.WorkerException), is(true));
    assertThat(new File(tmp, "jpeg-out.tif").exists(), is(false));
    assertThat(partials(), empty());
  }

  /**
   * Two RiosIO.process steps of one pipeline writing one file: each wrote it (the last replacing the other)
   * and both reported a WrittenRaster; then only writers in one JVM saw each other (on a cluster, steps run
   * in different TaskManagers). Now the later step's job waits for the earlier step's written rasters and,
   * the file being among them, fails the pipeline naming the file and both jobs, with or without routing,
   * before it computes a block: the file is the earlier step's.
   */
  @Test
  void twoStepsOfOnePipelineWritingOneFileFailItBeforeTheLaterStepWrites() throws Exception {
    String a = TestRasters.rampFile(new File(tmp, "slow-step-a.img"));
    String b = TestRasters.rampFile(new File(tmp, "slow-step-b.img"), true, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, null, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String shared = new File(tmp, "shared.img").getPath();
    String alone = new File(tmp, "alone.img").getPath();
    for (boolean routed : new boolean[] {true, false}) {
      Files.deleteIfExists(Path.of(shared));
      Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
      RiosIO.Process<Void> process = RiosIO.process(new SlowCopy());
      p.apply("A", Create.of(List.of(job("A", a, shared, controls())))
          .withCoder(SerializableCoder.of(RasterJob.class))).apply("StepA", routed ? process.withFailedJobs() : process);
      p.apply("C", Create.of(List.of(job("C", a, alone, controls())))
          .withCoder(SerializableCoder.of(RasterJob.class))).apply("StepC", routed ? process.withFailedJobs() : process);
      p.apply("B", Create.of(List.of(job("B", b, shared, controls())))
          .withCoder(SerializableCoder.of(RasterJob.class))).apply("StepB", routed ? process.withFailedJobs() : process);
      RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
      assertThat(RiosBeam.failureOf(e).getMessage(), allOf(containsString("(" + shared + ") of job 'B' of step 3 "
          + "was written by job 'A' of step 1"), not(containsString("alone"))));
      assertThat(TestRasters.read(shared).contentEquals(TestRasters.read(a)), is(true));
    }
    assertThat(partials(), empty());
  }

  /**
   * Steps chained on each other's results (the second step's jobs made from the first's written rasters,
   * reading them) are not refused by the check of files written by two steps, and run to the end.
   */
  @Test
  void stepsChainedOnEachOthersResultsRun() throws Exception {
    String a = TestRasters.rampFile(new File(tmp, "chain-a.img"));
    String first = new File(tmp, "chain-1.img").getPath();
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    RiosWriteResult one = p.apply("Jobs", Create.of(List.of(job("first", a, first, controls())))
        .withCoder(SerializableCoder.of(RasterJob.class))).apply("One", RiosIO.process(new SlowCopy()));
    RiosWriteResult two = one.writtenRasters()
        .apply("Paths", org.apache.beam.sdk.transforms.MapElements
            .into(org.apache.beam.sdk.values.TypeDescriptors.strings()).via(WrittenRaster::path))
        .apply("NextJobs", RasterJobs.fromNames("img", "out", tmp.getPath(), "-next.img").withControls(controls()))
        .apply("Two", RiosIO.process(new SlowCopy()));
    Path w = tmp.toPath().resolve("chain-written.bin");
    two.writtenRasters().apply(CollectToFile.to(w));
    p.run().waitUntilFinish();
    List<WrittenRaster> written = CollectToFile.read(w, SerializableCoder.of(WrittenRaster.class));
    assertThat(written.stream().map(WrittenRaster::jobId).toList(), is(List.of("chain-1")));
    assertThat(TestRasters.read(written.get(0).path()).contentEquals(TestRasters.read(a)), is(true));
  }

  /**
   * A later step may write a file an earlier step's job was to write when that job failed: here the failed
   * jobs of the first step are retried by a second step with another function (the first check compared
   * planned files and refused this).
   */
  @Test
  void aLaterStepRetryingAnEarlierStepsFailedJobsWritesTheirFiles() throws Exception {
    String good = TestRasters.rampFile(new File(tmp, "retry-good.img"));
    String shape = TestRasters.rampFile(new File(tmp, "retry-shape.img"));
    String shapeOut = new File(tmp, "shape-out.img").getPath();
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    RiosWriteResult first = p.apply("Jobs", Create.of(List.of(job("good", good, new File(tmp, "good-out.img").getPath(),
            controls()), job("shape", shape, shapeOut, controls()))).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply("First", RiosIO.process(new CopyOrBadShape()).withFailedJobs());
    RiosWriteResult retry = first.failedJobs()
        .apply("Retries", org.apache.beam.sdk.transforms.MapElements
            .into(org.apache.beam.sdk.values.TypeDescriptor.of(RasterJob.class))
            .via((FailedJob f) -> RasterJob.of(f.jobId() + "-retry",
                new FilenameAssociations().put("img", f.jobId().equals("shape") ? shape : good),
                new FilenameAssociations().put("out", shapeOut)).withControls(controls())))
        .setCoder(SerializableCoder.of(RasterJob.class))
        .apply("Retry", RiosIO.process(new SlowCopy()));
    Path w = tmp.toPath().resolve("retried.bin");
    retry.writtenRasters().apply(CollectToFile.to(w));
    p.run().waitUntilFinish();
    assertThat(CollectToFile.read(w, SerializableCoder.of(WrittenRaster.class)).stream().map(WrittenRaster::jobId)
        .toList(), is(List.of("shape-retry")));
    assertThat(TestRasters.read(shapeOut).contentEquals(TestRasters.read(shape)), is(true));
  }

  /** Set by the later step's first block; the earlier step's first block waits a while for it. */
  static volatile java.util.concurrent.CountDownLatch laterStarted;
  /** Whether the earlier step's first block saw the later step start (they ran side by side). */
  static final java.util.concurrent.atomic.AtomicBoolean sideBySide = new java.util.concurrent.atomic.AtomicBoolean();

  /** Copies; in files named "first-..." its first block waits up to 3 s for a block of another file. */
  static final class OrderedCopy implements org.rios.applier.UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) throws InterruptedException {
      RasterArray x = inputs.get("img");
      if (new File(info.getFilenameFor(x)).getName().startsWith("first-")) {
        if (info.isFirstBlock() && laterStarted.await(3, java.util.concurrent.TimeUnit.SECONDS)) {
          sideBySide.set(true);
        }
      } else {
        laterStarted.countDown();
      }
      outputs.put("out", x);
    }
  }

  /** Runs one pipeline of two RiosIO steps, "First" and "Later", of one job each, with 2 compute workers. */
  private static void runTwoSteps(RasterJob first, org.rios.applier.UserFunction firstFn, RasterJob later,
      org.rios.applier.UserFunction laterFn) {
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner", "--numComputeWorkers=2"));
    p.apply("FirstJobs", Create.of(List.of(first)).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply("First", RiosIO.process(firstFn));
    p.apply("LaterJobs", Create.of(List.of(later)).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply("Later", RiosIO.process(laterFn));
    p.run().waitUntilFinish();
  }

  /**
   * A later step's job reading a file an earlier step writes is planned from the written file: planning opens
   * the inputs, and it ran before the wait, so the job failed on a file not written yet ("does not exist") or,
   * where an earlier file of another shape was at that name, was planned and read on that file's grid.
   */
  @Test
  void aLaterStepReadingAnEarlierStepsOutputIsPlannedFromTheWrittenFile() throws Exception {
    String firstIn = TestRasters.rampFile(new File(tmp, "first-in.img"));
    String written = new File(tmp, "written.img").getPath();
    String readBack = new File(tmp, "read-back.img").getPath();
    for (boolean staleFileThere : new boolean[] {false, true}) {
      if (staleFileThere) {
        TestRasters.rampFile(new File(written), true, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, null,
            TestRasters.STD_ROWS / 2, TestRasters.STD_COLS / 2);
      }
      runTwoSteps(job("writes", firstIn, written, controls()), new SlowCopy(),
          job("later", written, readBack, controls()), (info, in, out) -> out.put("out", in.get("img")));
      assertThat("the later step read step 1's file (an earlier file there: " + staleFileThere + ")",
          TestRasters.read(readBack).contentEquals(TestRasters.read(firstIn)), is(true));
    }
  }

  /**
   * A later step writing a file an earlier step reads does so after it was read (the steps ran side by side,
   * and what the earlier step read depended on which ran first). The earlier step's first block gives a later
   * step running beside it up to 3 s to show itself; run in order, nothing does.
   */
  @Test
  void aLaterStepWritingAnEarlierStepsInputRunsAfterIt() throws Exception {
    String firstIn = TestRasters.rampFile(new File(tmp, "first-in.img"));
    String reversed = TestRasters.rampFile(new File(tmp, "reversed.img"), true, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, null, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    String firstRead = TestRasters.rampFile(new File(tmp, "first-read.img"));
    String copyOfRead = new File(tmp, "copy-of-read.img").getPath();
    laterStarted = new java.util.concurrent.CountDownLatch(1);
    sideBySide.set(false);
    runTwoSteps(job("reads", firstRead, copyOfRead, controls()), new OrderedCopy(),
        job("later", reversed, firstRead, controls()), new OrderedCopy());
    assertThat("the steps ran side by side", sideBySide.get(), is(false));
    // first-read.img held the same ramp as first-in.img until the later step replaced it
    assertThat("step 1 read the file before the later step replaced it", TestRasters.read(copyOfRead)
        .contentEquals(TestRasters.read(firstIn)), is(true));
    assertThat(TestRasters.read(firstRead).contentEquals(TestRasters.read(reversed)), is(true));
  }

  /**
   * A user function or otherArgs that cannot be sent to the workers is refused when given, naming it and what
   * it holds: the runner failed only once the pipeline ran, naming a step of the library
   * ("unable to serialize DoFnWithExecutionInformation{doFn=ComputeJobBlocksFn...}").
   */
  @Test
  void aUserFunctionOrOtherArgsThatCannotBeSentAreRefusedWhenGiven() {
    Object lock = new Object();
    org.rios.applier.UserFunction capturing = (info, in, out) -> {
      synchronized (lock) {
        out.put("out", in.get("img"));
      }
    };
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> RiosIO.process(capturing));
    assertThat(e.getMessage(), allOf(containsString("RiosIO.process: the user function"),
        containsString("java.lang.Object is not Serializable")));
    java.util.ArrayList<Object> args = new java.util.ArrayList<>(List.of(new Object()));
    org.rios.errors.ParameterException e2 = assertThrows(org.rios.errors.ParameterException.class,
        () -> RiosIO.process((info, in, out, a) -> out.put("out", in.get("img")), args));
    assertThat(e2.getMessage(), allOf(containsString("RiosIO.process: otherArgs"),
        containsString("java.lang.Object is not Serializable")));
  }

  /** Controls whose before-close hook cannot be sent were blamed on "the user function or otherArgs". */
  @Test
  void controlsThatCannotBeSentAreRefusedWhenGiven() {
    Object lock = new Object();
    ApplierControls c = controls().setCallBeforeClose(ds -> {
      synchronized (lock) {
        ds.FlushCache();
      }
    });
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> RasterJobs.fromNames("img", "out", tmp.getPath(), "-out.tif").withControls(c));
    assertThat(e.getMessage(), allOf(containsString("RasterJobs.withControls"), containsString("callBeforeClose")));
    org.rios.errors.ParameterException one = assertThrows(org.rios.errors.ParameterException.class,
        () -> RasterJob.of("j1", new FilenameAssociations(), new FilenameAssociations()).withControls(c));
    assertThat(one.getMessage(), allOf(containsString("controls of job 'j1'"), containsString("not Serializable")));
  }

  /** Puts one array, kept between calls, for every block: each block written would hold the last one's values. */
  static final class ReusedBuffer implements org.rios.applier.UserFunction {
    private static final long serialVersionUID = 1L;
    private transient RasterArray buf;

    @Override
    public void apply(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) {
      RasterArray x = inputs.get("img");
      if (buf == null || buf.rows() != x.rows() || buf.cols() != x.cols()) {
        buf = RasterArray.create(DataType.UINT16, 1, x.rows(), x.cols());
      }
      java.util.Arrays.fill(buf.shorts(), (short) (info.getBlockCount().x() + 7 * info.getBlockCount().y()));
      outputs.put("out", buf);
    }
  }

  @Test
  void anArrayPutForSeveralBlocksIsRefusedNotWrittenOver() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "reuse.img"));
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    RiosWriteResult r = p.apply(Create.of(List.of(job("reuse", in, new File(tmp, "reuse-out.img").getPath(),
        controls()))).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new ReusedBuffer()).withFailedJobs());
    List<FailedJob> failed = runCollectingFailedJobs(p, r, "reuse-failed");
    assertThat(failed.stream().map(FailedJob::jobId).toList(), is(List.of("reuse")));
    assertThat(failed.get(0).message(), allOf(containsString("the same array for output 'out'"),
        containsString("reuse-out.img")));
    assertThat(new File(tmp, "reuse-out.img").exists(), is(false));
    assertThat(partials(), empty());
  }

  /** Block 0, slow, is Float32; the others are Byte and reach the writer first. */
  static final class SlowFloatFirstBlock implements org.rios.applier.UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) throws InterruptedException {
      RasterArray x = inputs.get("img");
      if (info.isFirstBlock()) {
        Thread.sleep(1500);
        outputs.put("out", RasterArray.filled(DataType.FLOAT32, 1, x.rows(), x.cols(), 1000.5));
      } else {
        outputs.put("out", RasterArray.filled(DataType.UINT8, 1, x.rows(), x.cols(), 7));
      }
    }
  }

  /**
   * A file took the type of the first block to reach its writer, not block 0's: block 0's 1000.5 was written
   * as 255 into a Byte file, and the run succeeded. Now the file is block 0's type, or the job fails saying why.
   */
  @Test
  void blocksOfMixedTypesNeverGiveAFileOfTheWrongType() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "mixed.img"));
    String out = new File(tmp, "mixed-out.img").getPath();
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner", "--numComputeWorkers=2"));
    RiosWriteResult r = p.apply(Create.of(List.of(job("mixed", in, out, controls())))
        .withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new SlowFloatFirstBlock()).withFailedJobs());
    List<FailedJob> failed = runCollectingFailedJobs(p, r, "mixed-failed");
    if (failed.isEmpty()) {
      assertThat(TestRasters.read(out).dataType(), is(DataType.FLOAT32));
    } else {
      assertThat(failed.get(0).message(), allOf(containsString("mixed-out.img"), containsString("FLOAT32"),
          containsString("UINT8")));
      assertThat(new File(out).exists(), is(false));
    }
    assertThat(partials(), empty());
  }

  /**
   * Two jobs writing one file (the last to finish replaced the other's, both reported written) and a job
   * reading what another writes (its result depended on the order) fail the pipeline as soon as the job list
   * is read, with or without failed-job routing. (The jobs here are slow, so the check is surely first to fail.)
   */
  @Test
  void jobsThatWriteOneFileOrReadAnothersOutputAreRefused() throws Exception {
    String a = TestRasters.rampFile(new File(tmp, "slow-a.img"));
    String b = TestRasters.rampFile(new File(tmp, "slow-b.img"));
    String d = TestRasters.rampFile(new File(tmp, "slow-d.img"));
    String same = new File(tmp, "same.img").getPath();
    for (boolean routed : new boolean[] {false, true}) {
      List<RasterJob> jobs = List.of(job("one", a, same, controls()), job("two", b, same, controls()),
          job("reads", d, new File(tmp, "r.img").getPath(), controls()),
          job("writes", a, d, controls()));
      Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
      RiosIO.Process<Void> process = RiosIO.process(new SlowCopy());
      p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
          .apply(routed ? process.withFailedJobs() : process);
      RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
      StringBuilder said = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        said.append(t.getMessage()).append('\n');
      }
      assertThat(said.toString(), allOf(containsString(same + " (jobs 'one', 'two')"),
          containsString(d + " (written by 'writes', read by 'reads')")));
      assertThat(new File(same).exists(), is(false));
      assertThat(partials(), empty());
    }
  }

  /**
   * A job writing over its own input is refused at planning, before its file is touched: a runner may run the
   * job again once the output is in place (a retried bundle, a restarted task), and it would then read its own
   * output. Routed, it is a failed job naming the output, the input and the file while the other job
   * completes; otherwise the pipeline fails with that message. The input is unchanged either way, and
   * {@code RiosBeam.process} (Applier.apply with CW_BEAM) refuses such a plan when the pipeline is built.
   */
  @Test
  void aJobWritingOverItsOwnInputIsRefused() throws Exception {
    String self = TestRasters.rampFile(new File(tmp, "self.img"));
    byte[] before = Files.readAllBytes(Path.of(self));
    String other = TestRasters.rampFile(new File(tmp, "other.img"));
    String otherOut = new File(tmp, "other-out.img").getPath();
    for (boolean routed : new boolean[] {true, false}) {
      Files.deleteIfExists(Path.of(otherOut));
      Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
      RiosIO.Process<Void> process = RiosIO.process((info, in, out) -> out.put("out", in.get("img")));
      RiosWriteResult r = p.apply(Create.of(List.of(job("self", self, self, controls()),
              job("other", other, otherOut, controls()))).withCoder(SerializableCoder.of(RasterJob.class)))
          .apply(routed ? process.withFailedJobs() : process);
      String expected = "Job 'self': Output 'out' (" + self + ") is also its input 'img'";
      if (routed) {
        List<FailedJob> failed = runCollectingFailedJobs(p, r, "self-failed");
        assertThat(failed.stream().map(FailedJob::jobId).toList(), is(List.of("self")));
        assertThat(failed.get(0).message(), allOf(org.hamcrest.Matchers.startsWith(expected),
            containsString("retried")));
        assertThat(new File(otherOut).exists(), is(true));
      } else {
        RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
        assertThat(RiosBeam.failureOf(e).getMessage(), containsString(expected));
      }
      assertThat(Files.readAllBytes(Path.of(self)), is(before));
      assertThat(partials(), empty());
    }

    org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(
        new FilenameAssociations().put("img", self), new FilenameAssociations().put("out", self), controls());
    Pipeline q = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> q.apply(RiosBeam.process(plan, new FilenameAssociations().put("img", self),
            new FilenameAssociations().put("out", self), (info, in, out, a) -> out.put("out", in.get("img")), null)));
    assertThat(e.getMessage(), org.hamcrest.Matchers.startsWith("Job 'rios': Output 'out' (" + self
        + ") is also its input 'img'"));
    assertThat(Files.readAllBytes(Path.of(self)), is(before));
  }

  /**
   * An input named as a subdataset of a file ({@code GTIFF_DIR:1:x.tif}) reads that file: a job writing the
   * file over it, or another job of the collection writing it, is refused as for the file's own name (the two
   * names were taken for two files).
   */
  @Test
  void anInputNamedAsASubdatasetOfAnOutputFileIsThatFile() {
    String tif = TestRasters.write(new File(tmp, "sub.tif"), "GTiff", RasterArray.filled(DataType.UINT8, 1, 8, 8, 3),
        0, 8, 1, TestRasters.wkt(28355), null);
    String sub = "GTIFF_DIR:1:" + tif;
    org.rios.errors.ParameterException self = assertThrows(org.rios.errors.ParameterException.class,
        () -> ReplacedInputs.refuse("self", org.rios.plan.WorkingPlanBuilder.build(
            new FilenameAssociations().put("img", sub), new FilenameAssociations().put("out", tif), controls())));
    assertThat(self.getMessage(), containsString("Output 'out' (" + tif + ") is also its input 'img'"));

    CollectionChecks checks = new CollectionChecks();
    CollectionChecks.Seen seen = checks.createAccumulator();
    checks.addInput(seen, job("writes", TestRasters.rampFile(new File(tmp, "w.img")), tif, controls()));
    checks.addInput(seen, job("reads", sub, new File(tmp, "r.tif").getPath(), controls()));
    org.rios.errors.ParameterException both = assertThrows(org.rios.errors.ParameterException.class,
        () -> checks.extractOutput(seen));
    assertThat(both.getMessage(), containsString(tif + " (written by 'writes', read by 'reads')"));
  }

  /**
   * Two jobs given one id name the inputs and outputs as given: the message showed the files' keys, so two
   * subdatasets of one file read as one file and an s3:// name as /vsis3/.
   */
  @Test
  void aRepeatedIdIsShownWithTheNamesItsJobsWereGiven() {
    CollectionChecks checks = new CollectionChecks();
    CollectionChecks.Seen seen = checks.createAccumulator();
    checks.addInput(seen, job("x", "NETCDF:/d/x.nc:ndvi", "s3://out/x-ndvi.tif", controls()));
    checks.addInput(seen, job("x", "NETCDF:/d/x.nc:evi", "s3://out/x-evi.tif", controls()));
    org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
        () -> checks.extractOutput(seen));
    assertThat(e.getMessage(), containsString("'x' (reading NETCDF:/d/x.nc:evi, NETCDF:/d/x.nc:ndvi; writing "
        + "s3://out/x-evi.tif, s3://out/x-ndvi.tif)"));
  }

  /**
   * An earlier execution of a job left one of its two outputs in place with the earlier file aside (the
   * pipeline failed before the job's commit step ran). This execution fails the job before any writer opens
   * (its user function throws on the first block): the job is a FailedJob, and its output holds the earlier
   * file again, not the failed execution's. It used to keep the new file, beside a FailedJob.
   */
  @Test
  void aJobFailingBeforeItsWritersOpenTakesBackAnEarlierExecutionsOutput() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "half-in.img"));
    String a = new File(tmp, "half-a.img").getPath();
    String aside = new File(tmp, "half-a.img.rios-replaced.img").getPath();
    TestRasters.write(new File(aside), "HFA", RasterArray.filled(DataType.UINT8, 1, 10, 10, 1),
        TestRasters.STD_XLEFT, TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    TestRasters.write(new File(a), "HFA", RasterArray.filled(DataType.UINT8, 1, 10, 10, 2),
        TestRasters.STD_XLEFT, TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), null);
    RasterJob job = RasterJob.of("half", new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("a", a).put("b", new File(tmp, "half-b.img").getPath()))
        .withControls(controls());
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    RiosWriteResult r = p.apply(Create.of(List.of(job)).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process((info, inputs, outputs) -> {
          throw new IllegalStateException("no block of this job computes");
        }).withFailedJobs());
    List<FailedJob> failed = runCollectingFailedJobs(p, r, "half-failed");
    assertThat(failed.stream().map(FailedJob::jobId).toList(), is(List.of("half")));
    assertThat(TestRasters.read(a).getDouble(0, 0, 0), is(1.0));
    assertThat(new File(aside).exists(), is(false));
    assertThat(new File(tmp, "half-b.img").exists(), is(false));
  }

  /**
   * Two outputs of one job with one path (the second rename replaced the first while both were reported
   * written, with records that disagreed with the file) are a failed job at planning; a null element of the
   * collection fails the pipeline naming it (it was a raw NullPointerException).
   */
  @Test
  void twoOutputsOfOneJobWithOnePathFailTheJobAndANullJobIsNamed() throws Exception {
    String a = TestRasters.rampFile(new File(tmp, "two.img"));
    String same = new File(tmp, "two-out.img").getPath();
    RasterJob twoOutputs = RasterJob.of("twoout", new FilenameAssociations().put("img", a),
        new FilenameAssociations().put("o1", same).put("o2", same)).withControls(controls());
    RasterJob good = job("good", a, new File(tmp, "two-good.img").getPath(), controls());
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    RiosWriteResult r = p.apply(Create.of(List.of(twoOutputs, good)).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process((info, in, out) -> {
          out.put("o1", in.get("img"));
          out.put("o2", in.get("img"));
          out.put("out", in.get("img"));
        }).withFailedJobs());
    List<FailedJob> failed = runCollectingFailedJobs(p, r, "two-failed");
    assertThat(failed.stream().map(FailedJob::jobId).toList(), is(List.of("twoout")));
    assertThat(failed.get(0).message(), allOf(containsString("'o1'"), containsString("'o2'"),
        containsString("same file")));
    // a failure at planning names the job's files too, as one while computing does
    assertThat(failed.get(0).message(), containsString("(the job reads img=" + a + "; writes o1=" + same));
    assertThat(new File(same).exists(), is(false));
    assertThat(new File(tmp, "two-good.img").exists(), is(true));

    Pipeline q = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    q.apply(Create.of(java.util.Arrays.asList(good, null))
            .withCoder(org.apache.beam.sdk.coders.NullableCoder.of(SerializableCoder.of(RasterJob.class))))
        .apply(RiosIO.process((info, in, out) -> out.put("out", in.get("img"))).withFailedJobs());
    RuntimeException e = assertThrows(RuntimeException.class, () -> q.run().waitUntilFinish());
    StringBuilder said = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      said.append(t.getMessage()).append('\n');
    }
    assertThat(said.toString(), containsString("null RasterJob"));

    // the same job list as the second step of a pipeline: it meets the steps' checks before it is planned
    Pipeline two = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    two.apply("EarlierJobs", Create.of(List.of(job("earlier", a, new File(tmp, "earlier.img").getPath(), controls())))
            .withCoder(SerializableCoder.of(RasterJob.class)))
        .apply("Earlier", RiosIO.process((info, in, out) -> out.put("out", in.get("img"))));
    two.apply("LaterJobs", Create.of(java.util.Arrays.asList(good, null))
            .withCoder(org.apache.beam.sdk.coders.NullableCoder.of(SerializableCoder.of(RasterJob.class))))
        .apply("Later", RiosIO.process((info, in, out) -> out.put("out", in.get("img"))).withFailedJobs());
    RuntimeException e2 = assertThrows(RuntimeException.class, () -> two.run().waitUntilFinish());
    StringBuilder said2 = new StringBuilder();
    for (Throwable t = e2; t != null; t = t.getCause()) {
      said2.append(t.getMessage()).append('\n');
    }
    assertThat(said2.toString(), containsString("null RasterJob"));
  }

  @Test
  void wordOfBlocksWrittenInAnotherJvmFailsThePipelineNamingTheOption() {
    // --writersInProcess=true on a runner whose writer step runs elsewhere: the writer's JVM never saw the blocks
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "elsewhere.img").getPath();
    org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out), controls());
    OutputTarget t = new OutputTarget("run-elsewhere", "far", plan.forOutput(plan.outputs().get(0)),
        plan.numBlocks(), 1, false);
    OutputChunk word = new OutputChunk(t, plan.blocks().subList(0, 2), List.of(), "another-jvm");
    org.apache.beam.sdk.values.TupleTag<org.apache.beam.sdk.values.KV<String, ReadyOutput>> written =
        new org.apache.beam.sdk.values.TupleTag<>("w");
    org.apache.beam.sdk.values.TupleTag<FailedJob> incomplete = new org.apache.beam.sdk.values.TupleTag<>("i");
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    org.apache.beam.sdk.values.PCollectionTuple outs = p.apply(Create.of(org.apache.beam.sdk.values.KV.of(t.key(), word)).withCoder(org.apache.beam.sdk.coders.KvCoder.of(
            org.apache.beam.sdk.coders.StringUtf8Coder.of(), OutputChunkCoder.of())))
        .apply(org.apache.beam.sdk.transforms.ParDo.of(new WriteOutputFn(written, null))
            .withOutputTags(written, org.apache.beam.sdk.values.TupleTagList.of(incomplete)));
    outs.get(written).setCoder(org.apache.beam.sdk.coders.KvCoder.of(org.apache.beam.sdk.coders.StringUtf8Coder.of(),
        SerializableCoder.of(ReadyOutput.class)));
    outs.get(incomplete).setCoder(SerializableCoder.of(FailedJob.class));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(String.valueOf(BeamDriver.rootCause(e).getMessage()), allOf(containsString("Job 'far'"),
        containsString(out), containsString("--writersInProcess=true needs every worker of the pipeline in one JVM")));
    assertThat(new File(out).exists(), is(false));
  }

  /** Refuses output "b" just before it is closed, after a pause in which the job's other output finishes. */
  static final class RefusingHook implements org.rios.gdal.BeforeClose {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeClose(org.gdal.gdal.Dataset dataset) throws Exception {
      Thread.sleep(1500);
      throw new IllegalStateException("hook of b refuses");
    }
  }

  /** Copies its input to outputs "a" and "b". */
  static final class CopyToTwo implements org.rios.applier.UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(org.rios.applier.BlockInfo info, org.rios.applier.BlockAssociations inputs,
        org.rios.applier.BlockAssociations outputs) {
      outputs.put("a", inputs.get("img"));
      outputs.put("b", inputs.get("img"));
    }
  }

  /**
   * A job of two outputs whose writer of "b" fails after "a" is finished and in place: the job replaces none of
   * its earlier outputs, routed or failing the pipeline (which used to leave the new "a", the old "b" and the
   * old "a" aside), and the failure names the file of the output that failed.
   */
  @Test
  void aJobFailingInOneOutputsWriterReplacesNoneOfItsEarlierOutputs() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    for (String mode : List.of("routed", "sent", "in-process")) {
      boolean routed = mode.equals("routed");
      File dir = new File(tmp, "two-" + mode);
      dir.mkdirs();
      File a = new File(dir, "a.tif");
      File b = new File(dir, "b.tif");
      Files.write(a.toPath(), new byte[] {1, 2, 3});
      Files.write(b.toPath(), new byte[] {4, 5, 6});
      RasterJob job = RasterJob.of("two", new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("a", a.getPath()).put("b", b.getPath()))
          .withControls(controls().setWindowSize(256, 256).setOutputDriverName("GTiff")
              .setCallBeforeClose(new RefusingHook(), "b"));
      // written in process (the compute worker's own writers, as on the DirectRunner and Flink [local] by default)
      // the failure used to leave the new "a" at its name and the old one aside
      Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner",
          "--writersInProcess=" + mode.equals("in-process")));
      RiosIO.Process<Void> process = RiosIO.process(new CopyToTwo());
      String message;
      if (routed) {
        RiosWriteResult r = p.apply(Create.of(List.of(job)).withCoder(SerializableCoder.of(RasterJob.class)))
            .apply(process.withFailedJobs());
        List<FailedJob> failed = runCollectingFailedJobs(p, r, "two");
        assertThat(failed.size(), is(1));
        message = failed.get(0).message();
      } else {
        p.apply(Create.of(List.of(job)).withCoder(SerializableCoder.of(RasterJob.class))).apply(process);
        message = RiosBeam.failureOf(assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish()))
            .getMessage();
      }
      assertThat(message, allOf(containsString("Job 'two'"), containsString("hook of b refuses"),
          containsString(b.getPath())));
      assertThat("a restored, " + mode, Files.readAllBytes(a.toPath()), is(new byte[] {1, 2, 3}));
      assertThat(Files.readAllBytes(b.toPath()), is(new byte[] {4, 5, 6}));
      assertThat(mode, Stream.of(dir.list()).sorted().toList(), is(List.of("a.tif", "b.tif")));
    }
  }
}
