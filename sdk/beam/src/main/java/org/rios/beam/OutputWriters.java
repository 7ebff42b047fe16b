package org.rios.beam;

import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import org.rios.array.RasterArray;
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
 * <p>Each writer takes each block once: a block that comes again (a bundle or task re-run after a failure,
 * with all its input sent again) is skipped, so no block is written or counted twice, and the file is
 * finished when every block of the plan has been written, whatever the order.
 */
final class OutputWriters {
  private static final ConcurrentHashMap<String, Writer> OPEN = new ConcurrentHashMap<>();
  /**
   * The outputs this JVM finished, with their records: a block that comes again after its output was
   * finished (a re-run bundle whose state changes were rolled back) gets the record again instead of a new
   * writer. Small (one record per output); forgotten with the JVM.
   */
  private static final ConcurrentHashMap<String, WrittenRaster> FINISHED = new ConcurrentHashMap<>();

  /** The record of {@code key}'s output if this JVM finished it, else null. */
  static WrittenRaster finished(String key) {
    return FINISHED.get(key);
  }

  private OutputWriters() {}

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

  /** One output file being written. */
  static final class Writer {
    private final OutputTarget target;
    private final Timers timers = new Timers();
    private final RunTempDir scratch;
    private final BlockWriter writer;
    private final BitSet written;
    private int count;
    private boolean ended;

    private Writer(OutputTarget target) {
      this.target = target;
      WorkingPlan plan = target.plan();
      this.scratch = RunTempDir.preferring(plan.tempDir(), "rios_writer_");
      this.writer = new BlockWriter(plan, scratch.file(), timers, null);
      this.written = new BitSet(target.numBlocks());
    }

    /**
     * Writes {@code block} unless it was written before; returns the finished output's description when this
     * was the last block, else null.
     */
    synchronized WrittenRaster write(BlockDefn block, RasterArray array) {
      if (ended || written.get(block.index())) {
        return null;
      }
      try {
        writer.write(block, spec -> array);
        written.set(block.index());
        count++;
        if (count < target.numBlocks()) {
          return null;
        }
        writer.finish();
        ended = true;
        OPEN.remove(target.key(), this);
        scratch.close();
        StageMetrics.publish(timers);
        WrittenRaster done = WrittenRaster.describe(target.jobId(), target.spec().label(), target.spec().filename(),
            writer.singlePassReports().get(target.spec().label()));
        FINISHED.put(target.key(), done);
        return done;
      } catch (RuntimeException | Error e) {
        abort();
        throw e;
      }
    }

    /** Closes the partial output and deletes it (nothing is left at the final path either way). */
    synchronized void abort() {
      OPEN.remove(target.key(), this);
      if (!ended) {
        ended = true;
        try {
          writer.close();
        } finally {
          scratch.close();
        }
      }
    }

    synchronized int blocksWritten() {
      return count;
    }
  }
}
