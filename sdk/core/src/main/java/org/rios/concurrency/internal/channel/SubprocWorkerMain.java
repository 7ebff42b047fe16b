package org.rios.concurrency.internal.channel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The program of the CW_SUBPROC compute workers that the library starts itself ({@code SubprocWorkers}):
 * {@code SubprocWorkerMain ID --channaddrfile FILE} or {@code SubprocWorkerMain ID --channaddr host,port,token},
 * then a {@link WorkerSession}. Its command line is written by the library, never by a person, so it is read
 * as three words: setting up picocli's command model for {@link ComputeWorkerMain} took about 0.35 s of each
 * worker's start, more than the JVM itself, in every run. People and batch jobs run
 * {@code rios-computeworker} ({@link ComputeWorkerMain}), which keeps a full command line with help and
 * usage messages. Exit codes as there: 0 done; 1 the work failed; 2 bad arguments; 3 the channel could not be
 * reached or broke.
 */
public final class SubprocWorkerMain {
  private SubprocWorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the worker; returns the process exit code. */
  public static int run(String... args) {
    if (args.length != 3 || !(args[1].equals("--channaddrfile") || args[1].equals("--channaddr"))) {
      return usage("expected ID --channaddrfile FILE or ID --channaddr host,port,token, got "
          + String.join(" ", args));
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
    if (args[1].equals("--channaddr")) {
      return WorkerSession.run(id, args[2], "--channaddr");
    }
    Path file = Path.of(args[2]);
    String addr;
    try {
      addr = WorkerSession.readAddressFile(file);
    } catch (IOException e) {
      return usage(e.getMessage());
    }
    return WorkerSession.run(id, addr, "--channaddrfile " + file);
  }

  private static int usage(String message) {
    System.err.println("CW_SUBPROC compute worker (started by the library; to start one by hand run "
        + "rios-computeworker): " + message);
    return 2;
  }
}
