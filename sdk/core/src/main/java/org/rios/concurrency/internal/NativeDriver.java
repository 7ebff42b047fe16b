package org.rios.concurrency.internal;

import java.io.File;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.engine.Driver;
import org.rios.engine.Job;
import java.util.function.Supplier;
import org.rios.applier.BlockAssociations;
import org.rios.engine.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.engine.internal.ProgressTracker;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.internal.batch.BatchQueue;
import org.rios.concurrency.internal.batch.BatchSettings;
import org.rios.concurrency.internal.batch.BatchWorkers;
import org.rios.concurrency.internal.batch.PbsQueue;
import org.rios.concurrency.internal.batch.SlurmQueue;
import org.rios.engine.internal.SafeObjectInput;
import org.rios.concurrency.internal.channel.WorkerChannel;
import org.rios.concurrency.internal.channel.WorkerInit;
import org.rios.concurrency.internal.channel.WorkerResult;
import org.rios.errors.ParameterException;
import org.rios.errors.ProcessCancelledException;
import org.rios.errors.RiosException;
import org.rios.errors.RiosTimeoutException;
import org.rios.errors.UnavailableException;
import org.rios.io.BlockReader;
import org.rios.io.BlockWriter;
import org.rios.applier.SinglePassReport;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.timing.Timers;
import org.rios.engine.internal.WorkerFailures;
import org.rios.engine.internal.BlockBuffer;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.concurrency.internal.workers.ReadWorkers;
import org.rios.concurrency.internal.workers.ComputeThreads;
import org.rios.concurrency.internal.workers.WorkerLauncher;

/**
 * The native concurrent driver. Read-worker threads fill the read buffer (unless compute workers read their
 * own blocks); compute happens in the calling thread (CW_NONE with read workers), in compute threads
 * (CW_THREADS) or in worker JVMs (CW_SUBPROC), which fill the compute buffer; the calling thread is always
 * the single writer. Same stages, same BlockReader and BlockWriter as the sequential loop, so outputs are
 * identical.
 */
public final class NativeDriver implements Driver {
  /** Compute-buffer capacity with one batch job per block. */
  private static final int SINGLE_BLOCK_BUFFER = 4;
  private static final Set<ComputeWorkerKind> KINDS = Set.of(ComputeWorkerKind.CW_NONE,
      ComputeWorkerKind.CW_THREADS, ComputeWorkerKind.CW_SUBPROC, ComputeWorkerKind.CW_SLURM,
      ComputeWorkerKind.CW_PBS);

  @Override
  public Set<ComputeWorkerKind> kinds() {
    return KINDS;
  }

  /** Every native kind except the sequential loop (CW_NONE without read workers). */
  @Override
  public boolean accepts(ConcurrencyStyle style) {
    return !style.isSequential() && KINDS.contains(style.computeWorkerKind());
  }

  @Override
  public <A> Result<A> run(Job<A> job) {
    BlockStages stages = job.stages();
    return run(stages, job.infiles(), job.outfiles(), job.fn(), job.otherArgs(), job.style(),
        job.controls().getJobName(), () -> new BlockReader(stages.plan()), job.tempDir(), job.progress(),
        job.timers());
  }

  private static <A> Result<A> run(BlockStages stages, FilenameAssociations infiles,
      FilenameAssociations outfiles, UserFunctionWithArgs<A> fn,
      A otherArgs, ConcurrencyStyle style, String jobName, Supplier<BlockReader> readers, File tempDir,
      Progress progress, Timers timers) {
    WorkingPlan plan = stages.plan();
    ComputeWorkerKind kind = style.computeWorkerKind();
    if (kind != ComputeWorkerKind.CW_NONE && kind != ComputeWorkerKind.CW_THREADS && !isRemote(kind)) {
      throw new UnavailableException("computeWorkerKind " + kind + " is not available in this version "
          + "(CW_NONE, CW_THREADS, CW_SUBPROC, CW_SLURM, CW_PBS and CW_BEAM are)");
    }
    boolean workersRead = isRemote(kind) && style.effectiveComputeWorkersRead();
    // One job per block has no read workers of its own (numReadWorkers must be 0); the main process then
    // reads with one thread when the jobs do not read.
    int readThreads = style.singleBlockComputeWorkers() ? Math.max(1, style.numReadWorkers()) : style.numReadWorkers();
    if (!workersRead && readThreads < 1) {
      throw new ParameterException("numReadWorkers must be >= 1 when the main process reads the blocks");
    }
    WorkerFailures failures = new WorkerFailures();
    BlockBuffer readBuffer = null;
    if (!workersRead) {
      readBuffer = new BlockBuffer(infiles, 2 * readThreads, style.readBufferInsertTimeout(),
          style.readBufferPopTimeout(), "readBufferInsertTimeout", "readBufferPopTimeout");
      readBuffer.setStopCondition(failures::failed);
    }
    ProgressTracker tracker = new ProgressTracker(progress, plan.numBlocks());
    List<A> argsList = new ArrayList<>();
    try (BlockWriter writer = new BlockWriter(plan, tempDir, timers, progress);
        ReadWorkers readWorkers = readBuffer == null ? null
            : new ReadWorkers(plan, plan.blocks(), readBuffer, readThreads, readers, failures, timers)) {
      if (kind == ComputeWorkerKind.CW_NONE) {
        for (int i = 0; i < plan.numBlocks(); i++) {
          checkCancelled(progress, i);
          BlockBuffer.Entry in;
          try (Timers.Interval t = timers.interval("pop_readbuffer")) {
            in = pop(readBuffer, failures);
          }
          BlockAssociations out = stages.compute(fn, in.block(), in.data(), otherArgs, timers);
          write(stages, writer, in.block(), out, failures);
          tracker.blockDone();
        }
        argsList.add(otherArgs);
      } else {
        // The writer takes computed blocks in any order, so any capacity is deadlock-free; one job per block
        // gets a small fixed one (RIOS's 2 x numComputeWorkers would be 0 there).
        int capacity = style.singleBlockComputeWorkers() ? SINGLE_BLOCK_BUFFER : 2 * style.numComputeWorkers();
        BlockBuffer computeBuffer = new BlockBuffer(null, capacity,
            style.computeBufferInsertTimeout(), style.computeBufferPopTimeout(), "computeBufferInsertTimeout",
            "computeBufferPopTimeout");
        computeBuffer.setStopCondition(failures::failed);
        if (kind == ComputeWorkerKind.CW_THREADS) {
          try (ComputeThreads<A> workers = new ComputeThreads<>(style.numComputeWorkers(), plan.numBlocks(), stages,
              fn, otherArgs, readBuffer, computeBuffer, failures, timers)) {
            writeLoop(stages, writer, computeBuffer, failures, progress, tracker, timers);
            workers.close();
            argsList.addAll(workers.otherArgsCopies());
          }
        } else {
          argsList.addAll(runRemote(stages, infiles, outfiles, fn, otherArgs, style, jobName, workersRead, readBuffer,
              computeBuffer, writer, failures, tempDir, progress, tracker, timers));
        }
      }
      failures.throwIfFailed();
      writer.finish();
      tracker.finish();
      return new Result<>(writer.singlePassReports(), argsList);
    }
  }

  /** Compute workers in other processes: CW_SUBPROC locally, CW_SLURM and CW_PBS as batch jobs. */
  static boolean isRemote(ComputeWorkerKind kind) {
    return kind == ComputeWorkerKind.CW_SUBPROC || kind == ComputeWorkerKind.CW_SLURM
        || kind == ComputeWorkerKind.CW_PBS;
  }

  @SuppressWarnings("unchecked")
  private static <A> List<A> runRemote(BlockStages stages, FilenameAssociations infiles,
      FilenameAssociations outfiles, UserFunctionWithArgs<A> fn, A otherArgs, ConcurrencyStyle style,
      String jobName, boolean workersRead, BlockBuffer readBuffer, BlockBuffer computeBuffer, BlockWriter writer,
      WorkerFailures failures, File tempDir, Progress progress, ProgressTracker tracker, Timers timers) {
    ComputeWorkerKind kind = style.computeWorkerKind();
    boolean singleBlock = style.singleBlockComputeWorkers();
    int n = singleBlock ? stages.plan().numBlocks() : style.numComputeWorkers();
    if (otherArgs != null && !(otherArgs instanceof Serializable)) {
      throw new ParameterException("otherArgs must be Serializable for " + kind + " workers");
    }
    BatchQueue queue = batchQueue(kind);
    BatchSettings settings = queue == null ? null
        : BatchSettings.resolve(queue, System.getenv(), style.computeWorkerExtraParams());
    // Jobs with a single block each may not all run at once, so they must not wait for each other.
    WorkerInit init = new WorkerInit(stages.plan(), infiles, outfiles, (UserFunctionWithArgs<Object>) fn,
        (Serializable) otherArgs, roundRobin(stages.plan().blocks(), n), workersRead,
        singleBlock ? 0 : style.numReadWorkers(), style.readBufferInsertTimeout(), style.readBufferPopTimeout(),
        !singleBlock);
    InetAddress bind = settings == null ? InetAddress.getLoopbackAddress() : settings.channelHost();
    WorkerChannel channel;
    try {
      channel = new WorkerChannel(bind, init, readBuffer, computeBuffer, failures, n, style.computeBarrierTimeout());
    } catch (NotSerializableException e) {
      throw new ParameterException("The user function or otherArgs cannot be sent to " + kind + " workers: "
          + e.getMessage() + " is not Serializable (captured variables must be Serializable too)");
    } catch (IOException e) {
      throw new RiosException("Could not open the compute-worker channel on " + bind + ": " + e, e);
    }
    WorkerLauncher workers = null;
    try (channel) {
      try (Timers.Interval t = timers.interval("startcomputeworkers")) {
        workers = queue == null
            ? new SubprocWorkers(channel, n, style.haveSharedTemp(), tempDir, failures)
            : new BatchWorkers(queue, settings, channel, n, style.haveSharedTemp(), tempDir, jobName, failures);
        if (!singleBlock) {
          awaitBarrier(channel, style, failures);
        }
      }
      writeLoop(stages, writer, computeBuffer, failures, progress, tracker, timers);
      List<A> results = collectResults(channel, n, failures, style.computeBufferPopTimeout(), timers);
      workers.close();
      return results;
    } catch (RuntimeException e) {
      if (workers == null) {
        throw e;
      }
      workers.close();
      throw workers.explain(e);
    }
  }

  private static BatchQueue batchQueue(ComputeWorkerKind kind) {
    return switch (kind) {
      case CW_SLURM -> new SlurmQueue();
      case CW_PBS -> new PbsQueue();
      default -> null;
    };
  }

  private static void awaitBarrier(WorkerChannel channel, ConcurrencyStyle style, WorkerFailures failures) {
    try {
      if (!channel.awaitBarrier(style.computeBarrierTimeout())) {
        failures.throwIfFailed();
        throw new RiosTimeoutException("computeBarrierTimeout", "Compute workers did not all start within "
            + style.computeBarrierTimeout() + " s (computeBarrierTimeout); for " + style.computeWorkerKind()
            + " the jobs may still be waiting in the queue");
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
    long deadline = System.nanoTime() + (timeout == null ? 600L : timeout) * 1_000_000_000L;
    while (channel.results().size() < n && !failures.failed() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
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

  /** The writer's loop: pop each computed block and write it. */
  private static void writeLoop(BlockStages stages, BlockWriter writer, BlockBuffer computeBuffer,
      WorkerFailures failures, Progress progress, ProgressTracker tracker, Timers timers) {
    for (int i = 0; i < stages.plan().numBlocks(); i++) {
      checkCancelled(progress, i);
      BlockBuffer.Entry done;
      try (Timers.Interval t = timers.interval("pop_computebuffer")) {
        done = pop(computeBuffer, failures);
      }
      write(stages, writer, done.block(), done.data(), failures);
      tracker.blockDone();
    }
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

  private static BlockBuffer.Entry pop(BlockBuffer buffer, WorkerFailures failures) {
    try {
      BlockBuffer.Entry e = buffer.popNextBlock(failures::failed);
      if (e == null) {
        failures.throwIfFailed();
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new RiosException("Interrupted while waiting for a block", ex);
    } catch (RiosException ex) {
      // A timeout here is usually the symptom of a worker that already failed: report the root cause.
      throw failures.firstOr(ex);
    }
  }

  private static void write(BlockStages stages, BlockWriter writer, BlockDefn block, BlockAssociations outputs,
      WorkerFailures failures) {
    try {
      stages.write(writer, block, outputs);
    } catch (RuntimeException e) {
      failures.record("main", 0, e);
      failures.throwIfFailed();
    }
  }

  private static void checkCancelled(Progress progress, int i) {
    if (progress != null && progress.wasCancelled()) {
      throw new ProcessCancelledException("Processing cancelled by the user after " + i + " blocks");
    }
  }
}
