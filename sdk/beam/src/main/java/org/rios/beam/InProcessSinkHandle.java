package org.rios.beam;

import java.io.Serializable;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * A DoFn's handle on its run's in-process sink ({@link InProcessSinks}): hands blocks to the shared writer
 * and decides when the DoFn's lifecycle means the run failed, so the partial outputs go at once:
 * <ul>
 *   <li>the DoFn's own processing failed ({@link #failed()});</li>
 *   <li>the DoFn is torn down in the middle of a bundle (the runner cancelled it: another task failed);</li>
 *   <li>on the DirectRunner, any teardown: it tears DoFns down only after a failure or when the pipeline
 *       ends, and by then a successful run's writer has been finished and taken out. Flink tears each task's
 *       DoFns down as the task finishes, long before the finishing step, so there only the first two
 *       count.</li>
 * </ul>
 * The CW_BEAM driver also aborts every sink of a failed pipeline itself ({@link RiosBeam#deletePartialOutputs}).
 */
final class InProcessSinkHandle implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String sinkId;
  private final WorkingPlan plan;
  private final FilenameAssociations outfiles;
  private final boolean abortOnAnyTeardown;
  private transient boolean inBundle;

  InProcessSinkHandle(String sinkId, WorkingPlan plan, FilenameAssociations outfiles, boolean abortOnAnyTeardown) {
    this.sinkId = sinkId;
    this.plan = plan;
    this.outfiles = outfiles;
    this.abortOnAnyTeardown = abortOnAnyTeardown;
  }

  void startBundle() {
    inBundle = true;
  }

  /** One output block to the shared writer (queued; the writer's own thread writes it). */
  void write(BlockDefn block, BlockAssociations outputs) {
    InProcessSinks.write(sinkId, plan, outfiles, block, outputs);
  }

  /** For the finishing step: the writer, out of the registry (refused if the sink was aborted). */
  QueuedSinkWriter take() {
    return InProcessSinks.take(sinkId, plan, outfiles);
  }

  /** The DoFn's processing failed: the run cannot complete, so its partial outputs go now. */
  void failed() {
    InProcessSinks.abort(sinkId);
  }

  void finishBundle() {
    inBundle = false;
  }

  void teardown() {
    if (abortOnAnyTeardown || inBundle) {
      InProcessSinks.abort(sinkId);
    }
  }
}
