package org.rios.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.rios.gdal.VersionProvider;
import org.rios.errors.RiosException;
import org.rios.gdal.GdalRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point shared by the command-line tools, and a dispatcher: {@code java -cp ... org.rios.cli.RiosCli
 * calcstats|printstats|info ARGS} runs the same commands as {@code rios-calcstats}, {@code rios-printstats} and
 * {@code rios-info} (each subcommand also answers to its name without the {@code rios-} prefix).
 *
 * <p>Exit codes: 0 success; 1 a file failed (each failure printed on stderr as one line {@code error: ...})
 * or no file was given (usage printed on stderr); 2 an unknown option or a bad option value (picocli's
 * usage-error code).
 */
@Command(name = "rios", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "RIOS command-line tools.",
    subcommands = {CalcStatsCommand.class, PrintStatsCommand.class, InfoCommand.class})
public final class RiosCli implements Callable<Integer> {
  /** Exit code of a command in which some file failed. */
  public static final int EXIT_FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(new RiosCli(), args));
  }

  /** Without a subcommand: usage on stderr, exit code 1. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_FAILED;
  }

  /** Runs {@code command} (a picocli command object) with {@code args} and returns the exit code. */
  public static int execute(Object command, String... args) {
    return execute(commandLine(command), args);
  }

  /**
   * Runs {@code cl} (from {@link #commandLine}) with {@code args}, an unambiguous prefix of a long option being
   * that option wherever it stands ({@link #withFullOptionNames}), and returns the exit code.
   */
  static int execute(CommandLine cl, String... args) {
    return cl.execute(withFullOptionNames(cl, args));
  }

  /**
   * {@code args} with every unambiguous prefix of a long option replaced by the option's name ({@code --app}
   * by {@code --approx}, {@code --ign=3} by {@code --ignore=3}), before {@code --} and not where an option
   * takes it as its value: RIOS's tools (argparse) read them so anywhere, picocli only before the first file
   * name. The options are the subcommand's when the first argument names one. A prefix that fits several
   * options, or none, is left for picocli to report.
   */
  static String[] withFullOptionNames(CommandLine cl, String... args) {
    String[] out = args.clone();
    int start = 0;
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    if (out.length > 0 && cl.getSubcommands().containsKey(out[0])) {
      spec = cl.getSubcommands().get(out[0]).getCommandSpec();
      start = 1;
    }
    for (int i = start; i < out.length; i++) {
      String a = out[i];
      if (a.equals("--")) {
        break;
      }
      if (!a.startsWith("--") || a.length() == 2) {
        CommandLine.Model.OptionSpec o = spec.findOption(a);
        if (o != null && o.arity().min() > 0) {
          i += o.arity().min(); // "-i --5": a value, not an option
        }
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      CommandLine.Model.OptionSpec match = spec.findOption(name);
      if (match == null) {
        java.util.Map<CommandLine.Model.OptionSpec, String> fits = new java.util.LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) {
          for (String n : o.names()) {
            if (n.startsWith("--") && n.startsWith(name)) {
              fits.putIfAbsent(o, n);
            }
          }
        }
        if (fits.size() == 1) { // several: ambiguous, and none: unknown, both for picocli to say
          match = fits.keySet().iterator().next();
          out[i] = fits.get(match) + (eq < 0 ? "" : a.substring(eq));
        }
      }
      if (match != null && eq < 0 && match.arity().min() > 0) {
        i += match.arity().min();
      }
    }
    return out;
  }

  /** A picocli CommandLine for {@code command} with the tools' error handling. */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    // under the dispatcher a tool is "rios calcstats", not "rios rios-calcstats" (its usage, its error hint)
    for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
      sub.setCommandName(sub.getCommandName().replaceFirst("^rios-", ""));
    }
    // "-inf" after an option that takes a value is that value ("--ignore -inf"), as for RIOS's argparse with
    // "--ignore=-inf", not option -i with "nf" attached
    cl.setAllowOptionsAsOptionParameters(true);
    // as RIOS's tools (argparse): an unambiguous prefix of a long option is that option ("--app" for
    // "--approx"), and an option given twice takes its last value ("-i 3 -i 52")
    cl.setAbbreviatedOptionsAllowed(true);
    cl.setOverwrittenOptionsAllowed(true);
    // a bad option is one line too, with where to look, not picocli's message and the whole help
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine line = ex.getCommandLine();
      line.getErr().println("error: " + oneLine(ex.getMessage()));
      line.getErr().println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
      line.getErr().flush();
      return line.getCommandSpec().exitCodeOnInvalidInput();
    });
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      line.getErr().println(errorLine(ex));
      line.getErr().flush();
      return EXIT_FAILED;
    });
    return cl;
  }

  /** The one-line form of an error: {@code error: message} (the exception type for untyped errors). */
  static String errorLine(Throwable ex) {
    String msg = ex.getMessage();
    if (ex instanceof RiosException && msg != null) {
      return "error: " + oneLine(msg);
    }
    return "error: " + ex.getClass().getSimpleName() + (msg == null ? "" : ": " + oneLine(msg));
  }

  /**
   * The one-line error for {@code file}, naming the file if the message does not already: as a whole name,
   * between spaces, quotes, brackets or punctuation, not inside another word or path ("a" is not named by
   * "Unable to open data/a: no such file").
   */
  static String errorLine(String file, Throwable ex) {
    String line = errorLine(ex);
    Pattern named = Pattern.compile("(^|[\\s'\"(\\[])" + Pattern.quote(file) + "($|[\\s'\")\\],:;])");
    return named.matcher(line).find() ? line : "error: " + file + ": " + line.substring("error: ".length());
  }

  private static String oneLine(String msg) {
    return msg.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /**
   * The loop every command runs over its files: {@code action} for each file in turn; a file that fails is one
   * {@code error: ...} line on stderr naming it, and the others are still done. Without files, the usage on
   * stderr. GDAL is loaded first (its absence is the command's one error). Returns the exit code: 0, or
   * {@link #EXIT_FAILED} if there were no files or any failed.
   */
  static int eachFile(CommandLine.Model.CommandSpec spec, java.util.List<String> files,
      java.util.function.Consumer<String> action) {
    if (files.isEmpty()) {
      spec.commandLine().usage(spec.commandLine().getErr());
      return EXIT_FAILED;
    }
    GdalRuntime.ensureLoaded();
    int rc = 0;
    for (String file : files) {
      try {
        action.accept(file);
      } catch (RuntimeException e) {
        println(spec.commandLine().getErr(), errorLine(file, e));
        rc = EXIT_FAILED;
      }
    }
    return rc;
  }

  /** Prints {@code line} to {@code out} and flushes. */
  static void println(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
