package org.rios.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node SLURM cluster for tests (munged, slurmctld, slurmd as separate daemons on this host),
 * started and stopped with the project's {@code scripts/start-slurm-cluster.sh} / {@code stop-slurm-cluster.sh}
 * (which install Debian's packages if missing and stop the daemons by PID). System properties (set by the
 * integration-tests pom): {@code rios.scripts} and {@code rios.slurm.workdir}; the pom also sets
 * {@code SLURM_CONF} for the test JVM to {@code <workdir>/etc/slurm.conf}, so sbatch, squeue, qsub ... find it.
 */
final class SlurmCluster {
  final Path workdir;
  private final Path scripts;
  private final Thread hook;

  private SlurmCluster(Path scripts, Path workdir) {
    this.scripts = scripts;
    this.workdir = workdir;
    this.hook = new Thread(this::stopQuietly, "stop-slurm-cluster");
  }

  static SlurmCluster start() throws IOException, InterruptedException {
    Path scripts = Paths.get(System.getProperty("rios.scripts", "../scripts")).toAbsolutePath().normalize();
    Path workdir = Paths.get(System.getProperty("rios.slurm.workdir", "target/slurm")).toAbsolutePath();
    String conf = System.getenv("SLURM_CONF");
    if (conf == null || !Paths.get(conf).toAbsolutePath().equals(workdir.resolve("etc/slurm.conf"))) {
      throw new IllegalStateException("SLURM_CONF must be " + workdir.resolve("etc/slurm.conf") + " (set by the pom), is "
          + conf);
    }
    SlurmCluster c = new SlurmCluster(scripts, workdir);
    c.script("stop-slurm-cluster.sh"); // a cluster left over by an aborted earlier run is stopped first
    String out = c.script("start-slurm-cluster.sh");
    if (!out.contains("SLURM up")) {
      throw new IllegalStateException("start-slurm-cluster.sh failed:\n" + out);
    }
    Runtime.getRuntime().addShutdownHook(c.hook);
    return c;
  }

  void stop() throws IOException, InterruptedException {
    script("stop-slurm-cluster.sh");
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }

  private void stopQuietly() {
    try {
      script("stop-slurm-cluster.sh");
    } catch (Exception e) {
      System.err.println("could not stop the SLURM cluster in " + workdir + ": " + e);
    }
  }

  /** This user's jobs the queue still lists (pending, running or completing). */
  static List<String> queuedJobs() throws IOException, InterruptedException {
    String out = run(List.of("squeue", "--noheader", "-u", System.getProperty("user.name"), "-o", "%i"));
    List<String> ids = new ArrayList<>();
    for (String line : out.split("\\R")) {
      if (!line.isBlank()) {
        ids.add(line.trim());
      }
    }
    return ids;
  }

  /** {@code scontrol show job} for every job the controller still remembers. */
  static String allJobRecords() throws IOException, InterruptedException {
    return run(List.of("scontrol", "show", "job"));
  }

  /**
   * For a failure message: what the queue says of {@code ids} now (state, reason, times), then which of them
   * it still lists a few seconds later, which tells a job that was slow to leave from one that stayed.
   */
  static String whyStillListed(List<String> ids) throws IOException, InterruptedException {
    StringBuilder sb = new StringBuilder();
    for (String id : ids) {
      sb.append("\n").append(run(List.of("scontrol", "show", "job", id)).trim());
    }
    Thread.sleep(5000);
    return sb.append("\n5 s later the queue lists: ").append(queuedJobs()).toString();
  }

  private String script(String name) throws IOException, InterruptedException {
    return run(List.of("bash", scripts.resolve(name).toString(), workdir.toString()));
  }

  static String run(List<String> cmd) throws IOException, InterruptedException {
    Path log = Files.createTempFile("rios_slurm_", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException(cmd + " did not finish in 300 s");
      }
      return Files.readString(log, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
