package org.rios.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.beam.CollectToFile;
import org.rios.beam.RasterJob;
import org.rios.beam.RiosIO;
import org.rios.beam.RiosOptions;
import org.rios.beam.WrittenRaster;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.progress.SilentProgress;
import org.rios.runners.RunnerProfiles;

/**
 * RiosIO on a real Flink session cluster of two TaskManagers, one of which is SIGKILLed while the jobs'
 * blocks are being computed: with a restart strategy the pipeline completes, every output is identical to
 * Applier.apply of its job, each has exactly one WrittenRaster, and nothing partial is left.
 */
class RiosIOClusterIT {
  @TempDir static File tmp;
  static FlinkSessionCluster cluster;
  static String image;

  @BeforeAll
  static void setUp() throws Exception {
    image = ExamplesIT.syntheticMultiband(new File(tmp, "image.tif"));
    cluster = FlinkSessionCluster.start(2);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
  }

  static ApplierControls controls() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName("GTiff").setWindowSize(128, 128).setConcurrencyStyle(ConcurrencyStyle.none())
        .setCreationOptions(List.of("TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128", "COMPRESS=DEFLATE"));
  }

  @Test
  void aTaskManagerKilledMidRunLeavesEveryOutputCompleteAndIdentical() throws Exception {
    Path markers = Files.createDirectories(tmp.toPath().resolve("markers"));
    List<RasterJob> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(RasterJob.of("slow" + i, new FilenameAssociations().put("image", image),
          new FilenameAssociations().put("copy", new File(tmp, "slow" + i + ".tif").getPath()))
          .withControls(controls()));
    }
    TaskManagerKiller killer = new TaskManagerKiller(cluster, markers, 8);

    List<String> args = new ArrayList<>(RunnerProfiles.flinkCluster(cluster.restAddress)
        .filesToStage(FlinkSessionCluster.filesToStage()).retries(3, Duration.ofSeconds(2))
        .arg("--tempLocation=" + cluster.workdir.resolve("staging")).args());
    args.add("--numComputeWorkers=2");
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
    Path records = tmp.toPath().resolve("written.bin");
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new BeamCases.SlowCopy(150, markers.toString())))
        .writtenRasters().apply(CollectToFile.to(records));
    Set<String> before = new HashSet<>(jobIds());
    killer.start();
    p.run().waitUntilFinish();
    assertThat("a TaskManager was killed", killer.awaitKilled(), greaterThan(0L));

    List<WrittenRaster> written = CollectToFile.read(records, SerializableCoder.of(WrittenRaster.class));
    assertThat("one record per output: " + written, written.size(), is(3));
    for (RasterJob job : jobs) {
      String ref = new File(tmp, job.id() + "-ref.tif").getPath();
      Applier.apply(new BeamCases.SlowCopy(0, null), job.infiles(), new FilenameAssociations().put("copy", ref),
          controls());
      assertThat(job.id(), RasterCompare.differences(ref, job.outfiles().get("copy")), is(empty()));
      assertThat(written.stream().filter(w -> w.jobId().equals(job.id())).count(), is(1L));
    }
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains("rios-partial")).toList(), empty());
    }
    Set<String> after = new HashSet<>(jobIds());
    after.removeAll(before);
    String jid = after.iterator().next();
    assertThat("the job recovered from a failure", cluster.get("/jobs/" + jid + "/exceptions"),
        containsString("\"exceptionHistory\":{\"entries\":[{"));
  }

  static Set<String> jobIds() throws Exception {
    Set<String> ids = new HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"jid\":\"([0-9a-f]+)\"")
        .matcher(cluster.get("/jobs/overview"));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
