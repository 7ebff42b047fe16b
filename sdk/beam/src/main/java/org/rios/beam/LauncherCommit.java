package org.rios.beam;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.rios.io.OutputCommit;
import org.rios.lifecycle.ShutdownCleanup;
import org.rios.plan.OutputSpec;

/**
 * The launcher's decision on the outputs of a CW_BEAM run ({@link BeamDriver}), whose writers keep the earlier
 * file of each output's name aside ({@link OutputTarget#launcherConfirms}): confirmed once the pipeline has
 * succeeded and its results are read back, else taken back. Decided once, by the driver's thread or, if the JVM
 * shuts down first (SIGTERM, Ctrl-C), by the shutdown hook, never both: two threads taking one output back by
 * name could each act on what the other had just moved.
 */
final class LauncherCommit implements AutoCloseable {
  /** How long the shutdown hook waits for the driver's thread to finish a decision under way. */
  static final long SHUTDOWN_WAIT_SECONDS = 30;
  private final String runId;
  private final String jobId;
  private final List<OutputSpec> outputs;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private boolean decided;
  private final ShutdownCleanup.Registration onShutdown;

  LauncherCommit(String runId, String jobId, List<OutputSpec> outputs) {
    this.runId = runId;
    this.jobId = jobId;
    this.outputs = List.copyOf(outputs);
    this.onShutdown = ShutdownCleanup.register("outputs of the Beam run", this::takeBackOnShutdown);
  }

  /** The run succeeded: the earlier files are deleted ({@link OutputWriters#confirmRun}). */
  void confirm() {
    decide(() -> OutputWriters.confirmRun(runId, jobId, outputs));
  }

  /**
   * The run failed, perhaps after outputs were put in place: this JVM's writers of the run are stopped and every
   * output in place is taken back ({@link OutputWriters#takeBackRun}).
   *
   * @return what could not be taken back (an upload left in place, a file that could not be moved back): to be
   *     attached to the run's failure; empty if the run was decided before
   */
  List<RuntimeException> takeBack() {
    List<RuntimeException> notTakenBack = new ArrayList<>();
    decide(() -> notTakenBack.addAll(OutputWriters.takeBackRun(runId, outputs)));
    return notTakenBack;
  }

  private void decide(Runnable decision) {
    lock.lock();
    try {
      if (!decided) {
        decided = true;
        decision.run();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The JVM is shutting down under the run: the outputs in place are taken back without waiting for writers
   * still at work (they take their own back when they finish: {@link OutputWriters#takeBackFinished}), unless the
   * driver's thread has decided; if that thread is deciding now, this waits up to {@value #SHUTDOWN_WAIT_SECONDS} s
   * for it, then takes back only what this JVM's writers put in place (by the files' identity).
   */
  private void takeBackOnShutdown() {
    boolean locked = false;
    try {
      locked = lock.tryLock(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (locked && decided) {
        return;
      }
      // the JVM is going down: standard error is the only place left to say what stays
      OutputWriters.takeBackFinished(runId);
      OutputWriters.notTakenBack(runId).forEach(e -> System.err.println("WARNING: " + e.getMessage()));
      if (locked) {
        decided = true;
        List<String> names = new ArrayList<>();
        outputs.forEach(o -> names.add(o.filename()));
        OutputCommit.undoKeptAside(names);
      }
    } finally {
      if (locked) {
        lock.unlock();
      }
    }
  }

  /** The run is over and decided: nothing is left for the shutdown hook. */
  @Override
  public void close() {
    onShutdown.close();
  }
}
