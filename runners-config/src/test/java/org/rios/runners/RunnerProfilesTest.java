package org.rios.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.beam.RiosOptions;

class RunnerProfilesTest {
  @TempDir File tmp;

  @Test
  void directAndLocalProfiles() {
    assertThat(RunnerProfiles.direct(), contains("--runner=DirectRunner"));
    assertThat(RunnerProfiles.direct(3), contains("--runner=DirectRunner", "--targetParallelism=3"));
    assertThat(RunnerProfiles.flinkLocal(), contains("--runner=FlinkRunner", "--flinkMaster=[local]"));
    assertThat(RunnerProfiles.flinkLocal(4),
        contains("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=4"));
    assertThrows(IllegalArgumentException.class, () -> RunnerProfiles.flinkLocal(0));
  }

  @Test
  void flinkRunsStreamingUnlessToldOtherwise() throws java.io.IOException {
    // RIOS's keyed writer writes blocks as they come in streaming mode; batch mode would sort them all first
    assertThat(RiosOptions.fromArgs(RunnerProfiles.flinkLocal()).as(FlinkPipelineOptions.class).isStreaming(),
        is(true));
    assertThat(RiosOptions.fromArgs("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081")
        .as(FlinkPipelineOptions.class).isStreaming(), is(true));
    List<String> batch = new java.util.ArrayList<>(RunnerProfiles.flinkLocal());
    batch.add("--streaming=false");
    assertThat(RiosOptions.fromArgs(batch).as(FlinkPipelineOptions.class).isStreaming(), is(false));
    // the cluster profile's own switch: its batch mode used to add nothing, and streaming was set anyway
    java.nio.file.Path jar = java.nio.file.Files.createFile(new File(tmp, "job.jar").toPath());
    RunnerProfiles.FlinkCluster cluster = RunnerProfiles.flinkCluster("127.0.0.1:8081").filesToStage(jar);
    assertThat(RiosOptions.fromArgs(cluster.args()).as(FlinkPipelineOptions.class).isStreaming(), is(true));
    assertThat(RiosOptions.fromArgs(cluster.streaming(false).args()).as(FlinkPipelineOptions.class)
        .isStreaming(), is(false));
  }

  @Test
  void flinkPassesElementsWithoutDeepCopiesUnlessToldOtherwise() {
    // a chunk of blocks is megabytes: Beam's Flink runner would copy it through its coder at every chained step
    assertThat(RiosOptions.fromArgs(RunnerProfiles.flinkLocal()).as(FlinkPipelineOptions.class).getFasterCopy(),
        is(true));
    List<String> copying = new java.util.ArrayList<>(RunnerProfiles.flinkLocal());
    copying.add("--fasterCopy=false");
    assertThat(RiosOptions.fromArgs(copying).as(FlinkPipelineOptions.class).getFasterCopy(), is(false));
  }

  @Test
  void computeWorkersWriteInProcessOnlyWhereEveryWorkerIsInThisJvmAndAFailureEndsTheRun() {
    java.util.function.Function<List<String>, Boolean> inProcess =
        a -> RiosOptions.fromArgs(a).getWritersInProcess();
    assertThat(inProcess.apply(RunnerProfiles.direct()), is(true));
    assertThat(inProcess.apply(RunnerProfiles.flinkLocal(2)), is(true));
    // a cluster's workers are other JVMs; Flink's [auto] may be one
    assertThat(inProcess.apply(List.of("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081")), is(false));
    assertThat(inProcess.apply(List.of("--runner=FlinkRunner")), is(false));
    // a restarted attempt recovers its outputs by sending their blocks to the writer steps again
    List<String> retrying = new java.util.ArrayList<>(RunnerProfiles.flinkLocal());
    retrying.add("--numberOfExecutionRetries=2");
    assertThat(inProcess.apply(retrying), is(false));
    List<String> checkpointing = new java.util.ArrayList<>(RunnerProfiles.flinkLocal());
    checkpointing.add("--checkpointingInterval=60000");
    assertThat(inProcess.apply(checkpointing), is(false));
    // the user's word wins either way
    List<String> shuffled = new java.util.ArrayList<>(RunnerProfiles.direct());
    shuffled.add("--writersInProcess=false");
    assertThat(inProcess.apply(shuffled), is(false));
    // ... except that writing in process with restarts cannot work, and says so
    List<String> both = new java.util.ArrayList<>(retrying);
    both.add("--writersInProcess=true");
    org.rios.errors.ParameterException e =
        assertThrows(org.rios.errors.ParameterException.class,
            () -> RiosOptions.fromArgs(both));
    assertThat(e.getMessage(), allOf(containsString("--writersInProcess=true"),
        containsString("--numberOfExecutionRetries=2")));
  }

  /**
   * A restart strategy or a checkpointing interval in the Flink configuration the runner loads counts as
   * restarts: Flink [local] then sends the blocks to the writer steps, and forcing in-process writers is refused.
   */
  @Test
  void restartsInTheFlinkConfigurationCount() throws IOException {
    java.util.function.Function<String, List<String>> withConf = yaml -> {
      try {
        Path dir = Files.createTempDirectory(tmp.toPath(), "conf");
        Files.writeString(dir.resolve("config.yaml"), yaml);
        List<String> args = new java.util.ArrayList<>(RunnerProfiles.flinkLocal(2));
        args.add("--flinkConfDir=" + dir);
        return args;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    java.util.function.Function<List<String>, Boolean> inProcess =
        a -> RiosOptions.fromArgs(a).getWritersInProcess();
    assertThat(inProcess.apply(withConf.apply("restart-strategy.type: fixed-delay\n")), is(false));
    assertThat(inProcess.apply(withConf.apply("execution.checkpointing.interval: 30 s\n")), is(false));
    assertThat(inProcess.apply(withConf.apply("restart-strategy.type: none\n"
        + "execution.checkpointing.interval: 30 s\n")), is(true));
    assertThat(inProcess.apply(withConf.apply("taskmanager.numberOfTaskSlots: 2\n")), is(true));
    List<String> forced = withConf.apply("restart-strategy.type: exponential-delay\n");
    forced.add("--writersInProcess=true");
    assertThrows(org.rios.errors.ParameterException.class, () -> RiosOptions.fromArgs(forced));
    // with no runner support on the class path RIOS sets nothing: the runner-neutral default is false
    assertThat(org.apache.beam.sdk.options.PipelineOptionsFactory.create()
        .as(org.rios.beam.RiosPipelineOptions.class).getWritersInProcess(), is(false));
  }

  @Test
  void embeddedFlinkListensOnLoopbackUnlessAConfigurationIsGiven() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FLINK_CONF_DIR") == null,
        "FLINK_CONF_DIR is set: Flink [local] uses that configuration");
    FlinkPipelineOptions local = RiosOptions.fromArgs(RunnerProfiles.flinkLocal()).as(FlinkPipelineOptions.class);
    String conf = Files.readString(Path.of(local.getFlinkConfDir(), "config.yaml"));
    assertThat(conf, containsString("jobmanager.bind-host: 127.0.0.1"));
    assertThat(conf, containsString("rest.bind-address: 127.0.0.1"));
    List<String> own = new java.util.ArrayList<>(RunnerProfiles.flinkLocal());
    own.add("--flinkConfDir=" + tmp);
    assertThat(RiosOptions.fromArgs(own).as(FlinkPipelineOptions.class).getFlinkConfDir(), is(tmp.toString()));
    FlinkPipelineOptions remote = RiosOptions.fromArgs("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081")
        .as(FlinkPipelineOptions.class);
    assertThat(remote.getFlinkConfDir() == null, is(true));
  }

  @Test
  void clusterProfileParsesAsFlinkOptions() throws IOException {
    Path jar = Files.createFile(tmp.toPath().resolve("job-cluster.jar"));
    Path classes = Files.createDirectory(tmp.toPath().resolve("classes"));
    List<String> args = RunnerProfiles.flinkCluster("http://127.0.0.1:18081/").filesToStage(jar, classes)
        .parallelism(3).retries(5, Duration.ofMillis(1500)).args();
    FlinkPipelineOptions o = PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation()
        .as(FlinkPipelineOptions.class);
    assertThat(o.getRunner() == FlinkRunner.class, is(true));
    assertThat(o.getFlinkMaster(), is("127.0.0.1:18081"));
    assertThat(o.getParallelism(), is(3));
    assertThat(o.getFilesToStage(), contains(jar.toString(), classes.toString()));
    assertThat(o.getNumberOfExecutionRetries(), is(5));
    assertThat(o.getExecutionRetryDelay(), is(1500L));
  }

  @Test
  void clusterProfileLeavesParallelismToTheDriverUnlessSet() throws IOException {
    Path jar = Files.createFile(tmp.toPath().resolve("x-cluster.jar"));
    List<String> args = RunnerProfiles.flinkCluster("127.0.0.1:8081").filesToStage(jar).args();
    assertThat(args.toString(), not(containsString("--parallelism")));
    assertThat(args, hasItem("--numberOfExecutionRetries=3"));
    assertThat(args, hasItem("--executionRetryDelay=10000"));
  }

  @Test
  void clusterProfileRejectsBadInput() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> RunnerProfiles.flinkCluster("localhost"));
    assertThrows(IllegalArgumentException.class, () -> RunnerProfiles.flinkCluster("localhost:99999"));
    assertThrows(IllegalStateException.class, () -> RunnerProfiles.flinkCluster("localhost:8081").args());
    assertThrows(IllegalArgumentException.class,
        () -> RunnerProfiles.flinkCluster("localhost:8081").filesToStage(tmp.toPath().resolve("missing.jar")));
  }

  @Test
  void specs() throws IOException {
    Path jar = Files.createFile(tmp.toPath().resolve("rios-runners-config-9-cluster.jar"));
    System.setProperty(RunnerProfiles.CLUSTER_JAR_PROPERTY, jar.toString());
    try {
      assertThat(RunnerProfiles.forSpec("direct"), contains("--runner=DirectRunner"));
      assertThat(RunnerProfiles.forSpec("flink-local:2"), hasItem("--parallelism=2"));
      List<String> c = RunnerProfiles.forSpec("flink:127.0.0.1:8082:4");
      assertThat(c, hasItem("--flinkMaster=127.0.0.1:8082"));
      assertThat(c, hasItem("--parallelism=4"));
      assertThat(c, hasItem("--filesToStage=" + jar));
      assertThat(RunnerProfiles.findClusterJar(), is(jar));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> RunnerProfiles.forSpec("spark"));
      assertThat(e.getMessage(), containsString("flink:HOST:PORT"));
    } finally {
      System.clearProperty(RunnerProfiles.CLUSTER_JAR_PROPERTY);
    }
  }

  @Test
  void specsWithExtraFieldsOrBadWorkerCountsAreRefused() {
    for (String spec : List.of("direct:4:8", "flink-local:2:junk", "direct:")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunnerProfiles.forSpec(spec));
      assertThat(e.getMessage(), containsString("'" + spec + "'"));
    }
    for (String bad : List.of("--numComputeWorkers=-2", "--numComputeWorkers=0", "--numReadWorkers=-5")) {
      org.rios.errors.ParameterException e = assertThrows(org.rios.errors.ParameterException.class,
          () -> RiosOptions.fromArgs("--runner=DirectRunner", bad));
      assertThat(e.getMessage(), containsString(bad.substring(2, bad.indexOf('='))));
    }
    assertThrows(org.rios.errors.ParameterException.class,
        () -> RiosOptions.fromArgs(java.util.Arrays.asList("--runner=DirectRunner", null)));
  }
}
