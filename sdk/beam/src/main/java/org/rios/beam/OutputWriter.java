package org.rios.beam;

import java.util.BitSet;
import java.util.List;
import org.rios.applier.BlockAssociations;
import org.rios.array.RasterArray;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.WorkerFailures;
import org.rios.engine.internal.WriterLoop;
import org.rios.errors.RiosException;
import org.rios.gdal.GdalConfig;
import org.rios.io.BlockWriter;
import org.rios.io.FinishedOutput;
import org.rios.io.OutputCommit;
import org.rios.lifecycle.RunTempDir;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * One output file being written: a {@link BlockWriter} on a thread of its own while the file is open (taken
 * from a pool, so that threads and their GDAL state outlive small outputs), fed through the engine's own
 * hand-off: a {@link BlockBuffer} of at most {@value #MAX_PENDING} blocks drained by a {@link WriterLoop}, as
 * in the native driver. The runner's thread inserts a chunk's blocks (waiting while the buffer is full) and
 * goes back to computing while the blocks are written and compressed; the chunk that completes the file waits
 * for the writer's thread, so the file is finished and at its final path before its record is returned. A
 * failure of the writer's thread is thrown to the runner's thread at its next hand-over or at the last one.
 *
 * <p>Each block is taken once: a block that comes again (a bundle or task re-run after a failure, with all its
 * input sent again) is skipped, so no block is written or counted twice, and the file is finished when every
 * block of the plan has been written, whatever the order. Which writers are open, finished, failed or live in
 * this JVM is kept by {@link OutputWriters}, which each writer tells through its {@link Lifecycle}.
 */
final class OutputWriter {
  /** Blocks handed to one writer and not yet written, beyond which the runner's thread waits. */
  static final int MAX_PENDING = 32;
  /**
   * How long {@link #abort} waits for the writer's thread to stop before leaving the partial file to that
   * thread, which deletes it when it stops: under Flink's task cancellation timeout (180 s), after which Flink
   * kills the TaskManager.
   */
  static final long ABORT_WAIT_SECONDS = 120;
  /** The one entry of the block data a writer's buffer carries: the output's array. */
  private static final String ARRAY = "array";
  /** The name of a writer thread between writers. */
  static final String IDLE_WRITER_THREAD = "rios-writer (idle)";
  /**
   * How long a thread of the writers outlives its last task. None lives longer: on a Flink TaskManager these
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

  /**
   * What a writer tells the registry of this JVM's writers ({@link OutputWriters}) as its life goes: first
   * live (its partial file exists), then, from the runner's threads, handing over blocks; and at its end one
   * of: finished then not live (its file is at its final path; the registry stops treating it as open
   * itself); failed, not open, not live (the writer's thread failed and its partial file is deleted); not
   * open, not live (aborted and deleted); not live, failed, not open (the file was finished but describing it
   * failed).
   */
  interface Lifecycle {
    /**
     * The writer's partial file exists. Returns false if the output's run has already been stopped in this
     * JVM: the writer then deletes its file and is not opened.
     */
    boolean live(OutputWriter w);

    /** Blocks are being handed to the writer. */
    void handingOver(OutputWriter w);

    /** The writer is no longer the one to hand its output's blocks to (aborted, or its file deleted). */
    void notOpen(OutputWriter w);

    /** The writer's thread failed with {@code e}; the writer then deletes what it wrote. */
    void failed(OutputWriter w, RuntimeException e);

    /** The file is finished and at its final path ({@code done} says how); called before {@link #notLive}. */
    void finished(OutputWriter w, ReadyOutput done);

    /** The file is finished or deleted. */
    void notLive(OutputWriter w);
  }

  private final OutputTarget target;
  private final Lifecycle lifecycle;
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
  /**
   * Tests only: runs on the writer's thread once the file is in place, just before its record is made (the
   * record reads the file back, which a test cannot otherwise make fail at that moment).
   */
  static volatile java.util.function.Consumer<OutputTarget> beforeRecord = t -> { };

  /**
   * Opens {@code target}'s partial file and starts the writer's thread.
   *
   * @throws RiosException if {@code lifecycle} says the output's run has already failed here
   */
  OutputWriter(OutputTarget target, Lifecycle lifecycle) {
    this.target = target;
    this.lifecycle = lifecycle;
    WorkingPlan plan = target.plan();
    this.scratch = RunTempDir.preferring(plan.tempDir(), "rios_writer_");
    try {
      this.writer = new BlockWriter(plan, scratch.file(), timers, null);
    } catch (RuntimeException | Error e) {
      scratch.close(); // the writer's scratch directory goes with the writer that could not be made
      throw e;
    }
    writer.expectBlocksInAnyOrder(); // chunks come in any order, from any worker
    this.submitted = new BitSet(target.numBlocks());
    buffer.setStopCondition(() -> aborted || failures.failed());
    WriterLoop loop = new WriterLoop(buffer, failures, timers, "pop_writerbuffer", () -> aborted);
    if (!lifecycle.live(this)) {
      // not closeAndDelete: this runs while the registry is opening it, which must not be changed from in here
      closeFiles();
      stopped.countDown(); // no thread will run: an abort that found it live must not wait for one
      throw new RiosException("The run of output '" + target.spec().label() + "' of job '" + target.jobId()
          + "' has already failed: its writer is not opened again");
    }
    try {
      WRITER_THREADS.execute(() -> run(loop));
    } catch (RuntimeException | Error e) {
      closeFiles();
      stopped.countDown();
      throw e;
    }
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
      // The earlier file of the name is kept aside until the output's record is made: a job's only output is
      // then final here (the earlier file dropped); a job's several outputs keep it aside until the commit step
      // has heard from all of them, and every output of a run its launcher confirms until then. A record that
      // cannot be made takes the new file back, so a failed job never leaves its output in place.
      // Not under the lock: an abort must not wait unboundedly (statistics, overviews, an upload) to say so
      FinishedOutput placed = writer.finishKeepingEarlier().get(0);
      synchronized (this) {
        ended = true;
      }
      try {
        scratch.close();
        ReadyOutput done;
        try (GdalConfig.Scope s = target.plan().gdalConfig().applyToThisThread()) {
          beforeRecord.accept(target);
          done = new ReadyOutput(ReadyOutput.jobKey(target), target.jobOutputs(), WrittenRaster.describe(
              target.jobId(), target.spec().label(), target.spec().filename(),
              writer.singlePassReports().get(target.spec().label()), placed.bytes(),
              !target.spec().settings().writesBasicStats()), file(placed),
              target.keepsEarlier());
        } catch (RuntimeException | Error e) {
          try {
            OutputCommit.undo(List.of(placed))
                .forEach(name -> e.addSuppressed(OutputCommit.leftInPlace(name, target.jobId())));
          } catch (RuntimeException undo) {
            e.addSuppressed(undo);
          }
          throw e;
        }
        if (!target.keepsEarlier()) {
          OutputCommit.confirm(List.of(placed));
        }
        record = done;
        lifecycle.finished(this, done);
      } finally {
        // live until it is finished: a stop of the run, which waits for the live writers, then finds it so
        lifecycle.notLive(this);
      }
    } catch (RuntimeException e) {
      failed(e);
    } catch (Error e) {
      // e.g. OutOfMemoryError or a GDAL linkage error: still the cause the runner's thread must report
      failed(new RiosException("The writer of output '" + target.spec().label() + "' failed: " + e, e));
    }
  }

  /**
   * The finished output as the commit step gets it: a job's only output, confirmed by its writer (the earlier
   * file already deleted), says no earlier file is kept, so that nothing deletes or moves back by name a file
   * another writer of the same name has set aside since.
   */
  private FinishedOutput file(FinishedOutput placed) {
    return target.keepsEarlier() ? placed
        : new FinishedOutput(placed.label(), placed.finalName(), placed.bytes(), placed.placedKey(), false);
  }

  /**
   * The partial file is deleted before the failure is recorded: a caller that sees the failure (the next
   * {@link #write}) finds nothing left of the output.
   */
  private void failed(RuntimeException e) {
    lifecycle.failed(this, e);
    try {
      closeAndDelete();
    } finally {
      failures.record("writer", 0, e);
    }
  }

  /**
   * Hands {@code blocks} to the writer's thread, skipping blocks handed over before. Returns the finished
   * output's record when these blocks complete the file (after waiting for it), else null.
   *
   * @throws RiosException if the writer's thread failed, now or before
   */
  ReadyOutput write(List<BlockDefn> blocks, List<RasterArray> arrays) {
    lifecycle.handingOver(this);
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
    requestAbort();
    awaitAbort(abortDeadline());
  }

  /** The deadline of an abort starting now: {@value #ABORT_WAIT_SECONDS} s on {@link System#nanoTime}. */
  static long abortDeadline() {
    return System.nanoTime() + ABORT_WAIT_SECONDS * 1_000_000_000L;
  }

  /**
   * The first half of {@link #abort}, which returns at once: the writer is no longer open, and its thread stops
   * after the block it is writing. Aborting several writers, request each, then await each against one
   * deadline, so that their waits overlap rather than add up (Flink cancels a task that is not torn down within
   * its cancellation timeout, 180 s by default).
   */
  void requestAbort() {
    lifecycle.notOpen(this);
    synchronized (this) {
      // the writer's loop sees it within its poll interval, after the block it is writing; under the lock, so
      // a writer has either decided to finish its file before this (its record then tells the commit step) or
      // does not finish it at all
      aborted = true;
    }
  }

  /**
   * The second half of {@link #abort}: waits until {@code deadline} ({@link System#nanoTime}) at most for the
   * writer's thread to stop, then closes and deletes the partial file; a thread still busy deletes it itself
   * when it stops.
   */
  void awaitAbort(long deadline) {
    boolean interrupted = false;
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
    lifecycle.notOpen(this);
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
        lifecycle.notLive(this);
      }
    }
  }

  /** The output this writes. */
  OutputTarget target() {
    return target;
  }

  synchronized int blocksWritten() {
    return count;
  }

  /** Whether this writer was aborted: blocks handed to it since are dropped. */
  boolean aborted() {
    return aborted;
  }
}
