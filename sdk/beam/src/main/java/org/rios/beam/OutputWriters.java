package org.rios.beam;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rios.gdal.VirtualPaths;
import org.rios.errors.ParameterException;
import org.rios.errors.OutputWriteException;
import org.rios.io.FinishedOutput;
import org.rios.io.OutputCommit;
import org.rios.plan.OutputSpec;

/**
 * The output files of this JVM's runs: which {@link OutputWriter} is open for each (run, job, output file),
 * which outputs were finished, failed or aborted here, and what became of each job's and run's outputs. A
 * runner sends all blocks of one output to one key, and so to one worker; the writer lives here rather than in
 * a DoFn instance because a runner may process one key's bundles on different instances (the DirectRunner
 * does).
 *
 * <p>For a job's several outputs, the earlier file of each name is kept aside until the commit step
 * ({@link CommitJobFn}) confirms or takes back all of them (or {@link #stopRun} takes them back), and for a run
 * its launcher confirms ({@link BeamDriver}), until the launcher does ({@link #confirmRun},
 * {@link #takeBackRun}). The outputs of a run whose in-process compute workers are all gone are aborted
 * ({@link #inProcessWorkerDown}), and a run's records are forgotten an hour after its last use here.
 */
final class OutputWriters {
  /** This JVM's id: blocks a compute worker wrote in process are named with it (see {@link OutputChunk}). */
  static final String JVM = java.util.UUID.randomUUID().toString();
  private static final ConcurrentHashMap<String, OutputWriter> OPEN = new ConcurrentHashMap<>();
  /**
   * The open writers by final path ({@link VirtualPaths#sameFileKey}): two RiosIO.process steps (or pipelines)
   * in one JVM that write one file would otherwise each write it, the last replacing the other, both reported.
   */
  private static final ConcurrentHashMap<String, OutputWriter> PATHS = new ConcurrentHashMap<>();
  /**
   * The outputs this JVM finished, with their records: a block that comes again after its output was
   * finished (a re-run bundle whose state changes were rolled back) gets the record again instead of a new
   * writer. Small (one record per output); forgotten with the JVM.
   */
  private static final ConcurrentHashMap<String, ReadyOutput> FINISHED = new ConcurrentHashMap<>();
  /**
   * Why a writer of this JVM failed (the writer's own exception, not the hand-over's wrapper), so a chunk that
   * comes after the failed writer was removed is reported with that cause. One entry per failed output.
   */
  private static final ConcurrentHashMap<String, Throwable> FAILED = new ConcurrentHashMap<>();
  /**
   * Outputs whose writer this JVM aborted (a failed job, a run torn down): a late chunk of the same attempt is
   * dropped rather than taken for a writer restored from elsewhere. A new writer for the key (a restarted
   * attempt, with fresh state) clears its entries here and in {@link #FAILED}.
   */
  private static final java.util.Set<String> ABORTED = ConcurrentHashMap.newKeySet();
  /** Jobs (run/job) whose outputs this JVM confirmed (true) or took back (false); see {@link #settle}. */
  private static final ConcurrentHashMap<String, Boolean> SETTLED = new ConcurrentHashMap<>();
  /** Runs whose launcher gave up on them ({@link #stopRun}): no writer of theirs opens any more. */
  private static final java.util.Set<String> STOPPED = ConcurrentHashMap.newKeySet();
  /** Outputs put in place here and taken back after their run stopped: each is taken back once. */
  private static final java.util.Set<String> TAKEN_BACK = ConcurrentHashMap.newKeySet();
  /**
   * Per run, what taking back its outputs after it stopped could not do (a file that could not be moved back, an
   * upload that stays), wherever it was tried (the launcher's thread, or a writer that finished meanwhile): for
   * the launcher to attach to the run's failure ({@link #takeBackRun}).
   */
  private static final ConcurrentHashMap<String, java.util.Queue<RuntimeException>> NOT_TAKEN_BACK =
      new ConcurrentHashMap<>();
  /** Per run, the compute workers of this JVM that write in process and have not been torn down yet. */
  private static final ConcurrentHashMap<String, Integer> IN_PROCESS_WORKERS = new ConcurrentHashMap<>();
  /**
   * How long a run's outputs still open here wait, once its last compute worker in this JVM is torn down,
   * for another to be set up before they are aborted: Flink tears a subtask down as soon as its own input
   * has ended, which can be before another subtask of the same step has finished initializing.
   */
  static final long ORPHAN_GRACE_SECONDS = 5;
  /**
   * How long a run whose compute workers in this JVM all went once may go on without a block written before
   * its open outputs are aborted anyway: the DirectRunner may still start a bundle after a failed run's
   * workers were torn down, whose worker is then never torn down.
   */
  static final long ORPHAN_IDLE_SECONDS = 60;
  /** {@link #ORPHAN_IDLE_SECONDS} in nanoseconds; tests shorten it. */
  static volatile long orphanIdleNanos = ORPHAN_IDLE_SECONDS * 1_000_000_000L;
  /**
   * Per run, the chunks its in-process compute workers are computing now: a run busy computing is not idle,
   * however long one chunk of a heavy user function takes.
   */
  private static final ConcurrentHashMap<String, Integer> COMPUTING = new ConcurrentHashMap<>();
  /** Per run, when a block was last handed to one of its writers in this JVM (System.nanoTime). */
  private static final ConcurrentHashMap<String, Long> LAST_WRITE = new ConcurrentHashMap<>();
  /** Runs the delayed checks for orphaned writers, on a thread that ends when none is pending. */
  private static final java.util.concurrent.ScheduledThreadPoolExecutor ORPHANS = idleEnding(
      new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "rios-orphaned-writers");
        t.setDaemon(true);
        return t;
      }));
  /**
   * Every writer of this JVM whose file is neither finished nor deleted yet, including writers already
   * removed from {@link #OPEN} by an abort still waiting for their thread: what {@link #stopRun} must wait for.
   */
  private static final java.util.Set<OutputWriter> LIVE = ConcurrentHashMap.newKeySet();
  /**
   * How long after its last use in this JVM a run's entries in the maps above are forgotten, when none of its
   * writers or in-process compute workers is left here: a TaskManager lives through many pipelines, and a run's
   * records, failures and fates are only needed while a bundle of it may still be re-run (where these classes
   * are the TaskManager's own, in its lib directory; with each pipeline's class loader they go with it).
   * Looked at on use, at most every {@value #FORGET_SWEEP_MINUTES} minutes.
   */
  static final long FORGET_RUN_AFTER_MINUTES = 60;
  static final long FORGET_SWEEP_MINUTES = 5;
  /** Per run, when it was last used here (a writer opened, a block handed over, a job settled, a stop). */
  private static final ConcurrentHashMap<String, Long> LAST_SEEN = new ConcurrentHashMap<>();
  /**
   * When runs were last looked at for forgetting (System.nanoTime): on use, not by a thread of its own, which
   * would keep this class's loader alive (see {@link OutputWriter#IDLE_THREAD_SECONDS}).
   */
  private static final java.util.concurrent.atomic.AtomicLong LAST_SWEEP =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

  /**
   * What the writers tell this registry as their lives go (see {@link OutputWriter.Lifecycle}). The order of
   * each pair of steps below is what keeps a writer from being missed by a stop of its run or by a lookup.
   */
  private static final OutputWriter.Lifecycle LIFECYCLE = new OutputWriter.Lifecycle() {
    @Override
    public boolean live(OutputWriter w) {
      LIVE.add(w); // then the check: stopRun marks the run before it looks at LIVE
      return !STOPPED.contains(w.target().runId());
    }

    @Override
    public void handingOver(OutputWriter w) {
      LAST_WRITE.put(w.target().runId(), System.nanoTime());
      seen(w.target().runId());
    }

    @Override
    public void notOpen(OutputWriter w) {
      OPEN.remove(w.target().key(), w);
      PATHS.remove(pathKey(w), w);
    }

    @Override
    public void failed(OutputWriter w, RuntimeException e) {
      FAILED.put(w.target().key(), e);
    }

    @Override
    public void finished(OutputWriter w, ReadyOutput done) {
      // finished before no longer open: a writer is always one or the other to those who look it up
      FINISHED.put(w.target().key(), done);
      OPEN.remove(w.target().key(), w);
      PATHS.remove(pathKey(w), w);
      // then the check: a launcher that stopped the run while this writer was finishing (and gave up waiting
      // for it) may have looked at FINISHED before; nobody is left to tell but the log
      RuntimeException notTakenBack = takeBackIfUnwanted(w.target().key(), done);
      if (notTakenBack != null) {
        System.err.println("WARNING: " + notTakenBack.getMessage());
      }
    }

    @Override
    public void notLive(OutputWriter w) {
      LIVE.remove(w);
    }
  };

  private OutputWriters() {}

  private static java.util.concurrent.ScheduledThreadPoolExecutor idleEnding(
      java.util.concurrent.ScheduledThreadPoolExecutor e) {
    e.setKeepAliveTime(OutputWriter.IDLE_THREAD_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    e.allowCoreThreadTimeOut(true);
    return e;
  }

  /** The exception that made {@code key}'s writer in this JVM fail, else null. */
  static Throwable failure(String key) {
    return FAILED.get(key);
  }

  /** {@code key}'s output, finished, if this JVM finished it, else null. */
  static ReadyOutput finished(String key) {
    return FINISHED.get(key);
  }

  /** The writer of {@code target} in this JVM, created (with its partial file) on first use. */
  static OutputWriter open(OutputTarget target) {
    seen(target.runId());
    return OPEN.computeIfAbsent(target.key(), k -> {
      FAILED.remove(k);
      ABORTED.remove(k);
      return claimPath(new OutputWriter(target, LIFECYCLE));
    });
  }

  /**
   * {@code w}, registered as the writer of its final path.
   *
   * @throws ParameterException if another job's writer of the same path is open in this JVM (another attempt
   *     of the same job may take over); two steps of one pipeline writing one file are refused before either
   *     writes, in any JVM ({@link StepsChecks})
   */
  private static OutputWriter claimPath(OutputWriter w) {
    OutputTarget t = w.target();
    String path = pathKey(w);
    OutputWriter other = PATHS.merge(path, w, (old, mine) -> old.target().runId().equals(t.runId())
        && old.target().jobId().equals(t.jobId()) || !OPEN.containsValue(old) ? mine : old);
    if (other != w) {
      throw new ParameterException("Output '" + t.spec().label() + "' (" + t.spec().filename() + ") of job '"
          + t.jobId() + "' is being written by job '" + other.target().jobId() + "' at the same time (another "
          + "pipeline in this JVM): a file is written by one job");
    }
    return w;
  }

  private static String pathKey(OutputWriter w) {
    return VirtualPaths.sameFileKey(w.target().spec().filename());
  }

  /**
   * The writer of {@code target} in this JVM, created on first use, or null if this JVM aborted it (its job or
   * its run failed) or finished it (see {@link #finished}): for compute workers writing in process, where no attempt follows a failure in the same
   * JVM (see {@link RiosPipelineOptions#getWritersInProcess}), so an aborted output stays aborted. Either this
   * sees the abort or the abort sees the writer it returns.
   */
  static OutputWriter openUnlessAborted(OutputTarget target) {
    seen(target.runId());
    String key = target.key();
    // a finished output is left finished: a chunk of it again (a re-run compute bundle of the same attempt)
    // must not open a second writer beside the complete file
    OutputWriter w = OPEN.computeIfAbsent(key, k -> ABORTED.contains(k) || FINISHED.containsKey(k) ? null
        : claimPath(new OutputWriter(target, LIFECYCLE)));
    // then the check: an abort that marked the output while this writer was being made (before it was live,
    // so the abort did not see it) is seen here, and the writer aborted as the abort would have
    if (w != null && ABORTED.contains(key)) {
      w.abort();
      return null;
    }
    return w;
  }

  /** Whether this JVM aborted {@code key}'s writer since it last opened one. */
  static boolean wasAborted(String key) {
    return ABORTED.contains(key);
  }

  /**
   * Closes and deletes the partial output of {@code key}, if this JVM has it open, and returns once it is
   * deleted, also when another thread's abort of it is still under way (two compute workers failing one job).
   */
  static void abort(String key) {
    abort(List.of(key));
  }

  /**
   * {@link #abort(String)} for each of {@code keys}, the writers aborted together: each is told first, then all
   * are waited for against one deadline ({@link OutputWriter#requestAbort}).
   */
  static void abort(java.util.Collection<String> keys) {
    java.util.Set<String> which = new java.util.HashSet<>(keys);
    // first: also when this JVM has no writer of them yet, none is opened from here on in process (marked only
    // after the live ones were aborted, a writer opened meanwhile was left writing)
    for (String key : which) {
      seen(runOf(key));
      ABORTED.add(key);
    }
    abortLive(t -> which.contains(t.key()));
  }

  /**
   * Aborts every live writer whose target {@code which} selects (each aborted twice at once returns only once
   * its file is deleted), marking its output aborted. A writer that is finishing its file is not live. All are
   * told before any is waited for, and all are waited for against one deadline.
   */
  private static void abortLive(java.util.function.Predicate<OutputTarget> which) {
    List<OutputWriter> aborting = new java.util.ArrayList<>();
    for (OutputWriter w : LIVE) {
      if (which.test(w.target())) {
        ABORTED.add(w.target().key());
        w.requestAbort();
        aborting.add(w);
      }
    }
    long deadline = OutputWriter.abortDeadline();
    aborting.forEach(w -> w.awaitAbort(deadline));
  }

  /**
   * Aborts every writer of run {@code runId} in this JVM whose file is not finished, and returns once each has
   * deleted its partial file (or, for a writer thread still busy after {@value OutputWriter#ABORT_WAIT_SECONDS} s, left it
   * to that thread). For a launcher whose pipeline failed while the runner may still be tearing its writers
   * down (the DirectRunner reports a failure before its pool has called every DoFn's teardown).
   */
  static void stopRun(String runId) {
    seen(runId);
    STOPPED.add(runId); // before looking at LIVE: a writer being made now sees it, or is seen (see LIFECYCLE)
    abortLive(t -> t.runId().equals(runId));
    takeBackFinished(runId);
  }

  /**
   * Marks run {@code runId} stopped and takes back, by the files' identity, the outputs its writers in this JVM
   * put in place with the earlier files aside and that no commit step or launcher confirmed (none will now),
   * without waiting for writers still at work: a writer that finishes later takes its own output back (see
   * {@link #LIFECYCLE}). For {@link #stopRun}, and for a JVM shutting down, which cannot wait. What could not be
   * taken back is kept for {@link #notTakenBack}.
   */
  static void takeBackFinished(String runId) {
    seen(runId);
    STOPPED.add(runId); // before looking at FINISHED: a writer finishing now sees it, or is seen
    FINISHED.forEach((key, ready) -> {
      if (runOf(key).equals(runId)) { // keys with an attempt are "run~attempt/job/output"
        takeBackIfUnwanted(key, ready);
      }
    });
  }

  /**
   * What taking back run {@code runId}'s outputs here could not do so far (a file that could not be moved back,
   * an upload left in place), wherever it was tried: handed over once, for the caller to report.
   */
  static List<RuntimeException> notTakenBack(String runId) {
    java.util.Queue<RuntimeException> here = NOT_TAKEN_BACK.remove(runId);
    return here == null ? List.of() : List.copyOf(here);
  }

  /**
   * Takes back output {@code key}, put in place by its writer here, if its run was stopped here or its job taken
   * back here ({@link #takeBackJob}), its job was not confirmed, and the output was not taken back already (by
   * {@link #takeBackFinished}, {@link #takeBackJob} or its own writer).
   *
   * @return null, or why the output is still in place: the failure to take it back, or an
   *     {@link OutputWriteException} naming an upload, which an object store cannot give back
   */
  private static RuntimeException takeBackIfUnwanted(String key, ReadyOutput ready) {
    if (!ready.keptEarlier()) {
      return null;
    }
    if (STOPPED.contains(runOf(key))) {
      settle(ready.jobKey(), false);
    }
    if (Boolean.FALSE.equals(SETTLED.get(ready.jobKey())) && TAKEN_BACK.add(key)) {
      RuntimeException notTakenBack = null;
      try {
        if (!OutputCommit.undo(List.of(ready.file())).isEmpty()) {
          notTakenBack = OutputCommit.leftInPlace(ready.file().finalName(), ready.record().jobId());
        }
      } catch (RuntimeException e) {
        notTakenBack = e;
      }
      if (notTakenBack != null) {
        NOT_TAKEN_BACK.computeIfAbsent(runOf(key), r -> new java.util.concurrent.ConcurrentLinkedQueue<>())
            .add(notTakenBack);
      }
      return notTakenBack;
    }
    return null;
  }

  /**
   * Job {@code jobKey} ({@link ReadyOutput#jobKey}) fails the pipeline (no failed-job routing) from its writer of
   * one output: no commit
   * step will settle the job now, so it is taken back here, as the commit step would at the end of its input
   * ({@link CommitJobFn}): its other writers in this JVM are aborted (their partial files deleted) and the
   * outputs they put in place with the earlier files aside are taken back, now or, for a writer still
   * finishing, when it has finished (see {@link #LIFECYCLE}). The job replaces none of its earlier outputs.
   * Writers of the job in other JVMs (a cluster) are beyond reach: what they leave is taken back when the job
   * runs again ({@code RiosIO}'s recovery of an earlier attempt).
   *
   * @return what could not be taken back (an upload to an object store, a file that could not be moved back)
   */
  static List<RuntimeException> takeBackJob(String jobKey) {
    settle(jobKey, false);
    abortLive(t -> ReadyOutput.jobKey(t).equals(jobKey));
    List<RuntimeException> notTakenBack = new java.util.ArrayList<>();
    FINISHED.forEach((key, ready) -> {
      if (ready.jobKey().equals(jobKey)) {
        RuntimeException e = takeBackIfUnwanted(key, ready);
        if (e != null) {
          notTakenBack.add(e);
        }
      }
    });
    return notTakenBack;
  }

  /**
   * The launcher's run {@code runId} succeeded and its results are read back: job {@code jobId}'s outputs,
   * whose writers kept the earlier files of their names aside ({@link OutputTarget#launcherConfirms}), are
   * confirmed: those earlier files are deleted. By the outputs' names, so also for writers in other JVMs.
   */
  static void confirmRun(String runId, String jobId, List<OutputSpec> outputs) {
    settle(runId + "/" + jobId, true);
    // the writers' records carry the pipeline's attempt too (run~attempt/job): settled under those keys, which
    // a take-back looks at, so a shutdown hook taking the run back while this confirms leaves the job alone
    FINISHED.values().forEach(ready -> {
      String key = ready.jobKey();
      if (runOf(key).equals(runId) && key.substring(key.indexOf('/') + 1).equals(jobId)) {
        settle(key, true);
      }
    });
    List<FinishedOutput> byName = new java.util.ArrayList<>();
    outputs.forEach(o -> byName.add(new FinishedOutput(o.label(), o.filename(), -1, null, true)));
    OutputCommit.confirm(byName);
  }

  /**
   * The launcher's run {@code runId} failed, possibly after some outputs were put in place (its results could
   * not be collected, say): its writers in this JVM are stopped and the outputs they put in place taken back by
   * the files' identity ({@link #stopRun}); then any of {@code outputs} still in place with its earlier file
   * aside (written by another JVM, on a cluster) is taken back by its name ({@link OutputCommit#undoKeptAside}).
   *
   * @return what could not be taken back (see {@link #takeBackFinished}): the launcher throws the run's own
   *     failure, with these attached as suppressed exceptions
   */
  static List<RuntimeException> takeBackRun(String runId, List<OutputSpec> outputs) {
    stopRun(runId);
    List<String> names = new java.util.ArrayList<>();
    outputs.forEach(o -> names.add(o.filename()));
    RuntimeException byName = null;
    try {
      OutputCommit.undoKeptAside(names);
    } catch (RuntimeException e) {
      byName = e;
    }
    // after stopRun: with what writers finishing during its wait could not take back
    List<RuntimeException> notTakenBack = new java.util.ArrayList<>(notTakenBack(runId));
    if (byName != null) {
      notTakenBack.add(byName);
    }
    return notTakenBack;
  }

  /**
   * Decides the fate of job {@code jobKey}'s outputs in this JVM, once: confirmed by its commit step, or taken
   * back (by its commit step, or by {@link #stopRun}). Returns true if this call decided it as asked; false if
   * it was decided before, the other way or the same (see {@link #confirmed}).
   */
  static boolean settle(String jobKey, boolean confirm) {
    seen(runOf(jobKey));
    return SETTLED.putIfAbsent(jobKey, confirm) == null;
  }

  /** How job {@code jobKey}'s outputs were settled in this JVM: true confirmed, false taken back, null not yet. */
  static Boolean confirmed(String jobKey) {
    return SETTLED.get(jobKey);
  }

  /**
   * The exception to report for a failed hand-over to {@code key}'s writer: the writer's own, if its thread
   * failed (the hand-over only wraps it), else the hand-over's.
   */
  static Throwable ownFailure(String key, RuntimeException handOver) {
    Throwable own = FAILED.get(key);
    return own != null ? own : handOver;
  }

  /** Blocks {@code key}'s open writer in this JVM has taken, or -1 if it has none open. */
  static int blocksWritten(String key) {
    OutputWriter w = OPEN.get(key);
    return w == null ? -1 : w.blocksWritten();
  }

  /** A compute worker of run {@code runId} that writes in process starts ({@code true}) or ends computing a chunk. */
  static void computing(String runId, boolean started) {
    COMPUTING.compute(runId, (k, n) -> {
      if (started) {
        return n == null ? 1 : n + 1;
      }
      return n == null || n <= 1 ? null : Integer.valueOf(n - 1);
    });
  }

  /** A compute worker of run {@code runId} that writes in process was set up in this JVM. */
  static void inProcessWorkerUp(String runId) {
    IN_PROCESS_WORKERS.merge(runId, 1, Integer::sum);
  }

  /**
   * A compute worker of run {@code runId} that writes in process was torn down. When it was the run's last
   * in this JVM and none is set up within {@value #ORPHAN_GRACE_SECONDS} s, no one is left to complete the
   * run's outputs still open here: the run failed (a run that succeeds has finished every output before its
   * workers are torn down), so they are aborted and their partial files deleted. Not at each worker's
   * teardown: Flink tears a subtask down as soon as its own input has ended, while the others still write to
   * the same files (or are still being set up).
   */
  static void inProcessWorkerDown(String runId) {
    boolean last = IN_PROCESS_WORKERS.compute(runId, (k, n) -> n == null || n <= 1 ? null : n - 1) == null;
    if (last && LIVE.stream().anyMatch(w -> w.target().runId().equals(runId))) {
      ORPHANS.schedule(() -> abortOrphans(runId), ORPHAN_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * Aborts run {@code runId}'s outputs still open here if none of its compute workers is left, or none has
   * written for {@value #ORPHAN_IDLE_SECONDS} s and none is computing a chunk; else looks again after {@value #ORPHAN_GRACE_SECONDS} s while
   * any is open. A worker set up meanwhile (a Flink subtask that initialized late) goes on writing.
   */
  private static void abortOrphans(String runId) {
    if (LIVE.stream().noneMatch(w -> w.target().runId().equals(runId))) {
      LAST_WRITE.remove(runId);
      return;
    }
    long idle = System.nanoTime() - LAST_WRITE.getOrDefault(runId, 0L);
    boolean busy = COMPUTING.containsKey(runId);
    if (IN_PROCESS_WORKERS.containsKey(runId) && (busy || idle < orphanIdleNanos)) {
      ORPHANS.schedule(() -> abortOrphans(runId), ORPHAN_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      return;
    }
    abortLive(t -> t.runId().equals(runId));
    LAST_WRITE.remove(runId);
  }

  private static void seen(String runId) {
    long now = System.nanoTime();
    LAST_SEEN.put(runId, now);
    long sweep = LAST_SWEEP.get();
    if (now - sweep >= FORGET_SWEEP_MINUTES * 60_000_000_000L && LAST_SWEEP.compareAndSet(sweep, now)) {
      forgetRunsIdleFor(FORGET_RUN_AFTER_MINUTES * 60_000_000_000L);
    }
  }

  /** The run of an output's key (run/job/label) or a job's key (run/job): run ids are UUIDs, without '/'. */
  private static String runOf(String key) {
    int slash = key.indexOf('/');
    String runAttempt = slash < 0 ? key : key.substring(0, slash);
    int attempt = runAttempt.indexOf(OutputTarget.ATTEMPT_SEPARATOR);
    return attempt < 0 ? runAttempt : runAttempt.substring(0, attempt);
  }

  /**
   * Forgets every run not used here for {@code idleNanos} that has no writer or in-process compute worker left
   * in this JVM: its finished records, failures, aborts, job fates and stop mark. Returns the runs forgotten.
   */
  static java.util.Set<String> forgetRunsIdleFor(long idleNanos) {
    java.util.Set<String> runs = new java.util.HashSet<>(LAST_SEEN.keySet());
    FINISHED.keySet().forEach(k -> runs.add(runOf(k)));
    FAILED.keySet().forEach(k -> runs.add(runOf(k)));
    ABORTED.forEach(k -> runs.add(runOf(k)));
    SETTLED.keySet().forEach(k -> runs.add(runOf(k)));
    TAKEN_BACK.forEach(k -> runs.add(runOf(k)));
    runs.addAll(NOT_TAKEN_BACK.keySet());
    runs.addAll(STOPPED);
    long now = System.nanoTime();
    java.util.Set<String> forgotten = new java.util.HashSet<>();
    for (String run : runs) {
      Long last = LAST_SEEN.get(run);
      boolean idle = last == null || now - last >= idleNanos;
      boolean inUse = IN_PROCESS_WORKERS.containsKey(run) || LIVE.stream().anyMatch(w -> w.target().runId().equals(run));
      if (idle && !inUse) {
        java.util.function.Predicate<String> ofRun = k -> runOf(k).equals(run);
        FINISHED.keySet().removeIf(ofRun);
        FAILED.keySet().removeIf(ofRun);
        ABORTED.removeIf(ofRun);
        SETTLED.keySet().removeIf(ofRun);
        TAKEN_BACK.removeIf(ofRun);
        NOT_TAKEN_BACK.remove(run);
        STOPPED.remove(run);
        LAST_WRITE.remove(run);
        LAST_SEEN.remove(run, last);
        forgotten.add(run);
      }
    }
    return forgotten;
  }

  /** Whether this JVM has {@code key}'s output open. */
  static boolean isOpen(String key) {
    return OPEN.containsKey(key);
  }

  /** Number of outputs open in this JVM (for tests). */
  static int openCount() {
    return OPEN.size();
  }
}
