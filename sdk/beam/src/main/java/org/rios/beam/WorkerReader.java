package org.rios.beam;

import org.rios.applier.BlockAssociations;
import org.rios.engine.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.RiosException;
import org.rios.io.BlockReader;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * What one Beam worker (a DoFn instance) reads its blocks with, from {@code @Setup} to {@code @Teardown}: one
 * {@link BlockReader} in the worker's own thread, or, with numReadWorkers &gt; 1 and several inputs, a
 * {@link ParallelBlockReads} pool. Either way a file is opened once per worker, not once per block, and every
 * block is read through the same {@link BlockStages#read} path as the other drivers.
 */
final class WorkerReader implements AutoCloseable {
  private final FilenameAssociations infiles;
  private final BlockStages stages;
  private BlockReader reader;
  private ParallelBlockReads pool;

  WorkerReader(WorkingPlan plan, FilenameAssociations infiles, int readWorkers) {
    GdalRuntime.ensureLoaded();
    this.infiles = infiles;
    this.stages = new BlockStages(plan, infiles, new FilenameAssociations());
    if (readWorkers > 1 && plan.inputs().size() > 1) {
      pool = new ParallelBlockReads(plan, readWorkers);
    } else {
      reader = new BlockReader(plan);
    }
  }

  /** Every input of {@code block} on the working grid, timed as "reading". */
  synchronized BlockAssociations read(BlockDefn block, Timers timers) {
    if (pool != null) {
      return pool.read(block, infiles, timers);
    }
    if (reader == null) {
      throw new RiosException("Block " + block.index() + " was not read: the worker's reader is closed "
          + "(the runner tore the worker down)");
    }
    return stages.read(reader, block, timers);
  }

  /**
   * Closes the files. Synchronized with {@link #read}: runners may tear a worker down from another thread
   * while it is still reading (the DirectRunner does when a pipeline fails), and GDAL must not close a
   * dataset in the middle of a read.
   */
  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }
}
