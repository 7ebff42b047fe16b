package org.rios.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs an example's picocli command the same way for every example: {@code -h}/{@code --help} prints the usage
 * on stdout (exit code 0); a bad argument (missing, extra, not a number) is a usage error, and anything the
 * command throws (a missing file, too few bands, ...) a failure: either is one line {@code error: <message>}
 * and the usage line on stderr, with exit code 2 for a usage error and 1 for a failure.
 */
final class ExampleCli {
  /** Exit code of a command that failed. */
  static final int EXIT_FAILED = 1;

  private ExampleCli() {}

  /** Runs {@code command} with {@code args} and exits the JVM with its exit code. */
  static void main(Object command, String[] args) {
    System.exit(execute(command, args));
  }

  /** Runs {@code command} (a picocli {@code @Command}) with {@code args}; returns the exit code. */
  static int execute(Object command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help and exit.").build());
    cl.setParameterExceptionHandler((e, a) -> fail(e.getCommandLine(), e.getMessage(), cl.getCommandSpec()
        .exitCodeOnInvalidInput()));
    cl.setExecutionExceptionHandler((e, line, parsed) -> fail(line,
        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), EXIT_FAILED));
    return cl.execute(args);
  }

  private static int fail(CommandLine line, String message, int exitCode) {
    Help help = line.getHelp();
    PrintWriter err = line.getErr();
    err.println("error: " + message.replaceAll("\\s*\\R\\s*", " ").trim());
    err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
    err.flush();
    return exitCode;
  }
}
