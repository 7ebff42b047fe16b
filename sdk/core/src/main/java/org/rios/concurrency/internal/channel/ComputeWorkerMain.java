package org.rios.concurrency.internal.channel;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rios.gdal.VersionProvider;
import org.rios.applier.BlockAssociations;
import org.rios.engine.BlockStages;
import org.rios.engine.internal.BlockBuffer;
import org.rios.concurrency.internal.workers.ReadWorkers;
import org.rios.engine.internal.WorkerFailures;
import org.rios.io.BlockReader;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.rios.engine.internal.SafeObjectInput;

/**
 * The compute-worker program run in a subprocess or a batch job, installed as the {@code rios-computeworker}
 * command (scripts/install-commands.sh):
 * {@code java -cp <classpath> org.rios.concurrency.internal.channel.ComputeWorkerMain -i ID (--channaddrfile FILE | --channaddr host,port,token)}.
 * It joins the channel of a running {@code Applier.apply}, waits at the start barrier (unless each job has
 * a single block), computes its share of blocks (reading them itself from the plan, or popping them from the
 * main process), sends the outputs back and finally its otherArgs copy and timers. Any failure is reported to
 * the main process with its stack trace, printed on stderr, and the exit code is non-zero.
 *
 * <p>The classpath must hold the user function's classes (the main program's classpath): the function
 * travels serialized. Exit codes: 0 done; 1 the work failed (reported to the main process); 2 bad arguments;
 * 3 the channel could not be reached or broke.
 */
@Command(name = "rios-computeworker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Join a running RIOS apply as compute worker ID (started by CW_SUBPROC, CW_SLURM or CW_PBS).")
public final class ComputeWorkerMain implements Callable<Integer> {
  /** Exit code when the channel could not be reached or broke. */
  public static final int EXIT_CHANNEL = 3;

  @Option(names = {"-i", "--idnum"}, required = true, paramLabel = "ID", description = "This worker's number.")
  int id;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Address address;

  static final class Address {
    @Option(names = "--channaddrfile", paramLabel = "FILE",
        description = "File holding the channel address (host,port,token); keep it readable by you only.")
    Path file;

    @Option(names = "--channaddr", paramLabel = "host,port,token",
        description = "The channel address itself (visible to other users in the process list).")
    String value;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the worker; returns the process exit code. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new ComputeWorkerMain());
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      // an I/O problem is said in words; anything else keeps its class, for a bug report
      line.getErr().println("rios-computeworker: " + (ex instanceof IOException ? ex.getMessage() : ex));
      line.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    });
    CommandLine.IParameterExceptionHandler usual = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((ex, given) -> {
      // picocli reports a missing option before an unknown one; a misspelt option is the likelier mistake
      List<String> unknown = unknownOptions(ex.getCommandLine().getCommandSpec(), given);
      if (unknown.isEmpty() || ex instanceof CommandLine.UnmatchedArgumentException) {
        return usual.handleParseException(ex, given);
      }
      CommandLine line = ex.getCommandLine();
      line.getErr().println("Unknown option" + (unknown.size() > 1 ? "s" : "") + ": '" + String.join("', '", unknown)
          + "'");
      line.usage(line.getErr());
      return CommandLine.ExitCode.USAGE;
    });
    return cl.execute(args);
  }

  /** The arguments that look like options of no name {@code spec} knows (an option's value is not one). */
  private static List<String> unknownOptions(CommandLine.Model.CommandSpec spec, String[] args) {
    List<String> unknown = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-") || a.equals("-")) {
        continue;
      }
      int eq = a.indexOf('=');
      CommandLine.Model.OptionSpec o = spec.findOption(eq < 0 ? a : a.substring(0, eq));
      if (o == null && !a.startsWith("--") && a.length() > 2 && spec.findOption(a.substring(0, 2)) != null) {
        continue; // a short option with its value attached (-i0)
      }
      if (o == null) {
        unknown.add(eq < 0 ? a : a.substring(0, eq));
      } else if (eq < 0 && o.arity().max() > 0) {
        i++; // its value
      }
    }
    return unknown;
  }

  @Override
  public Integer call() throws IOException {
    if (id < 0) {
      System.err.println("rios-computeworker: --idnum must be 0 or more, not " + id);
      return CommandLine.ExitCode.USAGE;
    }
    String addr;
    try {
      addr = address.value != null ? address.value : Files.readString(address.file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IOException("cannot read the channel address file --channaddrfile " + address.file + ": "
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
    }
    try (ChannelClient channel = new ChannelClient(addr, id)) {
      try {
        WorkerInit init = channel.init();
        GdalRuntime.ensureLoaded();
        if (init.useBarrier()) {
          channel.barrier();
        }
        channel.done(SafeObjectInput.serialize(compute(init, id, channel)));
        return 0;
      } catch (Throwable t) {
        String trace = org.rios.errors.ErrorText.stackTrace(t);
        System.err.println(trace);
        channel.error(trace);
        return 1;
      }
    } catch (IOException e) {
      // where the address came from, and its host and port (never its token)
      String[] parts = addr.split(",", -1);
      String where = (parts.length >= 2 ? parts[0] + "," + parts[1] + " " : "") + "from "
          + (address.value != null ? "--channaddr" : "--channaddrfile " + address.file);
      System.err.println("compute worker " + id + ": channel " + where + " failed: " + e.getMessage());
      return EXIT_CHANNEL;
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

  private static boolean send(ChannelClient channel, BlockDefn b, BlockAssociations out, Timers timers)
      throws IOException {
    try (Timers.Interval t = timers.interval("insert_computebuffer")) {
      return channel.putOutput(b, out);
    }
  }
}
