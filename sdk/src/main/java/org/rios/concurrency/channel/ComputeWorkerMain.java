package org.rios.concurrency.channel;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockStages;
import org.rios.concurrency.BlockBuffer;
import org.rios.concurrency.ReadWorkers;
import org.rios.concurrency.WorkerFailures;
import org.rios.gdal.BlockReader;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;
import org.rios.timing.Timers;

/**
 * The compute-worker program run in a subprocess or batch job:
 * {@code java -cp <classpath> org.rios.concurrency.channel.ComputeWorkerMain -i ID (--channaddrfile FILE | --channaddr host,port,token)}.
 * It joins the channel of a running {@code Applier.apply}, waits at the start barrier, computes its share of
 * blocks (reading them itself from the plan, or popping them from the main process), sends the outputs back
 * and finally its otherArgs copy and timers. Any failure is reported to the main process with its stack
 * trace, and the exit code is non-zero.
 */
public final class ComputeWorkerMain {
  private ComputeWorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the worker; returns the process exit code. */
  public static int run(String[] args) {
    Integer id = null;
    String address = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "-i": case "--idnum": id = Integer.parseInt(args[++i]); break;
          case "--channaddr": address = args[++i]; break;
          case "--channaddrfile":
            address = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8).trim();
            break;
          default: throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (id == null || address == null) {
        throw new IllegalArgumentException("both -i ID and --channaddr or --channaddrfile are needed");
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("usage: ComputeWorkerMain -i ID (--channaddrfile FILE | --channaddr host,port,token): " + e);
      return 2;
    }
    try (ChannelClient channel = new ChannelClient(address, id)) {
      try {
        WorkerInit init = channel.init();
        GdalRuntime.ensureLoaded();
        if (init.useBarrier()) {
          channel.barrier();
        }
        channel.done(SafeObjectInput.serialize(compute(init, id, channel)));
        return 0;
      } catch (Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        System.err.println(sw);
        channel.error(sw.toString());
        return 1;
      }
    } catch (IOException e) {
      System.err.println("compute worker " + id + ": channel failed: " + e);
      return 3;
    }
  }

  private static WorkerResult compute(WorkerInit init, int id, ChannelClient channel) throws Exception {
    BlockStages stages = new BlockStages(init.plan(), init.infiles(), init.outfiles());
    Timers timers = new Timers();
    Object args = init.otherArgs();
    List<BlockDefn> mine = init.blocksByWorker().get(id);
    if (init.workersRead() && init.numReadWorkers() > 0) {
      // Read threads inside this worker, feeding a local buffer, as RIOS's reading batch workers do.
      WorkerFailures failures = new WorkerFailures();
      BlockBuffer local = new BlockBuffer(init.infiles(), 2 * init.numReadWorkers(), init.readBufferInsertTimeout(),
          init.readBufferPopTimeout(), "readBufferInsertTimeout", "readBufferPopTimeout");
      local.setStopCondition(failures::failed);
      try (ReadWorkers readers = new ReadWorkers(init.plan(), mine, local, init.numReadWorkers(),
          () -> new BlockReader(init.plan()), failures, timers)) {
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
      try (BlockReader reader = new BlockReader(init.plan())) {
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

  private static boolean send(ChannelClient channel, BlockDefn b, BlockAssociations out, Timers timers)
      throws IOException {
    try (Timers.Interval t = timers.interval("insert_computebuffer")) {
      return channel.putOutput(b, out);
    }
  }
}
