package org.rios.concurrency.internal.batch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.engine.internal.WorkerFailures;
import org.rios.concurrency.internal.workers.WorkerFiles;
import org.rios.concurrency.internal.workers.WorkerLauncher;
import org.rios.concurrency.internal.channel.WorkerChannel;
import org.rios.lifecycle.ShutdownCleanup;
import org.rios.errors.JobMgrException;
import org.rios.errors.UnavailableException;
import org.rios.errors.WorkerException;

/**
 * CW_SLURM / CW_PBS compute workers: one batch job per worker, each running the worker command against the
 * run's {@link WorkerChannel}. Writes a job script and log path per worker into the run's temp directory
 * (which the nodes must see), submits them, and watches the queue listing: a job that leaves the queue
 * without having handed back its result is a failure, reported with its log. {@link #close()} cancels every
 * job still queued or running and waits until the queue no longer lists them; {@link #explain} adds the log
 * of every job that failed to the error the user sees.
 *
 * <p>The channel address reaches the jobs through a file only this user can read (haveSharedTemp), or on
 * the job's command line, where other users of the cluster can see it.
 */
public final class BatchWorkers implements WorkerLauncher {
  private static final int LOG_TAIL = 8000;
  private static final long EXIT_WAIT_MILLIS = 30_000;
  private static final long CANCEL_WAIT_MILLIS = 60_000;
  private static final long REPORTER_WAIT_MILLIS = 10_000;
  /**
   * After a cancel, how long after a listing without the run's jobs a second listing must confirm it: a job
   * cancelled while the queue was starting it was once listed again (completing) after a listing had left it
   * out, and outlived the run.
   */
  private static final long CONFIRM_GONE_MILLIS = 1_000;
  /** How long the queue listing may keep failing (and at least 3 times) before the run gives up on it. */
  private static final long LISTING_FAILURE_MILLIS = 60_000;

  private final BatchQueue queue;
  private final BatchSettings settings;
  private final WorkerChannel channel;
  private final WorkerFailures failures;
  private final File tempDir;
  private final String user = System.getProperty("user.name");
  /** job id → worker id, in submission order. */
  private final Map<String, Integer> jobs = new LinkedHashMap<>();
  /** worker id → its job's log; none when the logs are not kept (no shared temp directory). */
  private final Map<Integer, Path> logs = new LinkedHashMap<>();
  private final boolean keepLogs;
  private final List<Path> files = new ArrayList<>();
  private final Set<String> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Thread monitor;
  /** Cancels the jobs if this JVM ends (SIGTERM, Ctrl-C, System.exit) before {@link #close()}. */
  private ShutdownCleanup.Registration cancelOnExit;
  private volatile boolean closing;
  private String failedJobsReport = "";
  /** Why the last listing in {@link #waitForExit} failed; null if it did not. */
  private String lastListingFailure;
  private boolean closed;

  /**
   * Checks the queue is reachable, then submits {@code n} jobs and starts watching them.
   *
   * @throws UnavailableException if the queue's listing command is missing or fails
   * @throws JobMgrException if a submission fails (jobs already submitted are cancelled)
   */
  public BatchWorkers(BatchQueue queue, BatchSettings settings, WorkerChannel channel, int n, boolean haveSharedTemp,
      File tempDir, String jobName, WorkerFailures failures) {
    this.queue = queue;
    this.settings = settings;
    this.channel = channel;
    this.failures = failures;
    this.tempDir = tempDir;
    // the log is written by the node: without a shared temp directory there is no path both can use
    this.keepLogs = haveSharedTemp;
    checkAvailable();
    cancelOnExit = ShutdownCleanup.register(queue.kindName() + " jobs", this::cancelOnShutdown);
    try {
      String addressArgs = addressArgs(haveSharedTemp);
      Path cwd = Path.of(System.getProperty("user.dir"));
      for (int id = 0; id < n; id++) {
        submit(id, jobName(jobName, id), addressArgs, cwd);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    monitor = new Thread(this::watch, "rios-" + queue.kindName().toLowerCase() + "-monitor");
    monitor.setDaemon(true);
    monitor.start();
  }

  /**
   * The queue's name for worker {@code id}'s job: {@code RIOS_<jobName>_<id>}, with every character but
   * letters, digits, {@code _}, {@code .} and {@code -} made {@code _} (queues refuse spaces and quotes in job
   * names, and PBS wants a letter first).
   */
  public static String jobName(String userJobName, int id) {
    String name = userJobName == null ? "RIOS_" + id : "RIOS_" + userJobName + "_" + id;
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private void checkAvailable() {
    String submitter = queue.submitCommand(Path.of("x"), null, "x").get(0);
    if (!Commands.onPath(submitter)) {
      throw new UnavailableException(queue.kindName() + " is not available: '" + submitter + "' is not on the PATH ("
          + System.getenv("PATH") + ")");
    }
    List<String> cmd = queue.listCommand(user);
    Commands.Output out;
    try {
      out = Commands.run(cmd, null);
    } catch (JobMgrException e) {
      throw new UnavailableException(queue.kindName() + " is not available: " + e.getMessage());
    }
    if (out.exitCode() != 0) {
      throw new UnavailableException(queue.kindName() + " is not available: '" + String.join(" ", cmd)
          + "' exited with " + out.exitCode() + ": " + out.stderr().trim());
    }
  }

  private String addressArgs(boolean haveSharedTemp) {
    if (!haveSharedTemp) {
      return "--channaddr " + JobScript.quote(channel.address());
    }
    try {
      Path f = WorkerFiles.writeAddressFile(tempDir, "rios_batch_", channel.address());
      files.add(f);
      return "--channaddrfile " + JobScript.quote(f.toString());
    } catch (IOException e) {
      throw new JobMgrException("Could not write the channel address file in " + tempDir + ": " + e.getMessage(), e);
    }
  }

  private void submit(int id, String jobName, String addressArgs, Path cwd) {
    Path script;
    Path log;
    try {
      script = Files.createTempFile(tempDir.toPath(), "rios_batch_" + id + "_", ".sh",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      files.add(script);
      if (keepLogs) {
        log = script.resolveSibling(script.getFileName().toString().replaceFirst("\\.sh$", ".log"));
        files.add(log);
      } else {
        log = null;
      }
      Files.writeString(script, JobScript.text(queue, settings, id, addressArgs, cwd), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JobMgrException("Could not write a job script in " + tempDir + ": " + e.getMessage(), e);
    }
    List<String> cmd = queue.submitCommand(script, log, jobName);
    Commands.Output out;
    try {
      out = Commands.run(cmd, tempDir);
    } catch (JobMgrException e) {
      // timed out or interrupted: the queue may have taken the job before that, and this run has no id to cancel
      throw new JobMgrException(queue.kindName() + ": submitting worker " + id + " failed: " + e.getMessage()
          + ". If the queue took the job before that, it is named '" + jobName + "': look for it in the queue and "
          + "cancel it", e);
    }
    if (out.exitCode() != 0) {
      throw new JobMgrException(queue.kindName() + ": submitting worker " + id + " with '" + String.join(" ", cmd)
          + "' failed (exit code " + out.exitCode() + "); stdout: " + out.stdout().trim() + "; stderr: "
          + out.stderr().trim());
    }
    String jobId;
    try {
      jobId = queue.parseJobId(out.stdout());
    } catch (IllegalArgumentException e) {
      // the queue took the job (exit 0) but its id cannot be read, so it cannot be cancelled here
      throw new JobMgrException(queue.kindName() + ": submitting worker " + id + " with '" + String.join(" ", cmd)
          + "' exited 0 but its reply names no job id (" + e.getMessage() + "; stderr: " + out.stderr().trim()
          + "): a job named " + jobName + " may be queued; cancel it by hand (if it starts, it fails when it cannot "
          + "reach this program)");
    }
    synchronized (jobs) {
      jobs.put(jobId, id);
      logs.put(id, log);
    }
  }

  /** Every poll interval: a job gone from the queue without its result is a failure, with its log. */
  private void watch() {
    ListingFailures listingFailures = new ListingFailures(LISTING_FAILURE_MILLIS, 3);
    while (!closing) {
      try {
        Thread.sleep(settings.pollMillis());
      } catch (InterruptedException e) {
        return;
      }
      if (closing) {
        return;
      }
      Set<String> active;
      try {
        active = active();
        listingFailures.succeeded();
      } catch (JobMgrException e) {
        long now = System.currentTimeMillis();
        if (listingFailures.failedAt(now)) {
          failures.record("main", 0, new UnavailableException(queue.kindName() + ": the queue listing has failed "
              + listingFailures.count() + " times in a row for " + listingFailures.secondsFailing(now)
              + " s, so the jobs " + snapshot().keySet() + " cannot be watched: " + e.getMessage()));
          return;
        }
        continue;
      }
      for (Map.Entry<String, Integer> job : snapshot().entrySet()) {
        String jobId = job.getKey();
        int wid = job.getValue();
        if (!active.contains(jobId) && ended.add(jobId) && !closing && !channel.results().containsKey(wid)) {
          failures.recordRemote("compute", wid, "batch job " + jobId + " (compute worker " + wid
              + ") left the queue before handing back its result; " + logOf(wid));
        }
      }
    }
  }

  /** "its log PATH:\n<tail>", or why there is none. */
  private String logOf(int wid) {
    Path log = logs.get(wid);
    if (log == null) {
      return "its output is not kept (haveSharedTemp(false): no path the node and this program share)";
    }
    return "its log " + log + ":\n" + WorkerFiles.tail(log, LOG_TAIL);
  }

  private Map<String, Integer> snapshot() {
    synchronized (jobs) {
      return new LinkedHashMap<>(jobs);
    }
  }

  /** Our jobs the queue still lists as queued or running. */
  private Set<String> active() {
    List<String> cmd = queue.listCommand(user);
    Commands.Output out = Commands.run(cmd, null);
    if (out.exitCode() != 0) {
      throw new JobMgrException("'" + String.join(" ", cmd) + "' exited with " + out.exitCode() + ": "
          + out.stderr().trim());
    }
    return queue.activeJobs(out.stdout(), snapshot().keySet());
  }

  @Override
  public String name(int worker) {
    for (Map.Entry<String, Integer> job : snapshot().entrySet()) {
      if (job.getValue() == worker) {
        return "compute worker " + worker + " (batch job " + job.getKey() + ")";
      }
    }
    return "compute worker " + worker + " (not submitted)";
  }

  /** The job ids, for tests and messages. */
  public List<String> jobIds() {
    return List.copyOf(snapshot().keySet());
  }

  /**
   * Stops watching; after a run where every worker handed back its result, gives the jobs time to exit, then
   * cancels whatever is still queued or running and waits until the queue no longer lists it; gathers the
   * logs of failed jobs; removes scripts, logs and the address file.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    if (monitor != null) {
      monitor.interrupt();
    }
    if (cancelOnExit != null) {
      cancelOnExit.close();
    }
    if (!jobs.isEmpty()) {
      boolean allDone = jobs.values().stream().allMatch(channel.results()::containsKey);
      Set<String> left;
      if (allDone) {
        left = waitForExit(EXIT_WAIT_MILLIS, false);
      } else {
        // A worker that reported its own failure exits by itself: let it, so its log is complete; stop the rest.
        Set<String> reporter = reportingJob();
        List<String> others = new ArrayList<>(jobs.keySet());
        others.removeAll(reporter);
        cancel(others);
        left = waitForExit(reporter.isEmpty() ? 0 : REPORTER_WAIT_MILLIS, true);
      }
      if (!left.isEmpty()) {
        cancel(new ArrayList<>(left));
        left = waitForExit(CANCEL_WAIT_MILLIS, true);
        if (!left.isEmpty()) {
          String stayed = queue.kindName() + ": jobs " + left + (lastListingFailure != null
              ? " could not be seen to leave the queue after cancelling them (its listing failed: "
                  + lastListingFailure + ")"
              : " were still listed " + CANCEL_WAIT_MILLIS / 1000 + " s after cancelling them");
          failedJobsReport += "\n" + stayed;
          if (allDone) {
            // a run that succeeded reports no failure: the user still needs to know what the queue holds
            System.err.println("WARNING: " + stayed);
          }
        }
      }
      failedJobsReport = failedJobLogs() + failedJobsReport;
    }
    for (Path f : files) {
      f.toFile().delete();
    }
  }

  /** The job of the compute worker whose failure stopped the run, if it reported one itself. */
  private Set<String> reportingJob() {
    RuntimeException first = failures.firstOr(null);
    Set<String> out = new LinkedHashSet<>();
    if (first instanceof WorkerException w && w.workerKind().equals("compute")) {
      jobs.forEach((jobId, wid) -> {
        if (wid == w.workerId() && !ended.contains(jobId)) {
          out.add(jobId);
        }
      });
    }
    return out;
  }

  /** The JVM is ending with jobs submitted and not closed: cancel them all, without waiting. */
  private void cancelOnShutdown() {
    List<String> ids = jobIds();
    if (!ids.isEmpty()) {
      try {
        Commands.run(queue.cancelCommand(ids), null);
      } catch (RuntimeException e) {
        System.err.println(queue.kindName() + ": could not cancel jobs " + ids + " at exit: " + e.getMessage());
      }
    }
  }

  /**
   * Lists the run's jobs until none is listed or {@code millis} have passed; returns those still listed.
   *
   * @param afterCancel some were just cancelled: a listing without any is confirmed by a second one
   *     {@value #CONFIRM_GONE_MILLIS} ms later
   */
  private Set<String> waitForExit(long millis, boolean afterCancel) {
    long deadline = System.currentTimeMillis() + millis;
    Set<String> left = new LinkedHashSet<>(jobs.keySet());
    while (true) {
      left = listedOr(left);
      if (left.isEmpty() && afterCancel && lastListingFailure == null) {
        if (!pause(CONFIRM_GONE_MILLIS)) {
          return left;
        }
        left = listedOr(left);
      }
      if (left.isEmpty() || System.currentTimeMillis() >= deadline || !pause(Math.min(500, settings.pollMillis()))) {
        return left;
      }
    }
  }

  /** The run's jobs the queue lists now, or {@code previous} if the listing fails (a transient failure must not stop the cleanup). */
  private Set<String> listedOr(Set<String> previous) {
    try {
      Set<String> listed = active();
      lastListingFailure = null;
      return listed;
    } catch (JobMgrException e) {
      lastListingFailure = e.getMessage();
      return previous;
    }
  }

  /** Sleeps {@code millis}; false (the interrupt kept) if interrupted. */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void cancel(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      Commands.run(queue.cancelCommand(ids), null);
    } catch (JobMgrException e) {
      failedJobsReport += "\n" + queue.kindName() + ": cancelling jobs " + ids + " failed: " + e.getMessage();
    }
  }

  /** The log of each job that ran and did not end with status 0 (jobs that never started have no log). */
  private String failedJobLogs() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Integer> job : jobs.entrySet()) {
      Path log = logs.get(job.getValue());
      if (log == null || !Files.exists(log)) {
        continue;
      }
      String text = WorkerFiles.tail(log, LOG_TAIL);
      Integer status = JobScript.exitStatus(text);
      if (status == null || status != 0) {
        sb.append("\n--- log of batch job ").append(job.getKey()).append(" (compute worker ").append(job.getValue())
            .append(", ").append(status == null ? "no exit status: it ended before the worker did (its init "
                + "commands, a cancel, a kill or a time limit)" : "exit status " + status)
            .append("): ").append(log).append('\n').append(text);
      }
    }
    return sb.toString();
  }

  @Override
  public synchronized RuntimeException explain(RuntimeException e) {
    if (failedJobsReport.isEmpty()) {
      return e;
    }
    if (e instanceof WorkerException w) {
      return w.withDetails(failedJobsReport);
    }
    e.addSuppressed(new JobMgrException("Batch jobs that failed:" + failedJobsReport));
    return e;
  }
}
