package org.rios.runners;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Beam pipeline arguments for the runners the CW_BEAM driver is tested on, as code: pass the returned list
 * to the applier's controls (its Beam pipeline arguments) or to {@code PipelineOptionsFactory.fromArgs}.
 *
 * <pre>{@code
 * RunnerProfiles.direct();                                   // DirectRunner, in this JVM
 * RunnerProfiles.flinkLocal(2);                              // Flink MiniCluster ("[local]") in this JVM
 * RunnerProfiles.flinkCluster("127.0.0.1:8081")              // a Flink session cluster (REST address)
 *     .filesToStage(RunnerProfiles.findClusterJar(), myJobJar)
 *     .parallelism(2).retries(3, Duration.ofSeconds(2)).args();
 * RunnerProfiles.forSpec("flink:127.0.0.1:8081");            // the same from a string (see forSpec)
 * }</pre>
 *
 * <p>A Flink cluster runs the classic (non-portable) FlinkRunner: the pipeline is translated into a Flink job
 * graph in the submitting JVM, which must have Flink on its classpath (the {@code -bundled} jar of this
 * module, or this module's dependencies), and the job graph is sent to the cluster's REST endpoint with the
 * jars in {@code filesToStage}. Stage the {@code -cluster} jar of this module (the sdk, Beam and the Flink
 * runner, without Flink itself) plus a jar or classes directory holding your own user functions; a directory
 * is zipped into a jar by Beam. Without {@code filesToStage} Beam stages every jar on the client's classpath.
 */
public final class RunnerProfiles {
  /** System property naming the {@code -cluster} jar to stage; see {@link #findClusterJar()}. */
  public static final String CLUSTER_JAR_PROPERTY = "rios.flink.clusterJar";
  /** Environment variable naming the {@code -cluster} jar to stage; see {@link #findClusterJar()}. */
  public static final String CLUSTER_JAR_ENV = "RIOS_FLINK_CLUSTER_JAR";
  /** Default number of restarts of a Flink job after a failure (a lost TaskManager, a failed task). */
  public static final int DEFAULT_RETRIES = 3;
  /**
   * Default delay between two restarts of a Flink job: 10 s, so that three restarts outlast Flink's default
   * detection of a lost TaskManager (2 failed heartbeats 10 s apart); a restart deployed onto a TaskManager
   * that is dead but not yet declared lost fails again and uses up an attempt. On a cluster with faster
   * heartbeats (such as the one of start-flink-cluster.sh) a shorter delay is fine.
   */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(10);

  private RunnerProfiles() {}

  /** The DirectRunner, in this JVM. */
  public static List<String> direct() {
    return List.of("--runner=DirectRunner");
  }

  /** The DirectRunner with {@code targetParallelism} worker threads. */
  public static List<String> direct(int targetParallelism) {
    requirePositive(targetParallelism, "targetParallelism");
    return List.of("--runner=DirectRunner", "--targetParallelism=" + targetParallelism);
  }

  /**
   * Flink's embedded MiniCluster ({@code --flinkMaster=[local]}) in this JVM. The parallelism is the
   * ConcurrencyStyle's numComputeWorkers (the CW_BEAM driver maps it). Needs Flink on this JVM's classpath;
   * nothing is staged.
   */
  public static List<String> flinkLocal() {
    return List.of("--runner=FlinkRunner", "--flinkMaster=[local]");
  }

  /**
   * Flink's embedded MiniCluster with an explicit {@code parallelism}. Given to {@code RiosOptions.fromArgs}
   * without numComputeWorkers (a RiosIO pipeline), it also sets numComputeWorkers; with CW_BEAM the style's
   * numComputeWorkers stays the number of RIOS's compute workers (the work is dealt to them), so give both the
   * same number.
   */
  public static List<String> flinkLocal(int parallelism) {
    requirePositive(parallelism, "parallelism");
    return List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=" + parallelism);
  }

  /**
   * A Flink session cluster at {@code restAddress} ({@code host:port} of the JobManager's REST endpoint,
   * e.g. {@code 127.0.0.1:8081}); configure it on the returned builder and call {@link FlinkCluster#args()}.
   */
  public static FlinkCluster flinkCluster(String restAddress) {
    return new FlinkCluster(restAddress);
  }

  /**
   * Arguments from a short spec, for command lines and environment variables:
   *
   * <ul>
   *   <li>{@code direct} or {@code direct:N} (targetParallelism N)
   *   <li>{@code flink-local} or {@code flink-local:N} (parallelism N)
   *   <li>{@code flink:HOST:PORT} or {@code flink:HOST:PORT:N} (a session cluster with parallelism N, staging
   *       {@link #findClusterJar()} plus {@code extraFilesToStage})
   * </ul>
   *
   * <p>Without N the parallelism is the ConcurrencyStyle's numComputeWorkers (mapped by the CW_BEAM driver).
   */
  public static List<String> forSpec(String spec, Path... extraFilesToStage) {
    Objects.requireNonNull(spec, "spec");
    String[] parts = spec.trim().split(":", -1);
    String kind = parts[0].toLowerCase(Locale.ROOT);
    int most = kind.equals("flink") ? 4 : 2;
    if (parts.length > most) {
      // "direct:4:8" ran as direct:4 and dropped the rest without a word
      throw new IllegalArgumentException("runner spec '" + spec + "' has " + parts.length + " fields; expected "
          + "direct[:N], flink-local[:N] or flink:HOST:PORT[:N]");
    }
    switch (kind) {
      case "direct":
        return parts.length == 1 ? direct() : direct(parseInt(parts[1], spec));
      case "flink-local":
        return parts.length == 1 ? flinkLocal() : flinkLocal(parseInt(parts[1], spec));
      case "flink":
        if (parts.length < 3) {
          throw new IllegalArgumentException("expected flink:HOST:PORT[:PARALLELISM], got '" + spec + "'");
        }
        List<Path> stage = new ArrayList<>();
        stage.add(findClusterJar());
        stage.addAll(Arrays.asList(extraFilesToStage));
        FlinkCluster c = flinkCluster(parts[1] + ":" + parseInt(parts[2], spec)).filesToStage(stage);
        if (parts.length > 3) {
          c.parallelism(parseInt(parts[3], spec));
        }
        return c.args();
      default:
        throw new IllegalArgumentException(
            "unknown runner spec '" + spec + "': expected direct[:N], flink-local[:N] or flink:HOST:PORT[:N]");
    }
  }

  /**
   * The {@code rios-runners-config-VERSION-cluster.jar} to stage: the system property
   * {@value #CLUSTER_JAR_PROPERTY}, else the environment variable {@value #CLUSTER_JAR_ENV}, else a
   * {@code *-cluster.jar} next to the jar this class was loaded from (the {@code -bundled} jar or the plain
   * jar in {@code target/} or the local Maven repository).
   *
   * @throws IllegalStateException if none exists
   */
  public static Path findClusterJar() {
    String named = System.getProperty(CLUSTER_JAR_PROPERTY);
    if (named == null || named.isBlank()) {
      named = System.getenv(CLUSTER_JAR_ENV);
    }
    if (named != null && !named.isBlank()) {
      Path p = Paths.get(named).toAbsolutePath();
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("the Flink cluster jar " + p + " (from " + CLUSTER_JAR_PROPERTY + " or "
            + CLUSTER_JAR_ENV + ") does not exist; build it with: mvn -pl runners-config -am package");
      }
      return p;
    }
    Path here = codeSource();
    if (here != null && Files.isRegularFile(here)) {
      String name = here.getFileName().toString();
      String base = name.replaceFirst("(-bundled|-cluster)?\\.jar$", "");
      Path candidate = here.resolveSibling(base + "-cluster.jar");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    } else if (here != null && Files.isDirectory(here)) {
      // target/classes during a build: look in target/
      File[] jars = here.getParent().toFile().listFiles((d, n) -> n.endsWith("-cluster.jar"));
      if (jars != null && jars.length > 0) {
        return jars[0].toPath();
      }
    }
    throw new IllegalStateException("no rios-runners-config *-cluster.jar found next to " + here
        + "; set -D" + CLUSTER_JAR_PROPERTY + "=PATH or " + CLUSTER_JAR_ENV
        + " (build it with: mvn -pl runners-config -am package)");
  }

  private static Path codeSource() {
    try {
      var src = RunnerProfiles.class.getProtectionDomain().getCodeSource();
      return src == null ? null : Paths.get(src.getLocation().toURI());
    } catch (URISyntaxException | SecurityException e) {
      return null;
    }
  }

  private static int parseInt(String s, String spec) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' in runner spec '" + spec + "' is not a number", e);
    }
  }

  private static void requirePositive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + n);
    }
  }

  /** Arguments for a remote Flink session cluster. */
  public static final class FlinkCluster {
    private final String restAddress;
    private final List<Path> filesToStage = new ArrayList<>();
    private Integer parallelism;
    private int retries = DEFAULT_RETRIES;
    private Duration retryDelay = DEFAULT_RETRY_DELAY;
    private boolean streaming = true;
    private final List<String> extra = new ArrayList<>();

    private FlinkCluster(String restAddress) {
      Objects.requireNonNull(restAddress, "restAddress");
      String a = restAddress.trim().replaceFirst("^https?://", "").replaceFirst("/+$", "");
      int colon = a.lastIndexOf(':');
      if (colon <= 0 || colon == a.length() - 1) {
        throw new IllegalArgumentException("Flink REST address must be HOST:PORT, got '" + restAddress + "'");
      }
      try {
        int port = Integer.parseInt(a.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in Flink REST address '" + restAddress + "'", e);
      }
      this.restAddress = a;
    }

    /** Jars (or class directories, zipped by Beam) to ship with the job; must exist. */
    public FlinkCluster filesToStage(Path... files) {
      return filesToStage(Arrays.asList(files));
    }

    /** Jars (or class directories, zipped by Beam) to ship with the job; must exist. */
    public FlinkCluster filesToStage(List<Path> files) {
      for (Path f : files) {
        if (f.toString().contains(",")) {
          throw new IllegalArgumentException("a path to stage cannot contain ',': " + f);
        }
        if (!Files.exists(f)) {
          throw new IllegalArgumentException("file to stage does not exist: " + f);
        }
        filesToStage.add(f.toAbsolutePath());
      }
      return this;
    }

    /**
     * The job's parallelism; at most the free task slots of the cluster. Unset, it is numComputeWorkers: the
     * ConcurrencyStyle's for CW_BEAM, else {@code --numComputeWorkers}, whose default is 1 (not the cluster's
     * {@code parallelism.default}, which the client does not see): give the cluster's task slots here or there
     * to use them all.
     */
    public FlinkCluster parallelism(int n) {
      requirePositive(n, "parallelism");
      parallelism = n;
      return this;
    }

    /**
     * Restart strategy of the job: up to {@code n} restarts {@code delay} apart (default 3 and 10 s) after a
     * failure such as a lost TaskManager or an exception in a user function; 0 fails the job at the first
     * failure.
     */
    public FlinkCluster retries(int n, Duration delay) {
      if (n < 0 || delay.isNegative()) {
        throw new IllegalArgumentException("retries and delay must not be negative");
      }
      retries = n;
      retryDelay = delay;
      return this;
    }

    /**
     * Flink's streaming mode (true, the default, as for every Flink run of RIOS: see FlinkRunnerSupport) or its
     * batch mode (false), which writes an output only after sorting all its blocks.
     */
    public FlinkCluster streaming(boolean s) {
      streaming = s;
      return this;
    }

    /** Any further {@code --name=value} pipeline argument. */
    public FlinkCluster arg(String arg) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("pipeline arguments look like --name=value, got '" + arg + "'");
      }
      extra.add(arg);
      return this;
    }

    /** The pipeline arguments. */
    public List<String> args() {
      if (filesToStage.isEmpty()) {
        throw new IllegalStateException("set filesToStage (at least the -cluster jar, see findClusterJar()); "
            + "otherwise Beam stages every jar of the client's classpath");
      }
      List<String> a = new ArrayList<>();
      a.add("--runner=FlinkRunner");
      a.add("--flinkMaster=" + restAddress);
      if (parallelism != null) {
        a.add("--parallelism=" + parallelism);
      }
      a.add("--filesToStage=" + String.join(",", filesToStage.stream().map(Path::toString).toList()));
      a.add("--numberOfExecutionRetries=" + retries);
      a.add("--executionRetryDelay=" + retryDelay.toMillis());
      a.add("--streaming=" + streaming);
      a.addAll(extra);
      return List.copyOf(a);
    }
  }

  /**
   * Prints the arguments of a spec, one per line, e.g.
   * {@code java -jar rios-runners-config-VERSION-bundled.jar flink:127.0.0.1:8081}.
   */
  public static void main(String[] argv) {
    if (argv.length == 0) {
      System.err.println("usage: RunnerProfiles direct[:N] | flink-local[:N] | flink:HOST:PORT[:N] [files to stage...]");
      System.exit(2);
    }
    Path[] extra = Arrays.stream(argv).skip(1).map(Paths::get).toArray(Path[]::new);
    forSpec(argv[0], extra).forEach(System.out::println);
  }
}
