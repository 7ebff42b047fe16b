package org.rios.concurrency.internal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one compute worker's job script: the queue's directives (the user's options; the log and the
 * name are on the submit command line), the
 * user's init commands, a change to the main program's working directory (so relative file names mean the
 * same), then the worker command between begin and end markers, and its exit status, which
 * {@link #exitStatus} reads back from the log.
 *
 * <pre>
 * #!/bin/bash
 * #SBATCH --time=1:00:00
 * ...
 * echo "rios_computeworker begin"
 * java -cp ... org.rios.concurrency.internal.channel.ComputeWorkerMain -i 0 --channaddrfile /tmp/rios_x/rios_batch_456.chnl
 * status=$?
 * echo "rios_computeworker end"
 * echo "rios_computeworker status: $status"
 * exit $status
 * </pre>
 */
public final class JobScript {
  static final String BEGIN = "rios_computeworker begin";
  static final String END = "rios_computeworker end";
  static final String STATUS = "rios_computeworker status: ";

  private JobScript() {}

  /** The script for worker {@code id}; {@code addressArgs} are already shell-quoted. */
  public static String text(BatchQueue queue, BatchSettings s, int id, String addressArgs, Path workingDir) {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    lines.addAll(queue.directives(s.options()));
    if (!s.initCmds().isBlank()) {
      lines.add(s.initCmds());
    }
    lines.add("cd " + quote(workingDir.toString()) + " || exit 1");
    lines.add("echo \"" + BEGIN + "\"");
    lines.add(s.cmdPrefix() + s.workerCommand() + " -i " + id + " " + addressArgs + s.cmdSuffix());
    lines.add("status=$?");
    lines.add("echo \"" + END + "\"");
    lines.add("echo \"" + STATUS + "$status\"");
    lines.add("exit $status");
    return String.join("\n", lines) + "\n";
  }

  /** The worker's exit status recorded in a job log, or null if the job never got that far. */
  public static Integer exitStatus(String log) {
    int i = log.lastIndexOf(STATUS);
    if (i < 0) {
      return null;
    }
    String rest = log.substring(i + STATUS.length()).trim().split("\\s+")[0];
    try {
      return Integer.parseInt(rest);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code s} as one shell word in single quotes. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
