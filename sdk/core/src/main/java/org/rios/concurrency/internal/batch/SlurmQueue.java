package org.rios.concurrency.internal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rios.errors.ParameterException;

/**
 * SLURM: the user's {@code #SBATCH} options, {@code sbatch -o LOG -e LOG -J NAME SCRIPT} answering "Submitted
 * batch job N" (or N with {@code --parsable}), {@code squeue}
 * for the listing (it shows only jobs not yet finished) and {@code scancel}.
 */
public final class SlurmQueue implements BatchQueue {
  @Override
  public String kindName() {
    return "CW_SLURM";
  }

  @Override
  public List<String> directives(String userOptions) {
    List<String> d = new ArrayList<>();
    if (!userOptions.isBlank()) {
      d.add("#SBATCH " + userOptions);
    }
    return d;
  }

  /**
   * {@code sbatch -o LOG -e LOG -J NAME --no-requeue SCRIPT}; a log not kept goes to /dev/null. Never requeued: a
   * worker run again after a node failure or preemption would send again the blocks its first run sent.
   */
  @Override
  public List<String> submitCommand(Path script, Path log, String jobName) {
    String out = log == null ? "/dev/null" : outputPattern(log.toString());
    return List.of("sbatch", "-o", out, "-e", out, "-J", jobName, "--no-requeue", script.toString());
  }

  /**
   * {@code path} as sbatch's output file name pattern: sbatch replaces {@code %j}, {@code %u}, ... in it, and
   * {@code %%} is a literal {@code %}.
   *
   * @throws ParameterException for a path with a backslash, which sbatch takes out of file names
   */
  static String outputPattern(String path) {
    if (path.contains("\\")) {
      throw new ParameterException("CW_SLURM: the run's temp directory (" + path + ") has a backslash, which sbatch "
          + "takes out of log file names: choose another setTempdir");
    }
    return path.replace("%", "%%");
  }

  /**
   * "Submitted batch job N", or N alone as {@code sbatch --parsable} prints it. A job on another cluster
   * ("N;cluster", from {@code -M}) is refused: squeue and scancel would not see it without {@code -M}.
   */
  @Override
  public String parseJobId(String stdout) {
    String text = stdout.trim();
    java.util.regex.Matcher m = SUBMITTED.matcher(text);
    if (m.find()) {
      String rest = text.substring(m.end()).trim();
      if (rest.startsWith("on cluster")) {
        throw otherCluster(m.group(1), rest.substring("on cluster".length()).trim());
      }
      return m.group(1);
    }
    m = PARSABLE.matcher(text);
    if (m.matches()) {
      if (m.group(2) != null) {
        throw otherCluster(m.group(1), m.group(2).substring(1));
      }
      return m.group(1);
    }
    throw new IllegalArgumentException("expected 'Submitted batch job N' (or N with --parsable), got '" + text
        + "'");
  }

  private static IllegalArgumentException otherCluster(String jobId, String cluster) {
    return new IllegalArgumentException("job " + jobId + " went to cluster " + cluster + "; CW_SLURM lists and "
        + "cancels jobs on the default cluster only: leave -M/--clusters out of sbatchOptions");
  }

  private static final java.util.regex.Pattern SUBMITTED =
      java.util.regex.Pattern.compile("^Submitted batch job (\\d+)\\b", java.util.regex.Pattern.MULTILINE);
  private static final java.util.regex.Pattern PARSABLE = java.util.regex.Pattern.compile("(\\d+)(;\\S+)?");

  @Override
  public List<String> listCommand(String user) {
    return List.of("squeue", "--noheader", "-u", user, "-o", "%i %T");
  }

  @Override
  public Set<String> activeJobs(String listing, Set<String> ids) {
    Set<String> active = new HashSet<>();
    for (String line : listing.split("\\R")) {
      String[] w = line.trim().split("\\s+");
      if (ids.contains(w[0])) {
        active.add(w[0]);
      }
    }
    return active;
  }

  @Override
  public List<String> cancelCommand(List<String> ids) {
    List<String> cmd = new ArrayList<>(List.of("scancel"));
    cmd.addAll(ids);
    return cmd;
  }

  @Override
  public String optionsVariable() {
    return "RIOS_SLURMJOBMGR_SBATCHOPTIONS";
  }

  @Override
  public String initCmdsVariable() {
    return "RIOS_SLURMJOBMGR_INITCMDS";
  }

  @Override
  public String optionsParam() {
    return "sbatchOptions";
  }
}
