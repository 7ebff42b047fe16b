package org.rios.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.RiosTimeoutException;
import org.rios.errors.WorkerException;
import org.rios.gdal.GdalRuntime;

/**
 * CW_SLURM and CW_PBS against a real single-node SLURM cluster (munged, slurmctld, slurmd; PBS commands from
 * Debian's slurm-wlm-torque driving the same cluster), started and stopped by the project's scripts. Every
 * combination of computeWorkersRead, haveSharedTemp and singleBlockComputeWorkers gives outputs identical to a
 * sequential run; a failing job's log reaches the error; a job that dies before joining is noticed from the
 * queue; held jobs hit the barrier timeout; the environment variables reach the job scripts; and after every
 * test the queue holds no job of ours.
 */
class BatchQueueIT {
  @TempDir static File tmp;
  static SlurmCluster cluster;
  static String image;
  static ApplierReturn<OtherInputs> sequential;
  static final ComputeWorkerKind[] KINDS = {ComputeWorkerKind.CW_SLURM, ComputeWorkerKind.CW_PBS};
  static final Map<String, Double> timings = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    GdalRuntime.ensureLoaded();
    // 4-band UInt16, 256 x 200 pixels: 2 x 2 blocks of 128, so one job per block is 4 jobs.
    RasterArray img = RasterArray.create(DataType.UINT16, 4, 200, 256);
    for (int b = 0; b < 4; b++) {
      for (int r = 0; r < 200; r++) {
        for (int c = 0; c < 256; c++) {
          img.setLong(b, r, c, 100 + (b + 1) * ((r * 7 + c * 3) % 500));
        }
      }
    }
    image = ExamplesIT.write(new File(tmp, "image.tif"), img, 30, 32755, null);
    sequential = run("seq", ConcurrencyStyle.none());
    long t0 = System.nanoTime();
    cluster = SlurmCluster.start();
    timings.put("cluster start", (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
    StringBuilder sb = new StringBuilder("\n== BatchQueueIT timings (s)\n");
    timings.forEach((k, v) -> sb.append(String.format("%-60s %7.2f%n", k, v)));
    System.out.println(sb);
  }

  @AfterEach
  void noJobOrWorkerLeftBehind() throws Exception {
    List<String> queued = SlurmCluster.queuedJobs();
    if (!queued.isEmpty()) {
      assertThat("jobs still queued or running: " + SlurmCluster.whyStillListed(queued), queued, is(empty()));
    }
    assertThat("compute-worker processes still alive", workerProcesses(), is(empty()));
  }

  /** Live compute-worker JVMs on this machine (a job's processes are gone once the queue drops the job). */
  static List<String> workerProcesses() {
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains("org.rios.concurrency.internal.channel.ComputeWorkerMain"))
        .toList();
  }

  static ApplierReturn<OtherInputs> run(String name, ConcurrencyStyle style) {
    return Applier.apply(new BeamCases.ClassesAndSum(), new FilenameAssociations().put("image", image),
        outputs(name), new OtherInputs().put("sum", 0.0).put("count", 0L),
        new ApplierControls().setWindowSize(128, 128).setThematic(true, "classes").setTempdir(tmp.getPath())
            .setConcurrencyStyle(style));
  }

  static FilenameAssociations outputs(String name) {
    return new FilenameAssociations().put("classes", new File(tmp, name + "-classes.tif").getPath())
        .put("scaled", new File(tmp, name + "-scaled.img").getPath());
  }

  /** Loopback only; the queue listed twice a second so the tests see jobs end quickly. */
  static final Map<String, String> EXTRA = Map.of("channelHost", "127.0.0.1", "pollInterval", "0.5");

  static ConcurrencyStyle.Builder batch(ComputeWorkerKind kind) {
    return ConcurrencyStyle.builder().computeWorkerKind(kind).computeBufferPopTimeout(120)
        .computeWorkerExtraParams(EXTRA);
  }

  static Stream<Arguments> combinations() {
    List<Arguments> out = new ArrayList<>();
    for (ComputeWorkerKind kind : KINDS) {
      for (boolean workersRead : new boolean[] {true, false}) {
        for (boolean sharedTemp : new boolean[] {true, false}) {
          for (boolean singleBlock : new boolean[] {false, true}) {
            out.add(Arguments.of(kind, workersRead, sharedTemp, singleBlock));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} computeWorkersRead={1} haveSharedTemp={2} singleBlockComputeWorkers={3}")
  @MethodSource("combinations")
  void outputsAndOtherArgsMatchSequential(ComputeWorkerKind kind, boolean workersRead, boolean sharedTemp,
      boolean singleBlock) {
    ConcurrencyStyle.Builder style = batch(kind).computeWorkersRead(workersRead).haveSharedTemp(sharedTemp);
    if (singleBlock) {
      style.singleBlockComputeWorkers(true);
    } else {
      style.numComputeWorkers(2).numReadWorkers(workersRead ? 0 : 1);
    }
    String name = kind + "-" + workersRead + "-" + sharedTemp + "-" + singleBlock;
    long t0 = System.nanoTime();
    ApplierReturn<OtherInputs> rtn = run(name, style.build());
    timings.put(name, (System.nanoTime() - t0) / 1e9);

    for (String out : List.of("classes", "scaled")) {
      assertThat(name + " " + out, RasterCompare.differences(outputs("seq").get(out), outputs(name).get(out)),
          is(empty()));
    }
    double sum = 0;
    long count = 0;
    for (OtherInputs o : rtn.otherArgsList()) {
      sum += o.getDouble("sum");
      count += o.getLong("count");
    }
    assertThat("one otherArgs copy per job", rtn.otherArgsList().size(), is(singleBlock ? 4 : 2));
    assertThat(count, is(256L * 200));
    assertThat(sum, is(sequential.otherArgsList().get(0).getDouble("sum")));
    assertThat(rtn.timings().formatReport(), containsString("startcomputeworkers"));
  }

  /**
   * A temp directory with a space, a quote, a '#' and a '%' (SLURM), and a job name with a quote and a space: each job
   * gets its log and name as arguments of their own (they were #SBATCH lines, which sbatch splits, reads quotes
   * in and cuts at '#': every job failed), and sbatch's --parsable reply is read (its job used to be left in
   * the queue); the outputs equal the sequential run's and nothing is left in the directory.
   */
  @ParameterizedTest
  @EnumSource(value = ComputeWorkerKind.class, names = {"CW_SLURM", "CW_PBS"})
  void oddTempDirectoriesAndJobNamesWork(ComputeWorkerKind kind) throws Exception {
    // PBS here is SLURM's Torque wrappers, whose qsub hands its arguments to sbatch through a shell: only
    // SLURM's own sbatch takes any path (PBS gets the job name)
    File odd = new File(tmp, kind == ComputeWorkerKind.CW_SLURM ? "it's a #dir 100%" : "pbs-dir");
    assertThat(odd.mkdirs(), is(true));
    Map<String, String> extra = new LinkedHashMap<>(EXTRA);
    if (kind == ComputeWorkerKind.CW_SLURM) {
      extra.put("sbatchOptions", "--parsable");
    }
    String name = "odd-" + kind;
    ApplierReturn<OtherInputs> rtn = Applier.apply(new BeamCases.ClassesAndSum(),
        new FilenameAssociations().put("image", image), outputs(name),
        new OtherInputs().put("sum", 0.0).put("count", 0L),
        new ApplierControls().setWindowSize(128, 128).setThematic(true, "classes").setTempdir(odd.getPath())
            .setJobName("Bob's run").setConcurrencyStyle(batch(kind).numComputeWorkers(2)
                .computeWorkerExtraParams(extra).build()));
    for (String o : List.of("classes", "scaled")) {
      assertThat(o, RasterCompare.differences(outputs("seq").get(o), outputs(name).get(o)), is(empty()));
    }
    assertThat(rtn.otherArgsList().size(), is(2));
    try (Stream<java.nio.file.Path> left = Files.list(odd.toPath())) {
      assertThat(left.map(java.nio.file.Path::toString).toList(), is(empty()));
    }
  }

  @ParameterizedTest
  @EnumSource(value = ComputeWorkerKind.class, names = {"CW_SLURM", "CW_PBS"})
  void aFailingJobsLogIsInTheError(ComputeWorkerKind kind) {
    String out = new File(tmp, "fail-" + kind + ".tif").getPath();
    WorkerException e = assertThrows(WorkerException.class, () -> Applier.apply(new BeamCases.FailOnBlock(1, 0),
        new FilenameAssociations().put("image", image), new FilenameAssociations().put("copy", out),
        new ApplierControls().setWindowSize(128, 128).setTempdir(tmp.getPath())
            .setConcurrencyStyle(batch(kind).numComputeWorkers(2).build())));
    assertThat(e.getMessage(), containsString("deliberate failure in block (1,0)"));
    assertThat(e.getMessage(), containsString("--- log of batch job"));
    assertThat(e.getMessage(), containsString("rios_computeworker status: 1"));
    assertThat("no half-written output", new File(out).exists(), is(false));
  }

  @ParameterizedTest
  @EnumSource(value = ComputeWorkerKind.class, names = {"CW_SLURM", "CW_PBS"})
  void aJobThatDiesBeforeJoiningIsSeenLeavingTheQueue(ComputeWorkerKind kind) {
    Map<String, String> extra = new LinkedHashMap<>(EXTRA);
    extra.put("initCmds", "echo 'node setup failed on purpose' >&2; exit 7");
    long t0 = System.nanoTime();
    WorkerException e = assertThrows(WorkerException.class, () -> run("dies-" + kind,
        batch(kind).numComputeWorkers(2).computeWorkerExtraParams(extra).build()));
    timings.put("job dies before joining, " + kind, (System.nanoTime() - t0) / 1e9);
    assertThat(e.getMessage(), containsString("left the queue before handing back its result"));
    assertThat(e.getMessage(), containsString("node setup failed on purpose"));
  }

  /**
   * Jobs that take longer to start than readBufferInsertTimeout (here their node set-up sleeps 4 s, the
   * timeout is 1 s): this process's read worker starts reading once they have joined, so it does not fill the
   * buffer (2 of the 4 blocks) and fail waiting for room while they are still queued.
   */
  @ParameterizedTest
  @EnumSource(value = ComputeWorkerKind.class, names = {"CW_SLURM", "CW_PBS"})
  void readWorkersWaitForJobsSlowerToStartThanTheInsertTimeout(ComputeWorkerKind kind) {
    Map<String, String> extra = new LinkedHashMap<>(EXTRA);
    extra.put("initCmds", "sleep 4");
    String name = "slow-start-" + kind;
    long t0 = System.nanoTime();
    run(name, batch(kind).numComputeWorkers(2).numReadWorkers(1).computeWorkersRead(false)
        .readBufferInsertTimeout(1).computeWorkerExtraParams(extra).build());
    timings.put("jobs start after 4 s, insert timeout 1 s, " + kind, (System.nanoTime() - t0) / 1e9);
    for (String out : List.of("classes", "scaled")) {
      assertThat(name + " " + out, RasterCompare.differences(outputs("seq").get(out), outputs(name).get(out)),
          is(empty()));
    }
  }

  @ParameterizedTest
  @EnumSource(value = ComputeWorkerKind.class, names = {"CW_SLURM", "CW_PBS"})
  void heldJobsHitTheBarrierTimeoutAndAreCancelled(ComputeWorkerKind kind) {
    Map<String, String> extra = new LinkedHashMap<>(EXTRA);
    extra.put(kind == ComputeWorkerKind.CW_SLURM ? "sbatchOptions" : "qsubOptions",
        kind == ComputeWorkerKind.CW_SLURM ? "--hold" : "-h");
    long t0 = System.nanoTime();
    RiosTimeoutException e = assertThrows(RiosTimeoutException.class, () -> run("held-" + kind,
        batch(kind).numComputeWorkers(2).computeBarrierTimeout(3).computeWorkerExtraParams(extra).build()));
    timings.put("held jobs, barrier timeout 3 s, " + kind, (System.nanoTime() - t0) / 1e9);
    assertThat(e.getMessage(), containsString("computeBarrierTimeout"));
    assertThat(e.getMessage(), containsString("may still be waiting in the queue"));
    // the message names the workers that never started and their jobs
    assertThat(e.getMessage(), matchesPattern("(?s).*2 of the 2 compute workers did not start within 3 s "
        + "\\(computeBarrierTimeout\\): compute worker 0 \\(batch job \\d+[^)]*\\), compute worker 1 "
        + "\\(batch job \\d+[^)]*\\).*"));
  }

  /**
   * Batch jobs that read their own blocks from an S3 store (a real s3proxy) get the run's GDAL options through
   * the plan, not through the environment; the outputs go to the store, equal to the sequential local run,
   * and the secret is in no job script, job record or file the run left.
   */
  @Test
  void batchJobsReadFromAndWriteToS3WithTheRunsGdalOptions() throws Exception {
    try (S3Server s3 = S3Server.start(tmp.toPath().resolve("s3"))) {
      s3.createBucket("batch");
      s3.put("batch", "in/image.tif", new File(image).toPath());
      FilenameAssociations out = new FilenameAssociations().put("classes", "s3://batch/out/classes.tif")
          .put("scaled", "s3://batch/out/scaled.img");
      long t0 = System.nanoTime();
      Applier.apply(new BeamCases.ClassesAndSum(), new FilenameAssociations().put("image", "s3://batch/in/image.tif"),
          out, new OtherInputs().put("sum", 0.0).put("count", 0L),
          s3.configure(new ApplierControls().setWindowSize(128, 128).setThematic(true, "classes")
              .setTempdir(tmp.getPath()).setConcurrencyStyle(batch(ComputeWorkerKind.CW_SLURM).numComputeWorkers(2)
                  .computeWorkersRead(true).haveSharedTemp(false).build())));
      timings.put("CW_SLURM from and to S3", (System.nanoTime() - t0) / 1e9);
      for (String o : List.of("classes", "scaled")) {
        String key = out.get(o).substring("s3://batch/".length());
        assertThat(o, RasterCompare.differences(outputs("seq").get(o), s3.object("batch", key).toString()),
            is(empty()));
      }
      assertThat(SlurmCluster.allJobRecords(), not(containsString(S3Server.SECRET)));
      try (Stream<java.nio.file.Path> files = Files.walk(tmp.toPath())) {
        for (java.nio.file.Path f : files.filter(Files::isRegularFile)
            .filter(f -> !f.toString().contains(java.io.File.separator + "s3" + java.io.File.separator)).toList()) {
          assertThat(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1),
              not(containsString(S3Server.SECRET)));
        }
      }
    }
  }

  /** The environment variables, set for a user's program run as a process, shape the job scripts. */
  @Test
  void environmentVariablesGiveJobOptionsAndInitCommands() throws Exception {
    for (ComputeWorkerKind kind : KINDS) {
      boolean slurm = kind == ComputeWorkerKind.CW_SLURM;
      String prefix = slurm ? "RIOS_SLURMJOBMGR_" : "RIOS_PBSJOBMGR_";
      File marker = new File(tmp, "init-ran-" + kind);
      String out = new File(tmp, "env-" + kind + ".tif").getPath();
      List<String> cmd = new ArrayList<>(List.of(ExamplesIT.javaBin(), "-cp", System.getProperty("java.class.path"),
          "org.rios.examples.BatchQueueExample", "--kind", kind.name(), "--workers", "2", "--window", "128",
          "--tempdir", tmp.getPath(), "--option", "channelHost=127.0.0.1", image, out));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(tmp);
      pb.environment().put(prefix + (slurm ? "SBATCHOPTIONS" : "QSUBOPTIONS"),
          slurm ? "--comment=rios-env-check --time=00:09:00" : "-l walltime=00:08:00");
      pb.environment().put(prefix + "INITCMDS", "touch " + marker.getPath());
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat("example finished", p.waitFor(180, TimeUnit.SECONDS), is(true));
      assertThat(kind + " example exit code; output:\n" + output, p.exitValue(), is(0));
      assertThat(new File(out).isFile(), is(true));
      assertThat(kind + " init commands ran in the jobs", marker.isFile(), is(true));
      String records = SlurmCluster.allJobRecords();
      if (slurm) {
        assertThat(records, containsString("Comment=rios-env-check"));
        assertThat(records, containsString("TimeLimit=00:09:00"));
      } else {
        assertThat(records, containsString("TimeLimit=00:08:00"));
      }
      Files.deleteIfExists(marker.toPath());
    }
  }

  /** The user's program is stopped (SIGTERM, as Ctrl-C) while its jobs run: its exit cancels them. */
  @Test
  void jobsAreCancelledWhenTheMainProgramIsTerminated() throws Exception {
    String out = new File(tmp, "terminated.tif").getPath();
    List<String> cmd = new ArrayList<>(List.of(ExamplesIT.javaBin(), "-cp", System.getProperty("java.class.path"),
        "org.rios.examples.BatchQueueExample", "--kind", "CW_SLURM", "--workers", "2", "--window", "128",
        "--tempdir", tmp.getPath(), "--option", "channelHost=127.0.0.1", "--option", "initCmds=sleep 120",
        image, out));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(tmp, "terminated.log"))
        .directory(tmp).start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (SlurmCluster.queuedJobs().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat("both jobs submitted", SlurmCluster.queuedJobs().size(), is(2));
    p.destroy();
    assertThat("the program ended", p.waitFor(60, TimeUnit.SECONDS), is(true));
    deadline = System.nanoTime() + 30_000_000_000L;
    while (!SlurmCluster.queuedJobs().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat("jobs cancelled by the program's exit", SlurmCluster.queuedJobs(), is(empty()));
  }

  /**
   * RIOS's default tempdir "." (relative): the job scripts are found although sbatch/qsub run in another
   * directory, and the output matches a sequential run of the same program.
   */
  @ParameterizedTest
  @EnumSource(value = ComputeWorkerKind.class, names = {"CW_SLURM", "CW_PBS"})
  void theDefaultRelativeTempDirWorks(ComputeWorkerKind kind) throws Exception {
    File dir = new File(tmp, "relative-" + kind);
    assertThat(dir.mkdirs(), is(true));
    String expected = exampleRun(dir, "threads.tif", "--kind", "CW_THREADS", "--workers", "1", "--main-reads");
    String out = exampleRun(dir, "rel.tif", "--kind", kind.name(), "--workers", "2", "--option",
        "channelHost=127.0.0.1");
    assertThat(RasterCompare.differences(expected, out), is(empty()));
    assertThat("the run's temp directory is gone", dir.list((d, n) -> n.startsWith("rios_")), emptyArray());
  }

  /** Runs BatchQueueExample in {@code dir} with its default tempdir "."; returns the output path. */
  private static String exampleRun(File dir, String output, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ExamplesIT.javaBin(), "-cp", System.getProperty("java.class.path"),
        "org.rios.examples.BatchQueueExample", "--window", "128"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of(image, output));
    File log = new File(dir, output + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).directory(dir).start();
    assertThat("the program ended", p.waitFor(180, TimeUnit.SECONDS), is(true));
    assertThat(java.nio.file.Files.readString(log.toPath()), p.exitValue(), is(0));
    return new File(dir, output).getPath();
  }
}
