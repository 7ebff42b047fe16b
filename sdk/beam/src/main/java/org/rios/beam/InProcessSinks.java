package org.rios.beam;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.RiosException;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The JVM-wide registry behind the in-process sink path: one {@link QueuedSinkWriter} per sink id, opened by
 * the first block that reaches it, fed by every bundle thread of the runner (its own thread writes), and
 * taken out by the finishing step. Only valid where every worker of the pipeline is in this JVM (the
 * DirectRunner); there it replaces the GroupByKey that would hold every output block in memory.
 */
final class InProcessSinks {
  private static final Map<String, QueuedSinkWriter> OPEN = new ConcurrentHashMap<>();
  /**
   * Sink ids, and pipeline prefixes ("optionsId:"), whose run failed: a bundle still running on another
   * thread must not open a new writer (and a new partial output) for them.
   */
  private static final Set<String> ABORTED = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<String, Boolean>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          // only runs still under way matter; a long-lived JVM must not keep every id it ever saw
          return size() > MAX_REMEMBERED_ABORTS;
        }
      }));
  private static final int MAX_REMEMBERED_ABORTS = 10_000;

  private InProcessSinks() {}

  /**
   * Hands one block to the writer of {@code sinkId}, opening it on first use. A block for an aborted sink is
   * dropped: its run has already failed with its own error, which a second one ("sink aborted") from another
   * bundle thread must not replace, and the finishing step refuses an aborted sink.
   */
  static void write(String sinkId, WorkingPlan plan, FilenameAssociations outfiles, BlockDefn block,
      BlockAssociations outputs) {
    // The check runs inside the map's atomic update, so an abort either sees the new writer or prevents it.
    QueuedSinkWriter w = OPEN.computeIfAbsent(sinkId, id -> aborted(id) ? null : new QueuedSinkWriter(plan, outfiles));
    if (w != null) {
      w.write(block, outputs);
      LocalBlockProgress.blockWritten(Long.parseLong(sinkId.substring(0, sinkId.indexOf(':'))));
    }
  }

  private static boolean aborted(String sinkId) {
    return ABORTED.contains(sinkId) || ABORTED.contains(sinkId.substring(0, sinkId.indexOf(':') + 1));
  }

  /** Removes and returns the writer of {@code sinkId}, or a new one if no block ever reached it. */
  static QueuedSinkWriter take(String sinkId, WorkingPlan plan, FilenameAssociations outfiles) {
    QueuedSinkWriter w = OPEN.remove(sinkId);
    if (aborted(sinkId)) {
      if (w != null) {
        w.close();
      }
      throw new RiosException("The RIOS sink " + sinkId + " was aborted after a failure: its outputs were deleted");
    }
    return w != null ? w : new QueuedSinkWriter(plan, outfiles);
  }

  /**
   * After a failure: closes the writer of {@code sinkId} if it is still open, deleting its partial outputs,
   * and refuses to open it again.
   */
  static void abort(String sinkId) {
    ABORTED.add(sinkId);
    closeOpen(sinkId);
  }

  private static void closeOpen(String sinkId) {
    QueuedSinkWriter w = OPEN.remove(sinkId);
    if (w != null) {
      w.close();
    }
  }

  /**
   * After a failed run: closes every writer still open for the pipeline with options id {@code optionsId},
   * deleting the partial outputs now rather than when the runner gets round to tearing its DoFns down.
   */
  static void abortPipeline(long optionsId) {
    String prefix = optionsId + ":";
    ABORTED.add(prefix);
    for (String id : OPEN.keySet()) {
      if (id.startsWith(prefix)) {
        closeOpen(id);
      }
    }
  }

  /** A new sink id for a sink in the pipeline with options id {@code optionsId}. */
  static String newSinkId(long optionsId) {
    return optionsId + ":" + java.util.UUID.randomUUID();
  }

  /** How many writers are open in this JVM (0 when no in-process run is under way). */
  static int openCount() {
    return OPEN.size();
  }
}
