package org.rios.concurrency.internal;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.concurrency.internal.batch.BatchQueue;
import org.rios.concurrency.internal.batch.BatchSettings;
import org.rios.concurrency.internal.batch.BatchWorkers;
import org.rios.concurrency.internal.batch.PbsQueue;
import org.rios.concurrency.internal.batch.SlurmQueue;
import org.rios.concurrency.internal.channel.WorkerChannel;
import org.rios.concurrency.internal.channel.WorkerInit;
import org.rios.concurrency.internal.channel.WorkerResult;
import org.rios.concurrency.internal.workers.WorkerLauncher;
import org.rios.engine.BlockStages;
import org.rios.engine.Job;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.SafeObjectInput;
import org.rios.engine.internal.OtherArgsCopies;
import org.rios.engine.internal.WorkerFailures;
import org.rios.errors.ParameterException;
import org.rios.errors.RiosException;
import org.rios.errors.RiosTimeoutException;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * Compute workers in other processes: CW_SUBPROC worker JVMs on this machine, CW_SLURM and CW_PBS batch jobs.
 * They join the run's {@link WorkerChannel}, take blocks (from this process's read buffer, or read their
 * own), and send the computed blocks back into the compute buffer, which this process's writer drains; each
 * hands back its otherArgs copy and timers at the end.
 *
 * @param <A> the otherArgs type
 */
final class RemoteCompute<A> {
  private final Job<A> job;
  private final ConcurrencyStyle style;
  private final boolean workersRead;
  private final WorkerFailures failures;

  RemoteCompute(Job<A> job, boolean workersRead, WorkerFailures failures) {
    this.job = job;
    this.style = job.style();
    this.workersRead = workersRead;
    this.failures = failures;
  }

  /**
   * Starts the workers, waits until all have joined (unless one job per block), then runs
   * {@code startReading} (this process's read workers) and {@code writeAll} (the writer's loop) and collects
   * every worker's otherArgs copy and timers.
   *
   * @param readBuffer the blocks read in this process, or null when the workers read their own
   */
  @SuppressWarnings("unchecked")
  List<A> run(BlockBuffer readBuffer, BlockBuffer computeBuffer, Runnable startReading, Runnable writeAll) {
    BlockStages stages = job.stages();
    A otherArgs = job.otherArgs();
    Timers timers = job.timers();
    ComputeWorkerKind kind = style.computeWorkerKind();
    boolean singleBlock = style.singleBlockComputeWorkers();
    int wanted = singleBlock ? stages.plan().numBlocks() : style.numComputeWorkers();
    // A worker dealt no block would only start a JVM (or hold a batch slot) to hand otherArgs back untouched:
    // those are not started, and their copies are made here, so the run returns one copy per worker as asked.
    int n = Math.min(wanted, Math.max(1, stages.plan().numBlocks()));
    if (n < wanted) {
      timers.addNote(kind + ": " + n + " of the " + wanted + " compute workers started (one per block); the others' "
          + "otherArgs copies are returned untouched");
    }
    if (otherArgs != null && !(otherArgs instanceof Serializable)) {
      throw new ParameterException("otherArgs must be Serializable for " + kind + " workers");
    }
    BatchQueue queue = batchQueue(kind);
    BatchSettings settings = queue == null ? null
        : BatchSettings.resolve(queue, System.getenv(), style.computeWorkerExtraParams());
    // Jobs with a single block each may not all run at once, so they must not wait for each other.
    // the workers rasterize vectors into the run's own directory, which the run removes however it ends (a worker
    // killed mid-run cannot clean up after itself)
    WorkingPlan workerPlan = job.tempDir() == null ? stages.plan()
        : stages.plan().withTempDir(job.tempDir().getAbsolutePath());
    WorkerInit init = new WorkerInit(workerPlan, job.infiles(), job.outfiles(), (UserFunctionWithArgs<Object>) job.fn(),
        (Serializable) otherArgs, roundRobin(stages.plan().blocks(), n), workersRead,
        singleBlock ? 0 : style.numReadWorkers(), style.readBufferInsertTimeout(), style.readBufferPopTimeout(),
        !singleBlock, queue != null && stages.plan().threads().isTheRuleFor(style));
    InetAddress bind = settings == null ? InetAddress.getLoopbackAddress() : settings.channelHost();
    byte[] initBytes;
    try {
      initBytes = WorkerChannel.encode(init);
    } catch (NotSerializableException e) {
      throw new ParameterException("The user function or otherArgs cannot be sent to " + kind + " workers: "
          + e.getMessage() + " is not Serializable (captured variables must be Serializable too)");
    } catch (IOException e) {
      throw new ParameterException("The user function or otherArgs"
          + (otherArgs == null ? "" : " (of type " + otherArgs.getClass().getName() + ")") + " could not be "
          + "serialized for " + kind + " workers: " + e, e);
    }
    WorkerChannel channel;
    try {
      channel = new WorkerChannel(bind, initBytes, readBuffer, computeBuffer, failures, n,
          style.computeBarrierTimeout());
    } catch (IOException e) {
      throw new RiosException("Could not open the compute-worker channel on " + bind + ": " + e, e);
    }
    WorkerLauncher workers = null;
    try (channel) {
      try (Timers.Interval t = timers.interval("startcomputeworkers")) {
        workers = queue == null
            ? new SubprocWorkers(channel, n, job.tempDir(), failures)
            : new BatchWorkers(queue, settings, channel, n, style.haveSharedTemp(), job.tempDir(),
                job.controls().getJobName(), failures);
        if (!singleBlock) {
          awaitBarrier(channel, workers, n, queue != null);
        }
      }
      // this process's read workers start now that the compute workers have: blocks read earlier could only
      // fill the buffer and wait out readBufferInsertTimeout while batch jobs sit in their queue
      startReading.run();
      writeAll.run();
      List<A> results = collectResults(channel, n, failures, style.computeBufferPopTimeout(), timers);
      workers.close();
      if (wanted > n) {
        byte[] untouched = OtherArgsCopies.serialize(otherArgs, "compute worker");
        while (results.size() < wanted) {
          results.add(OtherArgsCopies.deserialize(untouched));
        }
      }
      return results;
    } catch (RuntimeException e) {
      if (workers == null) {
        throw e;
      }
      // what the workers held is read before closing them (cancelling batch jobs can take a minute)
      RuntimeException explained = channel.busy().explain(e, workers::name);
      workers.close();
      throw workers.explain(explained);
    } catch (Error e) {
      // an OutOfMemoryError, say: the workers and their clean-up registration must still go
      if (workers != null) {
        workers.close();
      }
      throw e;
    }
  }

  private static BatchQueue batchQueue(ComputeWorkerKind kind) {
    return switch (kind) {
      case CW_SLURM -> new SlurmQueue();
      case CW_PBS -> new PbsQueue();
      default -> null;
    };
  }

  private void awaitBarrier(WorkerChannel channel, WorkerLauncher workers, int n, boolean batch) {
    try {
      if (!channel.awaitBarrier(style.computeBarrierTimeout())) {
        failures.throwIfFailed();
        java.util.Set<Integer> started = channel.atBarrier();
        List<String> late = new ArrayList<>();
        for (int id = 0; id < n; id++) {
          if (!started.contains(id)) {
            late.add(workers.name(id));
          }
        }
        if (late.isEmpty()) {
          return; // the last ones arrived as the time ran out
        }
        throw new RiosTimeoutException("computeBarrierTimeout", late.size() + " of the " + n + " compute workers "
            + "did not start within " + style.computeBarrierTimeout() + " s (computeBarrierTimeout): "
            + String.join(", ", late) + (batch ? "; the jobs may still be waiting in the queue" : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RiosException("Interrupted while starting compute workers", e);
    }
  }

  /** Waits for every worker's otherArgs and timers (sent after its last block), in worker order. */
  @SuppressWarnings("unchecked")
  private static <A> List<A> collectResults(WorkerChannel channel, int n, WorkerFailures failures,
      Integer timeout, Timers timers) {
    // null waits as long as the workers live (a worker that dies is a failure), as documented for the timeout
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000_000L;
    while (channel.results().size() < n && !failures.failed()
        && (timeout == null || System.nanoTime() - deadline < 0)) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.throwIfFailed();
        // the caller was interrupted (a cancelled run): say so, not that a worker failed to hand back its results
        throw new org.rios.errors.ProcessCancelledException("Interrupted while waiting for the compute workers' "
            + "otherArgs and timers");
      }
    }
    failures.throwIfFailed();
    List<A> out = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      byte[] bytes = channel.results().get(id);
      if (bytes == null) {
        throw new RiosTimeoutException("computeBufferPopTimeout", "Compute worker " + id
            + " wrote all its blocks but did not hand back its otherArgs and timers");
      }
      try {
        WorkerResult r = (WorkerResult) SafeObjectInput.deserialize(bytes);
        out.add((A) r.otherArgs());
        timers.merge(r.timers(), "worker " + id + "/");
      } catch (IOException | ClassNotFoundException e) {
        throw new RiosException("Could not read the result of compute worker " + id + ": " + e, e);
      }
    }
    return out;
  }

  static List<List<BlockDefn>> roundRobin(List<BlockDefn> blocks, int n) {
    List<List<BlockDefn>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < blocks.size(); i++) {
      out.get(i % n).add(blocks.get(i));
    }
    return out;
  }
}
