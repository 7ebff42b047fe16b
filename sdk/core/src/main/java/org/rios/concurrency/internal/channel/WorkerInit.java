package org.rios.concurrency.internal.channel;

import java.io.Serializable;
import java.util.List;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.ThreadBudget;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * What a remote compute worker needs to start: the plan, the user function and its otherArgs, and which
 * blocks it is responsible for (RIOS's round-robin sub-lists). Sent once per worker after the handshake.
 *
 * @param blocksByWorker block sub-list per worker id
 * @param workersRead whether workers read their own blocks (else they pop blocks from the main process)
 * @param numReadWorkers read threads inside each reading worker
 * @param useBarrier whether workers wait at the start barrier
 * @param gdalThreadsOfTheNode whether a worker decodes with GDAL threads for the cores of the node it runs on
 *     (a batch job, when the run's budget is the rule's: the launcher's cores say nothing of a node's)
 */
public record WorkerInit(WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
    UserFunctionWithArgs<Object> fn, Serializable otherArgs, List<List<BlockDefn>> blocksByWorker,
    boolean workersRead, int numReadWorkers, Integer readBufferInsertTimeout, Integer readBufferPopTimeout,
    boolean useBarrier, boolean gdalThreadsOfTheNode) implements Serializable {

  /**
   * The plan a worker reads with, in a JVM that sees {@code jvmCores} cores with environment {@code env}: the
   * launcher's, or, for {@code gdalThreadsOfTheNode}, with GDAL's threads the rule gives a batch job there
   * ({@link ThreadBudget#onBatchNode}).
   */
  public WorkingPlan planOnThisNode(java.util.Map<String, String> env, int jvmCores) {
    return gdalThreadsOfTheNode && plan != null
        ? plan.withDecodingThreads(ThreadBudget.onBatchNode(env, jvmCores)) : plan;
  }
}
