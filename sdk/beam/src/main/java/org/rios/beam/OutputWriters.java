package org.rios.beam;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.rios.applier.BlockAssociations;
import org.rios.array.RasterArray;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.WorkerFailures;
import org.rios.engine.internal.WriterLoop;
import org.rios.errors.RiosException;
import org.rios.io.BlockWriter;
import org.rios.io.FinishedOutput;
import org.rios.io.OutputCommit;
import org.rios.lifecycle.RunTempDir;
import org.rios.gdal.GdalConfig;
import org.rios.plan.BlockDefn;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * The open output files of this JVM, one {@link BlockWriter} per (run, job, output file). A runner sends all
 * blocks of one output to one key, and so to one worker; the writer lives here rather than in a DoFn instance
 * because a runner may process one key's bundles on different instances (the DirectRunner does).
 *
 * <p>Each writer has a thread of its own while it is open (taken from a pool, so that threads and their GDAL
 * state outlive small outputs), fed through the engine's own hand-off: a {@link BlockBuffer} of at most
 * {@value #MAX_PENDING} blocks drained by a {@link WriterLoop}, as in the native driver. The runner's thread
 * inserts a chunk's blocks (waiting while the buffer is full) and goes back to computing while the blocks are
 * written and compressed; the chunk that completes the file waits for the writer's thread, so the file is
 * finished and at its final path before its record is emitted; for a job's several outputs, the earlier file
 * of each name is kept aside until the commit step ({@link CommitJobFn}) confirms or takes back all of them
 * (or {@link #stopRun} takes them back), and for a run its launcher confirms ({@link BeamDriver}), until the
 * launcher does ({@link #confirmRun}, {@link #takeBackRun}). A failure of the writer's thread is thrown to the
 * runner's thread at its next hand-over or at the last one.
 *
 * <p>Each writer takes each block once: a block that comes again (a bundle or task re-run after a failure,
 * with all its input sent again) is skipped, so no block is written or counted twice, and the file is
 * finished when every block of the plan has been written, whatever the order.
 */
final class OutputWriters {
  /** Blocks handed to one writer and not yet written, beyond which the runner's thread waits. */
  static final int MAX_PENDING = 32;
  /**
   * How long {@link Writer#abort} waits for the writer's thread to stop: under Flink's task cancellation
   * timeout (180 s), after which Flink kills the TaskManager.
   */
  static final long ABORT_WAIT_SECONDS = 120;
  /** This JVM's id: blocks a compute worker wrote in process are named with it (see {@link OutputChunk}). */
  static final String JVM = java.util.UUID.randomUUID().toString();
  /** The one entry of the block data a writer's buffer carries: the output's array. */
  private static final String ARRAY = "array";
  private static final ConcurrentHashMap<String, Writer> OPEN = new ConcurrentHashMap<>();
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
  /** The name of a writer thread between writers. */
  static final String IDLE_WRITER_THREAD = "rios-writer (idle)";
  /**
   * How long a thread of this class outlives its last task. None lives longer: on a Flink TaskManager these
   * classes come with each pipeline's own class loader, which a live thread of theirs would keep from being
   * collected (a session cluster's TaskManagers ran out of Metaspace after about ten pipelines).
   */
  static final long IDLE_THREAD_SECONDS = 10;
  /**
   * The threads the writers run on: one per open writer, as many as are open, kept for
   * {@value #IDLE_THREAD_SECONDS} s after their writer is done so the next writer reuses one. A thread new to
   * GDAL pays for its own PROJ context (its database connection and caches, filled again by the first
   * projection calls): a new thread per output cost several milliseconds of each small job's file.
   */
  private static final java.util.concurrent.ExecutorService WRITER_THREADS = new java.util.concurrent.ThreadPoolExecutor(
      0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, java.util.concurrent.TimeUnit.SECONDS,
      new java.util.concurrent.SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, IDLE_WRITER_THREAD);
        t.setDaemon(true);
        return t;
      });
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
  private static final java.util.Set<Writer> LIVE = ConcurrentHashMap.newKeySet();
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
   * would keep this class's loader alive (see {@link #IDLE_THREAD_SECONDS}).
   */
  private static final java.util.concurrent.atomic.AtomicLong LAST_SWEEP =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

  private OutputWriters() {}

  private static java.util.concurrent.ScheduledThreadPoolExecutor idleEnding(
      java.util.concurrent.ScheduledThreadPoolExecutor e) {
    e.setKeepAliveTime(IDLE_THREAD_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
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
  static Writer open(OutputTarget target) {
    seen(target.runId());
    return OPEN.computeIfAbsent(target.key(), k -> {
      FAILED.remove(k);
      ABORTED.remove(k);
      return new Writer(target);
    });
  }

  /**
   * The writer of {@code target} in this JVM, created on first use, or null if this JVM aborted it (its job or
   * its run failed): for compute workers writing in process, where no attempt follows a failure in the same
   * JVM (see {@link RiosPipelineOptions#getWritersInProcess}), so an aborted output stays aborted. Either this
   * sees the abort or the abort sees the writer it returns.
   */
  static Writer openUnlessAborted(OutputTarget target) {
    seen(target.runId());
    String key = target.key();
    Writer w = OPEN.computeIfAbsent(key, k -> ABORTED.contains(k) ? null : new Writer(target));
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
    seen(runOf(key));
    // first: also when this JVM has no writer of it yet, none is opened from here on in process (marked only
    // after the live ones were aborted, a writer opened meanwhile was left writing)
    ABORTED.add(key);
    abortLive(t -> t.key().equals(key));
  }

  /**
   * Aborts every live writer whose target {@code which} selects (each aborted twice at once returns only once
   * its file is deleted), marking its output aborted. A writer that is finishing its file is not live.
   */
  private static void abortLive(java.util.function.Predicate<OutputTarget> which) {
    for (Writer w : LIVE) {
      if (which.test(w.target)) {
        ABORTED.add(w.target.key());
        w.abort();
      }
    }
  }

  /**
   * Aborts every writer of run {@code runId} in this JVM whose file is not finished, and returns once each has
   * deleted its partial file (or, for a writer thread still busy after {@value #ABORT_WAIT_SECONDS} s, left it
   * to that thread). For a launcher whose pipeline failed while the runner may still be tearing its writers
   * down (the DirectRunner reports a failure before its pool has called every DoFn's teardown).
   */
  static void stopRun(String runId) {
    seen(runId);
    STOPPED.add(runId); // before looking at LIVE: a writer being made now sees it, or is seen (see Writer)
    abortLive(t -> t.runId().equals(runId));
    takeBackFinished(runId);
  }

  /**
   * Marks run {@code runId} stopped and takes back, by the files' identity, the outputs its writers in this JVM
   * put in place with the earlier files aside and that no commit step or launcher confirmed (none will now),
   * without waiting for writers still at work: a writer that finishes later takes its own output back (see
   * {@link Writer}). For {@link #stopRun}, and for a JVM shutting down, which cannot wait.
   */
  static void takeBackFinished(String runId) {
    seen(runId);
    STOPPED.add(runId); // before looking at FINISHED: a writer finishing now sees it, or is seen
    FINISHED.forEach((key, ready) -> {
      if (key.startsWith(runId + "/")) {
        takeBackIfStopped(key, ready);
      }
    });
  }

  /**
   * Takes back output {@code key}, put in place by its writer here, if its run was stopped here, its job was not
   * confirmed, and the output was not taken back already (by {@link #takeBackFinished} or its own writer).
   */
  private static void takeBackIfStopped(String key, ReadyOutput ready) {
    if (!ready.keptEarlier() || !STOPPED.contains(runOf(key))) {
      return;
    }
    settle(ready.jobKey(), false);
    if (Boolean.FALSE.equals(SETTLED.get(ready.jobKey())) && TAKEN_BACK.add(key)) {
      try {
        OutputCommit.undo(List.of(ready.file()));
      } catch (RuntimeException e) {
        System.err.println("WARNING: " + e.getMessage());
      }
    }
  }

  /**
   * The launcher's run {@code runId} succeeded and its results are read back: job {@code jobId}'s outputs,
   * whose writers kept the earlier files of their names aside ({@link OutputTarget#launcherConfirms}), are
   * confirmed: those earlier files are deleted. By the outputs' names, so also for writers in other JVMs.
   */
  static void confirmRun(String runId, String jobId, List<OutputSpec> outputs) {
    settle(runId + "/" + jobId, true);
    List<FinishedOutput> byName = new java.util.ArrayList<>();
    outputs.forEach(o -> byName.add(new FinishedOutput(o.label(), o.filename(), -1, null, true)));
    OutputCommit.confirm(byName);
  }

  /**
   * The launcher's run {@code runId} failed, possibly after some outputs were put in place (its results could
   * not be collected, say): its writers in this JVM are stopped and the outputs they put in place taken back by
   * the files' identity ({@link #stopRun}); then any of {@code outputs} still in place with its earlier file
   * aside (written by another JVM, on a cluster) is taken back by its name ({@link OutputCommit#undoKeptAside}).
   * Failures to take back are reported on standard error: the run's own failure is what the launcher throws.
   */
  static void takeBackRun(String runId, List<OutputSpec> outputs) {
    stopRun(runId);
    List<String> names = new java.util.ArrayList<>();
    outputs.forEach(o -> names.add(o.filename()));
    try {
      OutputCommit.undoKeptAside(names);
    } catch (RuntimeException e) {
      System.err.println("WARNING: " + e.getMessage());
    }
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
    Writer w = OPEN.get(key);
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
    if (last && LIVE.stream().anyMatch(w -> w.target.runId().equals(runId))) {
      ORPHANS.schedule(() -> abortOrphans(runId), ORPHAN_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * Aborts run {@code runId}'s outputs still open here if none of its compute workers is left, or none has
   * written for {@value #ORPHAN_IDLE_SECONDS} s and none is computing a chunk; else looks again after {@value #ORPHAN_GRACE_SECONDS} s while
   * any is open. A worker set up meanwhile (a Flink subtask that initialized late) goes on writing.
   */
  private static void abortOrphans(String runId) {
    if (LIVE.stream().noneMatch(w -> w.target.runId().equals(runId))) {
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
    runs.addAll(STOPPED);
    long now = System.nanoTime();
    java.util.Set<String> forgotten = new java.util.HashSet<>();
    for (String run : runs) {
      Long last = LAST_SEEN.get(run);
      boolean idle = last == null || now - last >= idleNanos;
      boolean inUse = IN_PROCESS_WORKERS.containsKey(run) || LIVE.stream().anyMatch(w -> w.target.runId().equals(run));
      if (idle && !inUse) {
        java.util.function.Predicate<String> ofRun = k -> runOf(k).equals(run);
        FINISHED.keySet().removeIf(ofRun);
        FAILED.keySet().removeIf(ofRun);
        ABORTED.removeIf(ofRun);
        SETTLED.keySet().removeIf(ofRun);
        TAKEN_BACK.removeIf(ofRun);
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

  /** One output file being written, on a thread of its own while it is open ({@link #WRITER_THREADS}). */
  static final class Writer {
    private final OutputTarget target;
    private final Timers timers = new Timers();
    private final RunTempDir scratch;
    private final BlockWriter writer;
    private final BlockBuffer buffer = new BlockBuffer(null, MAX_PENDING, null, null, "writerBufferInsertTimeout",
        "writerBufferPopTimeout");
    private final WorkerFailures failures = new WorkerFailures();
    /** Counted down when the writer's thread is done with this output (finished, deleted or failed). */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    /** Blocks handed over (guarded by this). */
    private final BitSet submitted;
    private int count;
    private volatile boolean aborted;
    /** Set once the file is finished or deleted (guarded by this). */
    private boolean ended;
    private volatile ReadyOutput record;

    private Writer(OutputTarget target) {
      this.target = target;
      WorkingPlan plan = target.plan();
      this.scratch = RunTempDir.preferring(plan.tempDir(), "rios_writer_");
      this.writer = new BlockWriter(plan, scratch.file(), timers, null);
      writer.expectBlocksInAnyOrder(); // chunks come in any order, from any worker
      this.submitted = new BitSet(target.numBlocks());
      buffer.setStopCondition(() -> aborted || failures.failed());
      WriterLoop loop = new WriterLoop(buffer, failures, timers, "pop_writerbuffer", () -> aborted);
      LIVE.add(this); // then the check: stopRun marks the run before it looks at LIVE
      if (STOPPED.contains(target.runId())) {
        // not closeAndDelete: this runs inside OPEN.computeIfAbsent, which must not be changed from in here
        closeFiles();
        throw new RiosException("The run of output '" + target.spec().label() + "' of job '" + target.jobId()
            + "' has already failed: its writer is not opened again");
      }
      WRITER_THREADS.execute(() -> run(loop));
    }

    /** The writer's thread, named after its output while it writes it. */
    private void run(WriterLoop loop) {
      Thread me = Thread.currentThread();
      me.setName("rios-writer " + target.jobId() + "/" + target.spec().label());
      try {
        drain(loop);
      } finally {
        me.setName(IDLE_WRITER_THREAD);
        Thread.interrupted(); // an interrupt meant for this output is not the next one's
        stopped.countDown();
      }
    }

    private boolean running() {
      return stopped.getCount() > 0;
    }

    /** On the writer's thread: every block of the plan as it comes, then the finish and the rename. */
    private void drain(WriterLoop loop) {
      try {
        int n = loop.run(target.numBlocks(), (block, data) -> writer.write(block, spec -> data.get(ARRAY)),
            i -> { }, () -> { });
        if (n < target.numBlocks()) {
          // aborted: delete the partial file here, after the last write, as abort() does if it saw this thread end
          closeAndDelete();
          return;
        }
        synchronized (this) {
          if (aborted) {
            // aborted after its last block came (abort() sets the mark under this lock): not finished, deleted
            closeAndDelete();
            return;
          }
          // from here the file is finished: an abort now waits for that (for its bounded time), and the record
          // it leaves tells the commit step, which takes the file back if its job failed
        }
        // a job's only output is final here; a job's several outputs keep their earlier files aside until the
        // commit step has heard from all of them, and every output of a run its launcher confirms until then.
        // Not under the lock: an abort must not wait unboundedly (statistics, overviews, an upload) to say so
        FinishedOutput file = (target.keepsEarlier() ? writer.finishKeepingEarlier() : writer.finish()).get(0);
        synchronized (this) {
          ended = true;
        }
        try {
          scratch.close();
          ReadyOutput done;
          try (GdalConfig.Scope s = target.plan().gdalConfig().applyToThisThread()) {
            done = new ReadyOutput(ReadyOutput.jobKey(target), target.jobOutputs(), WrittenRaster.describe(
                target.jobId(), target.spec().label(), target.spec().filename(),
                writer.singlePassReports().get(target.spec().label()), file.bytes()), file, target.keepsEarlier());
          } catch (RuntimeException | Error e) {
            if (target.keepsEarlier()) {
              OutputCommit.undo(List.of(file));
            }
            throw e;
          }
          // finished before no longer open: a writer is always one or the other to those who look it up
          FINISHED.put(target.key(), done);
          record = done;
          OPEN.remove(target.key(), this);
          // then the check: a launcher that stopped the run while this writer was finishing (and gave up
          // waiting for it) may have looked at FINISHED before
          takeBackIfStopped(target.key(), done);
        } finally {
          // live until it is in FINISHED: stopRun, which waits for the live writers, then finds it there
          LIVE.remove(this);
        }
      } catch (RuntimeException e) {
        failed(e);
      } catch (Error e) {
        // e.g. OutOfMemoryError or a GDAL linkage error: still the cause the runner's thread must report
        failed(new RiosException("The writer of output '" + target.spec().label() + "' failed: " + e, e));
      }
    }

    private void failed(RuntimeException e) {
      FAILED.put(target.key(), e);
      failures.record("writer", 0, e);
      closeAndDelete();
    }

    /**
     * Hands {@code blocks} to the writer's thread, skipping blocks handed over before. Returns the finished
     * output's record when these blocks complete the file (after waiting for it), else null.
     *
     * @throws RiosException if the writer's thread failed, now or before
     */
    ReadyOutput write(List<BlockDefn> blocks, List<RasterArray> arrays) {
      LAST_WRITE.put(target.runId(), System.nanoTime());
      seen(target.runId());
      if (aborted) {
        return null; // the run already failed with its own error: late blocks are dropped
      }
      failures.throwIfFailed();
      BitSet fresh = new BitSet();
      boolean last;
      synchronized (this) {
        if (ended || aborted) {
          return null;
        }
        for (int i = 0; i < blocks.size(); i++) {
          int b = blocks.get(i).index();
          if (!submitted.get(b)) {
            submitted.set(b);
            fresh.set(i);
            count++;
          }
        }
        last = count == target.numBlocks();
      }
      int handed = -1;   // the last of fresh in the buffer
      try {
        for (int i = fresh.nextSetBit(0); i >= 0; i = fresh.nextSetBit(i + 1)) {
          BlockAssociations data = new BlockAssociations();
          data.put(ARRAY, arrays.get(i));
          buffer.insertCompleteBlock(blocks.get(i), data);
          handed = i;
        }
        if (!fresh.isEmpty() && last) {
          stopped.await();
        }
      } catch (InterruptedException e) {
        unmark(blocks, fresh, handed);
        if (aborted) {
          return null; // aborted meanwhile: nothing more is written
        }
        failures.throwIfFailed();
        Thread.currentThread().interrupt();
        throw new RiosException("Interrupted while handing blocks to the writer of output '"
            + target.spec().label() + "' of job '" + target.jobId() + "'", e);
      }
      failures.throwIfFailed();
      return fresh.isEmpty() || !last ? null : record;
    }

    /**
     * The blocks of {@code fresh} after {@code handed} were marked as handed over but never reached the buffer
     * (the hand-over was interrupted): unmarked, so that the same blocks sent again (a retried bundle) are
     * written rather than skipped as duplicates.
     */
    private synchronized void unmark(List<BlockDefn> blocks, BitSet fresh, int handed) {
      for (int i = fresh.nextSetBit(handed + 1); i >= 0; i = fresh.nextSetBit(i + 1)) {
        submitted.clear(blocks.get(i).index());
        count--;
      }
    }

    /**
     * {@link #write}, counted in the calling step's Beam metrics: the blocks handed over (none when the writer
     * was aborted and dropped them), and once the file is finished, the output, its bytes and the writer's
     * stage timers.
     */
    ReadyOutput writeCounted(List<BlockDefn> blocks, List<RasterArray> arrays) {
      ReadyOutput done = write(blocks, arrays);
      if (done != null || !aborted) {
        StageMetrics.blocksWritten(blocks.size());
      }
      if (done != null) {
        StageMetrics.outputFinished(done.record(), timers);
      }
      return done;
    }

    /**
     * Stops the writer's thread (after the block it is writing), then closes the partial output and deletes
     * it; nothing is left at the final path either way. The wait does not end early when the calling thread
     * is interrupted (Flink interrupts a task it cancels, and then tears its DoFns down): closing the file
     * while the writer's thread is still writing, or creating, it would leave a partial file behind. If the
     * thread is still busy after {@value #ABORT_WAIT_SECONDS} s, it deletes the file itself when it stops.
     * Two threads may abort one writer at once: each returns once the file is closed and deleted.
     */
    void abort() {
      OPEN.remove(target.key(), this);
      synchronized (this) {
        // the writer's loop sees it within its poll interval, after the block it is writing; under the lock, so
        // a writer has either decided to finish its file before this (its record then tells the commit step) or
        // does not finish it at all
        aborted = true;
      }
      boolean interrupted = false;
      long deadline = System.nanoTime() + ABORT_WAIT_SECONDS * 1_000_000_000L;
      while (running() && System.nanoTime() < deadline) {
        try {
          stopped.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
              java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (!running()) {
        closeAndDelete();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void closeAndDelete() {
      OPEN.remove(target.key(), this);
      closeFiles();
    }

    /** Closes the partial output and deletes it (once), and the writer's scratch directory. */
    private synchronized void closeFiles() {
      if (!ended) {
        ended = true;
        try {
          writer.close();
        } finally {
          scratch.close();
          LIVE.remove(this);
        }
      }
    }

    synchronized int blocksWritten() {
      return count;
    }

    /** Whether this writer was aborted: blocks handed to it since are dropped. */
    boolean aborted() {
      return aborted;
    }
  }
}
