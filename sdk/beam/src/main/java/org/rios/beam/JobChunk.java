package org.rios.beam;

import java.io.Serializable;
import java.util.List;
import org.rios.plan.BlockDefn;

/**
 * A run of consecutive blocks of one planned job, the unit of work spread over the compute workers. It
 * carries its job's plan without the plan's block list ({@link org.rios.plan.WorkingPlan#withoutBlocks}),
 * the number of blocks in the job and its own blocks, so a worker needs nothing else to read and compute it
 * and the chunk's size does not grow with the job's. There is no side input: a runner that must first
 * materialize a side input holds every chunk back, and the DirectRunner retries such held elements in a new
 * bundle each time.
 *
 * @param planned the job and its plan, without the block list
 * @param attempt this execution's planning of the job ({@link OutputTarget#attempt}), the same in all its chunks
 * @param jobBlocks the number of blocks in the whole job
 * @param blocks this chunk's blocks, consecutive, at least one
 */
record JobChunk(PlannedJob planned, String attempt, int jobBlocks, List<BlockDefn> blocks) implements Serializable {
  JobChunk {
    blocks = List.copyOf(blocks);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("a chunk of job '" + planned.job().id() + "' with no block");
    }
    for (BlockDefn b : blocks) {
      if (b.index() < 0 || b.index() >= jobBlocks) {
        throw new IllegalArgumentException("block " + b.index() + " outside the " + jobBlocks
            + " blocks of job '" + planned.job().id() + "'");
      }
    }
  }

  String jobId() {
    return planned.job().id();
  }

  /** The index of the chunk's first block in its job. */
  int first() {
    return blocks.get(0).index();
  }

  int count() {
    return blocks.size();
  }
}
