package org.rios.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Flink session cluster for tests: started and stopped with runners-config's
 * {@code start-flink-cluster.sh} / {@code stop-flink-cluster.sh} (JobManager and TaskManagers as separate JVMs
 * on 127.0.0.1, stopped by their recorded PIDs). System properties (set by the integration-tests pom):
 * {@code rios.flink.scripts}, {@code rios.flink.workdir}, {@code rios.flink.restPort} (0 = any free port).
 */
final class FlinkSessionCluster {
  private static final Pattern REST = Pattern.compile("(?m)^FLINK_REST=(\\S+)$");

  final Path scripts;
  final Path workdir;
  final String restAddress;
  final int taskManagers;
  private volatile Thread shutdownHook;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FlinkSessionCluster(Path scripts, Path workdir, String restAddress, int taskManagers) {
    this.scripts = scripts;
    this.workdir = workdir;
    this.restAddress = restAddress;
    this.taskManagers = taskManagers;
  }

  static Path scriptsDir() {
    String s = System.getProperty("rios.flink.scripts");
    Path p = s != null ? Paths.get(s) : Paths.get("..", "runners-config", "scripts");
    return p.toAbsolutePath().normalize();
  }

  /** Starts a cluster with {@code taskManagers} TaskManagers of 2 slots each; fails with the script's output. */
  static FlinkSessionCluster start(int taskManagers) throws IOException, InterruptedException {
    Path scripts = scriptsDir();
    Path workdir = Paths.get(System.getProperty("rios.flink.workdir", "target/flink-cluster")).toAbsolutePath();
    // a cluster left over by an aborted earlier run of this workdir is stopped first (by its PIDs)
    run(List.of("bash", scripts.resolve("stop-flink-cluster.sh").toString(), workdir.toString()), 60);
    ProcessBuilder pb = new ProcessBuilder("bash", scripts.resolve("start-flink-cluster.sh").toString(),
        Integer.toString(taskManagers), workdir.toString());
    pb.environment().put("FLINK_REST_PORT", System.getProperty("rios.flink.restPort", "0"));
    pb.environment().put("FLINK_RPC_PORT", "0");
    pb.environment().put("FLINK_TM_SLOTS", "2");
    String out = run(pb, 300);
    Matcher m = REST.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("start-flink-cluster.sh did not report FLINK_REST=...; output:\n" + out);
    }
    Files.createDirectories(workdir.resolve("staging"));
    FlinkSessionCluster c = new FlinkSessionCluster(scripts, workdir, m.group(1), taskManagers);
    // if this JVM ends without the tests' @AfterAll (a Ctrl-C, a failsafe timeout), stop the cluster anyway
    Thread hook = new Thread(() -> {
      try {
        c.stop();
      } catch (Exception e) {
        System.err.println("could not stop the Flink cluster in " + workdir + ": " + e);
      }
    }, "stop-flink-cluster");
    c.shutdownHook = hook;
    Runtime.getRuntime().addShutdownHook(hook);
    return c;
  }

  /** Stops every process of the cluster by its recorded PID (SIGTERM, then SIGKILL). */
  void stop() throws IOException, InterruptedException {
    Thread hook = shutdownHook;
    if (hook != null && hook != Thread.currentThread()) {
      shutdownHook = null;
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: it stops the cluster
      }
    }
    run(List.of("bash", scripts.resolve("stop-flink-cluster.sh").toString(), workdir.toString()), 90);
  }

  /** Kills TaskManager {@code index} (1-based) with SIGKILL, by its recorded PID; returns the PID. */
  long killTaskManager(int index) throws IOException, InterruptedException {
    String out = run(List.of("bash", scripts.resolve("kill-taskmanager.sh").toString(), workdir.toString(),
        Integer.toString(index), "KILL"), 30);
    String[] lines = out.trim().split("\n");
    return Long.parseLong(lines[lines.length - 1].trim());
  }

  /** PID of TaskManager {@code index}. */
  long taskManagerPid(int index) throws IOException {
    return Long.parseLong(Files.readString(workdir.resolve("run/taskmanager-" + index + ".pid")).trim());
  }

  /** GET of a REST path such as {@code /overview}; the body. */
  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + restAddress + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " -> HTTP " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** All lines of the TaskManagers' log files that contain {@code text}. */
  List<String> taskManagerLogLines(String text) throws IOException {
    List<String> hits = new ArrayList<>();
    try (Stream<Path> logs = Files.list(workdir.resolve("log"))) {
      for (Path p : logs.filter(f -> f.getFileName().toString().matches("taskmanager-\\d+\\.log")).toList()) {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          if (line.contains(text)) {
            hits.add(p.getFileName() + ": " + line);
          }
        }
      }
    }
    return hits;
  }

  /** The job jars to stage: the runners-config -cluster jar and this module's test classes (user functions). */
  static List<Path> filesToStage() {
    String jar = System.getProperty("rios.flink.clusterJar");
    if (jar == null || !new File(jar).isFile()) {
      throw new IllegalStateException("system property rios.flink.clusterJar (the rios-runners-config "
          + "-cluster.jar) is not set or missing: " + jar + " (run through Maven: mvn verify)");
    }
    try {
      Path testClasses = Paths.get(FlinkSessionCluster.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      return List.of(Paths.get(jar).toAbsolutePath(), testClasses);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
    return run(new ProcessBuilder(cmd), timeoutSeconds);
  }

  private static String run(ProcessBuilder pb, int timeoutSeconds) throws IOException, InterruptedException {
    pb.redirectErrorStream(true);
    Path log = Files.createTempFile("flink-script", ".out");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(pb.command() + " did not finish in " + timeoutSeconds + " s; output:\n"
            + Files.readString(log));
      }
      String out = Files.readString(log);
      System.out.print(out);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(pb.command() + " exited with " + p.exitValue() + "; output:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
