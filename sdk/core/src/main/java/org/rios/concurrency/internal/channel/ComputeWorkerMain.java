package org.rios.concurrency.internal.channel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rios.gdal.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The compute-worker program run in a batch job (and by hand), installed as the {@code rios-computeworker}
 * command (scripts/install-commands.sh):
 * {@code java -cp <classpath> org.rios.concurrency.internal.channel.ComputeWorkerMain -i ID (--channaddrfile FILE | --channaddr host,port,token)}.
 * It reads its arguments and runs a {@link WorkerSession}: joins the channel of a running {@code Applier.apply},
 * computes its share of blocks and hands back its otherArgs copy and timers. Any failure is reported to the
 * main process with its stack trace, printed on stderr, and the exit code is non-zero. (CW_SUBPROC workers,
 * started by the library itself, run {@link SubprocWorkerMain} instead.)
 *
 * <p>The classpath must hold the user function's classes (the main program's classpath): the function
 * travels serialized. Exit codes: 0 done; 1 the work failed (reported to the main process); 2 bad arguments;
 * 3 the channel could not be reached or broke.
 */
@Command(name = "rios-computeworker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Join a running RIOS apply as compute worker ID (started by CW_SLURM or CW_PBS jobs).")
public final class ComputeWorkerMain implements Callable<Integer> {
  /** Exit code when the channel could not be reached or broke. */
  public static final int EXIT_CHANNEL = WorkerSession.EXIT_CHANNEL;

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
    return WorkerSession.run(id, address.value, address.file);
  }
}
