package org.rios.beam;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.WorkingPlan;

/**
 * The JVM-wide registry behind the in-process sink path: one {@link QueuedSinkWriter} per sink id, opened by
 * the first block that reaches it, fed by every bundle thread of the runner (its own thread writes), and
 * taken out by the finishing step. Only valid where every worker of the pipeline is in this JVM (the
 * DirectRunner); there it replaces the GroupByKey that would hold every output block in memory.
 */
final class InProcessSinks {
  private static final Map<String, QueuedSinkWriter> OPEN = new ConcurrentHashMap<>();
  /** Pipelines whose run failed: a bundle still running must not open a new writer for them. */
  private static final java.util.Set<String> ABORTED = ConcurrentHashMap.newKeySet();

  private InProcessSinks() {}

  /** The open writer of {@code sinkId}, created on first use. */
  static QueuedSinkWriter writer(String sinkId, WorkingPlan plan, FilenameAssociations outfiles) {
    if (ABORTED.contains(sinkId.substring(0, sinkId.indexOf(':') + 1))) {
      throw new org.rios.errors.RiosException("The RIOS sink " + sinkId + " was aborted: its pipeline failed");
    }
    return OPEN.computeIfAbsent(sinkId, id -> new QueuedSinkWriter(plan, outfiles));
  }

  /** Removes and returns the writer of {@code sinkId}, or a new one if no block ever reached it. */
  static QueuedSinkWriter take(String sinkId, WorkingPlan plan, FilenameAssociations outfiles) {
    QueuedSinkWriter w = OPEN.remove(sinkId);
    return w != null ? w : new QueuedSinkWriter(plan, outfiles);
  }

  /** After a failure: closes the writer of {@code sinkId} if it is still open, deleting its partial outputs. */
  static void abort(String sinkId) {
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
        abort(id);
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
