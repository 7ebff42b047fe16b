package org.rios.concurrency.internal.channel;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.rios.applier.BlockAssociations;
import org.rios.concurrency.internal.workers.ReadWorkers;
import org.rios.engine.BlockStages;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.SafeObjectInput;
import org.rios.engine.internal.WorkerFailures;
import org.rios.errors.ErrorText;
import org.rios.gdal.GdalRuntime;
import org.rios.io.BlockReader;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * What a compute worker process does once it knows its number and the channel's address, whichever program
 * started it ({@link ComputeWorkerMain}, the {@code rios-computeworker} command, or {@link SubprocWorkerMain}):
 * joins the channel of a running {@code Applier.apply}, waits at the start barrier (unless each job has a
 * single block), computes its share of blocks (reading them itself from the plan, or popping them from the
 * main process), sends the outputs back and finally its otherArgs copy and timers. Any failure is reported to
 * the main process with its stack trace and printed on stderr.
 */
final class WorkerSession {
  /** Exit code when the channel could not be reached or broke. */
  static final int EXIT_CHANNEL = 3;

  private WorkerSession() {}

  /**
   * Joins the channel at {@code addr} ({@code host,port,token}) as worker {@code id} and works; returns the
   * process exit code as {@link #run} does.
   *
   * @param from where the address came from, for messages ({@code --channaddr}, {@code --channaddrfile F})
   */
  private static int join(int id, String addr, String from) {
    try (ChannelClient channel = new ChannelClient(addr, id)) {
      try {
        WorkerInit init = channel.init();
        GdalRuntime.ensureLoaded();
        if (init.useBarrier()) {
          channel.barrier();
        }
        channel.done(resultBytes(compute(init, id, channel), id));
        return 0;
      } catch (Throwable t) {
        String trace = ErrorText.stackTrace(t);
        System.err.println(trace);
        channel.error(trace);
        return 1;
      }
    } catch (IOException e) {
      // where the address came from, and its host and port (never its token)
      String[] parts = addr.split(",", -1);
      String where = (parts.length >= 2 ? parts[0] + "," + parts[1] + " " : "") + "from " + from;
      System.err.println("compute worker " + id + ": channel " + where + " failed: " + e.getMessage());
      return EXIT_CHANNEL;
    }
  }

  /**
   * The worker's otherArgs copy and timers, serialized to go back to the main process.
   *
   * @throws java.io.NotSerializableException naming otherArgs when an object the user function put in it
   *     during the run cannot be serialized (the check before the run saw only what otherArgs held then)
   */
  private static byte[] resultBytes(WorkerResult result, int id) throws IOException {
    try {
      return SafeObjectInput.serialize(result);
    } catch (java.io.NotSerializableException e) {
      java.io.NotSerializableException named = new java.io.NotSerializableException("otherArgs of compute worker "
          + id + " cannot be sent back to the main process: it now holds a " + e.getMessage() + ", which is not "
          + "Serializable (put there by the user function during the run)");
      named.initCause(e);
      throw named;
    }
  }

  /**
   * Runs worker {@code id} on the channel whose address is {@code value} ({@code --channaddr}) or, when that is
   * null, held in {@code file} ({@code --channaddrfile}); returns the process exit code: 0 done, 1 the work
   * failed (reported to the main process), {@link #EXIT_CHANNEL} the channel could not be reached or broke.
   *
   * @throws IOException if the address file cannot be read (the message names it)
   */
  static int run(int id, String value, Path file) throws IOException {
    return value != null ? join(id, value, "--channaddr")
        : join(id, readAddressFile(file), "--channaddrfile " + file);
  }

  /** The channel address held in {@code file} (written by the main process, readable by this user only). */
  private static String readAddressFile(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IOException("cannot read the channel address file --channaddrfile " + file + ": "
          + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()), e);
    }
  }

  private static WorkerResult compute(WorkerInit init, int id, ChannelClient channel) throws Exception {
    WorkingPlan plan = init.planOnThisNode(System.getenv(), Runtime.getRuntime().availableProcessors());
    BlockStages stages = new BlockStages(plan, init.infiles(), init.outfiles());
    Timers timers = new Timers();
    Object args = init.otherArgs();
    List<BlockDefn> mine = init.blocksByWorker().get(id);
    if (init.workersRead() && init.numReadWorkers() > 0) {
      // Read threads inside this worker, feeding a local buffer, as RIOS's reading batch workers do.
      WorkerFailures failures = new WorkerFailures();
      BlockBuffer local = new BlockBuffer(init.infiles(), 2 * init.numReadWorkers(), init.readBufferInsertTimeout(),
          init.readBufferPopTimeout(), "readBufferInsertTimeout", "readBufferPopTimeout");
      local.setStopCondition(failures::failed);
      try (ReadWorkers readers = new ReadWorkers(plan, mine, local, init.numReadWorkers(),
          () -> new BlockReader(plan), failures, timers)) {
        for (int k = 0; k < mine.size(); k++) {
          BlockBuffer.Entry e;
          try (Timers.Interval t = timers.interval("pop_readbuffer")) {
            e = local.popNextBlock(failures::failed);
          }
          failures.throwIfFailed();
          if (!send(channel, e.block(), stages.compute(init.fn(), e.block(), e.data(), args, timers), timers)) {
            break;
          }
        }
      }
    } else if (init.workersRead()) {
      try (BlockReader reader = new BlockReader(plan)) {
        for (BlockDefn b : mine) {
          BlockAssociations in = stages.read(reader, b, timers);
          if (!send(channel, b, stages.compute(init.fn(), b, in, args, timers), timers)) {
            break;
          }
        }
      }
    } else {
      for (int k = 0; k < mine.size(); k++) {
        BlockBuffer.Entry e;
        try (Timers.Interval t = timers.interval("pop_readbuffer")) {
          e = channel.popInput();
        }
        if (e == null || !send(channel, e.block(), stages.compute(init.fn(), e.block(), e.data(), args, timers),
            timers)) {
          break;
        }
      }
    }
    return new WorkerResult((Serializable) args, timers);
  }

  /**
   * Sends a computed block. An interrupt the user function left set on this thread is cleared first, as this
   * library's compute threads do: the worker's next wait (for a block from its read threads) failed at once
   * as "Interrupted", blaming the library.
   */
  private static boolean send(ChannelClient channel, BlockDefn b, BlockAssociations out, Timers timers)
      throws IOException {
    Thread.interrupted();
    try (Timers.Interval t = timers.interval("insert_computebuffer")) {
      return channel.putOutput(b, out);
    }
  }
}
