package org.rios.beam;

import java.io.Serializable;

/**
 * A run of consecutive blocks of one planned job, the unit of work spread over the compute workers. It
 * carries its job's plan, so a worker needs nothing else to read and compute it (no side input: a runner
 * that must first materialize a side input holds every chunk back, and the DirectRunner retries such held
 * elements in a new bundle each time, at a cost per bundle far above the chunk's few kilobytes of plan).
 *
 * @param planned the job and its plan
 * @param first the first block's index in the plan
 * @param count the number of blocks, at least 1
 */
record JobChunk(PlannedJob planned, int first, int count) implements Serializable {
  JobChunk {
    if (first < 0 || count < 1 || first + count > planned.plan().numBlocks()) {
      throw new IllegalArgumentException("blocks " + first + ".." + (first + count - 1) + " outside the "
          + planned.plan().numBlocks() + " blocks of job '" + planned.job().id() + "'");
    }
  }

  String jobId() {
    return planned.job().id();
  }
}
