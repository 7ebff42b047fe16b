package org.rios.concurrency.internal.channel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The program of the CW_SUBPROC compute workers that the library starts itself ({@code SubprocWorkers}):
 * {@code SubprocWorkerMain ID --channaddrfile FILE} or {@code SubprocWorkerMain ID --channaddr host,port,token},
 * then a {@link WorkerSession}. Its command line is written by the library, never by a person, so it is read
 * as three words: picocli's command model for {@link ComputeWorkerMain} cost each worker about 0.2 s of wall
 * time and 0.35 s of CPU before it joined the channel (side by side, both entry points against a closed port,
 * session 24). People and batch jobs run {@code rios-computeworker} ({@link ComputeWorkerMain}), which keeps a
 * full command line with help and usage messages. Exit codes as there: 0 done; 1 the work failed; 2 bad
 * arguments (or anything else that went wrong before the work began); 3 the channel could not be reached or
 * broke. Its messages never show the channel's token.
 */
public final class SubprocWorkerMain {
  private SubprocWorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the worker; returns the process exit code. */
  public static int run(String... args) {
    try {
      return runChecked(args);
    } catch (RuntimeException e) {
      // as picocli's handler did for rios-computeworker: said, and a usage exit code
      return usage(e.toString());
    }
  }

  private static int runChecked(String... args) {
    if (args.length != 3 || !(args[1].equals("--channaddrfile") || args[1].equals("--channaddr"))) {
      // the words themselves are not repeated: one of them may be the channel's token
      return usage("expected ID --channaddrfile FILE or ID --channaddr host,port,token, got " + args.length
          + " argument" + (args.length == 1 ? "" : "s") + (args.length > 1 ? " with '" + args[1] + "' second" : ""));
    }
    int id;
    try {
      id = Integer.parseInt(args[0]);
    } catch (NumberFormatException e) {
      return usage("the worker number must be a whole number, not '" + args[0] + "'");
    }
    if (id < 0) {
      return usage("the worker number must be 0 or more, not " + id);
    }
    boolean inFile = args[1].equals("--channaddrfile");
    try {
      return WorkerSession.run(id, inFile ? null : args[2], inFile ? Path.of(args[2]) : null);
    } catch (IOException e) {
      return usage(e.getMessage());   // the address file could not be read
    }
  }

  private static int usage(String message) {
    System.err.println("CW_SUBPROC compute worker (started by the library; to start one by hand run "
        + "rios-computeworker): " + message);
    return 2;
  }
}
