package org.rios.concurrency.internal.channel;

import java.io.Serializable;
import java.util.List;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
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
 */
public record WorkerInit(WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
    UserFunctionWithArgs<Object> fn, Serializable otherArgs, List<List<BlockDefn>> blocksByWorker,
    boolean workersRead, int numReadWorkers, Integer readBufferInsertTimeout, Integer readBufferPopTimeout,
    boolean useBarrier) implements Serializable {}
