package org.rios.beam;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.rios.array.RasterArray;
import org.rios.errors.RiosException;
import org.rios.io.BlockWriter;
import org.rios.lifecycle.RunTempDir;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * The open output files of this JVM, one {@link BlockWriter} per (run, job, output file). A runner sends all
 * blocks of one output to one key, and so to one worker; the writer lives here rather than in a DoFn instance
 * because a runner may process one key's bundles on different instances (the DirectRunner does).
 *
 * <p>Each writer has its own thread, as the native driver's writer does: the runner's thread hands it a chunk
 * and goes back to computing while the blocks are written and compressed; at most {@value #MAX_PENDING}
 * chunks wait per writer (then the runner's thread waits), and the chunk that completes the file is waited
 * for, so the file is complete at its final path before its record is emitted. A failure of the writer's
 * thread is thrown to the runner's thread at its next hand-over or at the last one.
 *
 * <p>Each writer takes each block once: a block that comes again (a bundle or task re-run after a failure,
 * with all its input sent again) is skipped, so no block is written or counted twice, and the file is
 * finished when every block of the plan has been written, whatever the order.
 */
final class OutputWriters {
  /** Chunks handed to one writer and not yet written, beyond which the runner's thread waits. */
  static final int MAX_PENDING = 4;
  private static final ConcurrentHashMap<String, Writer> OPEN = new ConcurrentHashMap<>();
  /**
   * The outputs this JVM finished, with their records: a block that comes again after its output was
   * finished (a re-run bundle whose state changes were rolled back) gets the record again instead of a new
   * writer. Small (one record per output); forgotten with the JVM.
   */
  private static final ConcurrentHashMap<String, WrittenRaster> FINISHED = new ConcurrentHashMap<>();

  private OutputWriters() {}

  /** The record of {@code key}'s output if this JVM finished it, else null. */
  static WrittenRaster finished(String key) {
    return FINISHED.get(key);
  }

  /** The writer of {@code target} in this JVM, created (with its partial file) on first use. */
  static Writer open(OutputTarget target) {
    return OPEN.computeIfAbsent(target.key(), k -> new Writer(target));
  }

  /** Closes and deletes the partial output of {@code key}, if this JVM has it open. */
  static void abort(String key) {
    Writer w = OPEN.remove(key);
    if (w != null) {
      w.abort();
    }
  }

  /** Whether this JVM has {@code key}'s output open. */
  static boolean isOpen(String key) {
    return OPEN.containsKey(key);
  }

  /** Number of outputs open in this JVM (for tests). */
  static int openCount() {
    return OPEN.size();
  }

  /** One output file being written, on its own thread. */
  static final class Writer {
    private final OutputTarget target;
    private final Timers timers = new Timers();
    private final RunTempDir scratch;
    private final BlockWriter writer;
    private final ExecutorService thread;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    /** Blocks handed over (guarded by this). */
    private final BitSet submitted;
    private int count;
    /** Set by the writer's thread when a block or the finish failed. */
    private volatile Throwable failure;
    private volatile boolean ended;

    private Writer(OutputTarget target) {
      this.target = target;
      WorkingPlan plan = target.plan();
      this.scratch = RunTempDir.preferring(plan.tempDir(), "rios_writer_");
      this.writer = new BlockWriter(plan, scratch.file(), timers, null);
      this.submitted = new BitSet(target.numBlocks());
      this.thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rios-writer " + target.jobId() + "/" + target.spec().label());
        t.setDaemon(true);
        return t;
      });
    }

    /**
     * Hands {@code blocks} to the writer's thread, skipping blocks handed over before. Returns the finished
     * output's record when these blocks complete the file (after waiting for it), else null.
     *
     * @throws RiosException if the writer's thread failed, now or before
     */
    WrittenRaster write(List<BlockDefn> blocks, List<RasterArray> arrays) {
      rethrow();
      BitSet fresh = new BitSet();
      boolean last;
      synchronized (this) {
        if (ended) {
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
      if (fresh.isEmpty()) {
        return null;
      }
      if (!awaitRoom()) {
        return null; // aborted meanwhile: nothing more is written
      }
      CompletableFuture<WrittenRaster> done;
      try {
        done = CompletableFuture.supplyAsync(() -> {
          try {
            return writeOnThread(blocks, arrays, fresh, last);
          } finally {
            pending.release();
          }
        }, thread);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pending.release();
        rethrow();
        return null; // aborted meanwhile
      }
      if (!last) {
        return null;
      }
      try {
        WrittenRaster record = done.get();
        rethrow(); // an earlier chunk failed: the last one wrote nothing
        return record;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RiosException("Interrupted while finishing output '" + target.spec().label() + "' of job '"
            + target.jobId() + "'", e);
      } catch (ExecutionException e) {
        rethrow();
        throw new RiosException("Writing output '" + target.spec().label() + "' failed: " + e.getCause(), e);
      }
    }

    /** Waits for room among the pending chunks; false if the writer ended (aborted) meanwhile. */
    private boolean awaitRoom() {
      try {
        while (!pending.tryAcquire(1, TimeUnit.SECONDS)) {
          rethrow();
          if (ended) {
            return false;
          }
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RiosException("Interrupted while handing blocks to the writer of output '"
            + target.spec().label() + "' of job '" + target.jobId() + "'", e);
      }
    }

    /** On the writer's thread: the fresh blocks, then, for the last chunk, the finish and the rename. */
    private WrittenRaster writeOnThread(List<BlockDefn> blocks, List<RasterArray> arrays, BitSet fresh,
        boolean last) {
      if (failure != null || ended) {
        return null;
      }
      try {
        for (int i = fresh.nextSetBit(0); i >= 0; i = fresh.nextSetBit(i + 1)) {
          RasterArray a = arrays.get(i);
          writer.write(blocks.get(i), spec -> a);
        }
        if (!last) {
          return null;
        }
        writer.finish();
        ended = true;
        OPEN.remove(target.key(), this);
        scratch.close();
        WrittenRaster record = WrittenRaster.describe(target.jobId(), target.spec().label(),
            target.spec().filename(), writer.singlePassReports().get(target.spec().label()));
        FINISHED.put(target.key(), record);
        return record;
      } catch (RuntimeException | Error e) {
        failure = e;
        closeAndDelete();
        throw e;
      }
    }

    private void rethrow() {
      Throwable f = failure;
      if (f instanceof RuntimeException r) {
        throw r;
      }
      if (f instanceof Error err) {
        throw err;
      }
    }

    /** The writer's timers (complete once the output is finished). */
    Timers timers() {
      return timers;
    }

    /**
     * Stops the writer's thread (after the block it is writing), then closes the partial output and deletes
     * it; nothing is left at the final path either way.
     */
    void abort() {
      OPEN.remove(target.key(), this);
      thread.shutdownNow();
      try {
        if (!thread.awaitTermination(2, TimeUnit.MINUTES)) {
          System.err.println("rios: the writer of " + target.spec().filename() + " did not stop within 2 minutes");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeAndDelete();
    }

    private synchronized void closeAndDelete() {
      OPEN.remove(target.key(), this);
      if (!ended) {
        ended = true;
        try {
          writer.close();
        } finally {
          scratch.close();
        }
      }
      thread.shutdown();
    }

    synchronized int blocksWritten() {
      return count;
    }
  }
}
