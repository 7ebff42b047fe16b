package org.rios.beam;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.array.RasterArray;
import org.rios.engine.internal.ReaderThreads;
import org.rios.errors.RiosException;
import org.rios.io.BlockReader;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * numReadWorkers &gt; 1 inside the Beam read step: the input files of one block are read concurrently by a
 * {@link ReaderThreads} pool (one BlockReader per thread, as the native read workers). Input {@code i} of the
 * plan always goes to thread {@code i % n}, so each file is opened by exactly one thread of the pool, once.
 */
final class ParallelBlockReads implements AutoCloseable {
  private final WorkingPlan plan;
  private final ReaderThreads pool;

  ParallelBlockReads(WorkingPlan plan, int n) {
    this.plan = plan;
    this.pool = new ReaderThreads("rios-beam-read-", n, () -> new BlockReader(plan));
  }

  /** Every input of {@code block}, each read on its thread and timed there as "reading". */
  BlockAssociations read(BlockDefn block, FilenameAssociations infiles, Timers timers) {
    List<InputSpec> inputs = plan.inputs();
    List<Future<RasterArray>> pieces = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      InputSpec spec = inputs.get(i);
      pieces.add(pool.submit(i % pool.size(), reader -> {
        try (Timers.Interval t = timers.interval("reading")) {
          return reader.read(spec, block);
        }
      }));
    }
    BlockAssociations data = BlockAssociations.shapedLike(infiles);
    for (int i = 0; i < inputs.size(); i++) {
      data.set(inputs.get(i).name(), inputs.get(i).seq(), await(pieces.get(i), inputs.get(i), block));
    }
    return data;
  }

  private static RasterArray await(Future<RasterArray> f, InputSpec spec, BlockDefn block) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RiosException("Interrupted while reading input '" + spec.label() + "' of block " + block.index(), e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new RiosException("Reading input '" + spec.label() + "' of block " + block.index() + " failed: " + c, c);
    }
  }

  /** Closes each reader on its own thread, then stops the threads. */
  @Override
  public void close() {
    pool.close();
  }
}
