package org.rios.concurrency.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rios.concurrency.internal.channel.SubprocWorkerMain;
import org.rios.concurrency.internal.channel.WorkerChannel;
import org.rios.errors.RiosException;
import org.rios.lifecycle.ShutdownCleanup;
import org.rios.engine.internal.WorkerFailures;
import org.rios.concurrency.internal.workers.WorkerFiles;
import org.rios.concurrency.internal.workers.WorkerJvmOptions;
import org.rios.concurrency.internal.workers.WorkerLauncher;

/**
 * CW_SUBPROC compute workers: separate JVMs started with this JVM's classpath and memory options, each running
 * {@link SubprocWorkerMain} and joining the run's {@link WorkerChannel}. The channel address (with its
 * secret token) reaches them through a file only this user can read, in the run's temp directory on this
 * machine (never on their command line, where every user's ps shows it). A worker process that exits without handing back its result — killed, crashed, out of memory — is
 * recorded as a failure the moment it exits, with the tail of its stderr.
 */
public final class SubprocWorkers implements WorkerLauncher {
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private Path addressFile;
  private volatile boolean closing;
  /** Kills the worker processes if this JVM ends mid-run; they would otherwise outlive it. */
  private final ShutdownCleanup.Registration killOnExit = ShutdownCleanup.register("CW_SUBPROC workers",
      this::killAll);

  public SubprocWorkers(WorkerChannel channel, int n, File tempDir, WorkerFailures failures) {
    try {
      // the address file (mode 0600) whatever haveSharedTemp says, which is for batch jobs on other nodes: these
      // workers run on this machine, where the run's temp directory is
      addressFile = WorkerFiles.writeAddressFile(tempDir, "rios_subproc_", channel.address());
      List<String> addressArgs = List.of("--channaddrfile", addressFile.toString());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      for (int id = 0; id < n; id++) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(WorkerJvmOptions.ofThisJvm());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SubprocWorkerMain.class.getName(),
            Integer.toString(id)));
        cmd.addAll(addressArgs);
        Path log = Files.createTempFile(tempDir.toPath(), "rios_subproc_" + id + "_", ".log");
        logs.add(log);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        synchronized (processes) {
          processes.add(p);
        }
        int wid = id;
        p.onExit().thenAccept(done -> {
          if (!closing && (done.exitValue() != 0 || !channel.results().containsKey(wid))) {
            failures.recordRemote("compute", wid, "compute worker process " + done.pid() + " exited with code "
                + done.exitValue() + " before finishing; its output:\n" + WorkerFiles.tail(log, 4000));
          }
        });
      }
    } catch (IOException e) {
      close();
      // the address file and the workers' logs go in the run's temp directory (a full disk, say)
      throw new RiosException("Could not start CW_SUBPROC compute workers: writing their files in the run's temp "
          + "directory " + tempDir + " failed: " + e, e);
    }
  }

  /** The worker processes, for tests that kill one. */
  public List<Process> processes() {
    return List.copyOf(processes);
  }

  /** Waits briefly for workers to exit, then kills any that remain, and removes the address file. */
  @Override
  public void close() {
    killOnExit.close();
    closing = true;
    // one grace period of 5 s for all of them (not 5 s each in turn): then the ones still running are killed
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    for (Process p : processes) {
      try {
        if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
          p.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    deleteFiles();
  }

  private void killAll() {
    closing = true;
    List<Process> ps;
    synchronized (processes) {
      ps = List.copyOf(processes);
    }
    ps.forEach(Process::destroyForcibly);
    deleteFiles();
  }

  private void deleteFiles() {
    try {
      if (addressFile != null) {
        Files.deleteIfExists(addressFile);
      }
      for (Path log : logs) {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      // the run's temp directory is removed anyway
    }
  }
}
