package org.rios.concurrency.internal.batch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rios.concurrency.internal.channel.ComputeWorkerMain;
import org.rios.concurrency.internal.workers.WorkerJvmOptions;
import org.rios.errors.ParameterException;

/**
 * A batch run's job settings, from the environment variables RIOS names (RIOS_SLURMJOBMGR_SBATCHOPTIONS and
 * _INITCMDS, RIOS_PBSJOBMGR_QSUBOPTIONS and _INITCMDS) and from {@code computeWorkerExtraParams}; where
 * both give options or init commands, both are used, the environment's first.
 *
 * <p>computeWorkerExtraParams keys: {@code sbatchOptions} / {@code qsubOptions} (extra directive line),
 * {@code initCmds} (shell lines run before the worker), {@code cmdPrefix} / {@code cmdSuffix} (text around
 * the worker command, e.g. {@code "srun "}), {@code workerCommand} (replaces the default
 * {@code <this java> -cp <this classpath> ComputeWorkerMain}, e.g. {@code rios-computeworker}),
 * {@code channelHost} (the address the main process listens on and jobs connect to; default this host's
 * name) and {@code pollInterval} (seconds between queue listings; default 2).
 *
 * @param options the user's submit options: one directive line
 * @param initCmds shell lines run at the start of each job
 * @param cmdPrefix text before the worker command
 * @param cmdSuffix text after the worker command's arguments
 * @param workerCommand the worker command, already shell-quoted where needed
 * @param channelHost where the channel listens
 * @param pollMillis milliseconds between queue listings
 */
public record BatchSettings(String options, String initCmds, String cmdPrefix, String cmdSuffix,
    String workerCommand, InetAddress channelHost, long pollMillis) {

  private static final Set<String> COMMON_KEYS =
      Set.of("initCmds", "cmdPrefix", "cmdSuffix", "workerCommand", "channelHost", "pollInterval");

  /** Resolves the settings for {@code queue} from {@code env} and {@code extraParams}. */
  public static BatchSettings resolve(BatchQueue queue, Map<String, String> env, Map<String, String> extraParams) {
    Set<String> known = new TreeSet<>(COMMON_KEYS);
    known.add(queue.optionsParam());
    for (String key : extraParams.keySet()) {
      if (!known.contains(key)) {
        throw new ParameterException("computeWorkerExtraParams: unknown key '" + key + "' for " + queue.kindName()
            + " (known: " + String.join(", ", known) + ")");
      }
    }
    String options = join(" ", env.get(queue.optionsVariable()), extraParams.get(queue.optionsParam()));
    String init = join("\n", env.get(queue.initCmdsVariable()), extraParams.get("initCmds"));
    String command = extraParams.getOrDefault("workerCommand", defaultWorkerCommand());
    if (command.isBlank()) {
      throw new ParameterException("computeWorkerExtraParams: workerCommand must not be blank");
    }
    return new BatchSettings(options, init, extraParams.getOrDefault("cmdPrefix", ""),
        extraParams.getOrDefault("cmdSuffix", ""), command, channelHost(extraParams.get("channelHost")),
        pollMillis(extraParams.get("pollInterval")));
  }

  /**
   * This JVM's java, its native-library path ({@link WorkerJvmOptions#libraryPathOfThisJvm}) and its
   * classpath running the worker main: the user function's classes are on it.
   */
  static String defaultWorkerCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder b = new StringBuilder(JobScript.quote(java));
    WorkerJvmOptions.libraryPathOfThisJvm().forEach(o -> b.append(' ').append(JobScript.quote(o)));
    return b.append(" -cp ").append(JobScript.quote(System.getProperty("java.class.path"))).append(' ')
        .append(ComputeWorkerMain.class.getName()).toString();
  }

  private static InetAddress channelHost(String host) {
    try {
      return host == null ? InetAddress.getLocalHost() : InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ParameterException("computeWorkerExtraParams: channelHost '" + (host == null ? "(this host)" : host)
          + "' does not resolve: " + e.getMessage());
    }
  }

  private static long pollMillis(String seconds) {
    if (seconds == null) {
      return 2000;
    }
    try {
      double s = Double.parseDouble(seconds);
      if (!(s > 0)) {
        throw new NumberFormatException("not positive");
      }
      return Math.max(1, Math.round(s * 1000));
    } catch (NumberFormatException e) {
      throw new ParameterException("computeWorkerExtraParams: pollInterval must be a positive number of seconds, got '"
          + seconds + "'");
    }
  }

  private static String join(String sep, String a, String b) {
    List<String> parts = new ArrayList<>();
    for (String s : new String[] {a, b}) {
      if (s != null && !s.isBlank()) {
        parts.add(s.trim());
      }
    }
    return String.join(sep, parts);
  }
}
