package org.rios.concurrency.internal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  /** {@code sbatch -o LOG -e LOG -J NAME SCRIPT}; a log not kept goes to /dev/null. */
  @Override
  public List<String> submitCommand(Path script, Path log, String jobName) {
    String out = log == null ? "/dev/null" : outputPattern(log.toString());
    return List.of("sbatch", "-o", out, "-e", out, "-J", jobName, script.toString());
  }

  /**
   * {@code path} as sbatch's output file name pattern: sbatch replaces {@code %j}, {@code %u}, ... in it, and
   * {@code %%} is a literal {@code %} (a backslash anywhere turns the replacement off).
   */
  static String outputPattern(String path) {
    return path.contains("\\") ? path : path.replace("%", "%%");
  }

  /** "Submitted batch job N", or N alone (or "N;cluster") as {@code sbatch --parsable} prints it. */
  @Override
  public String parseJobId(String stdout) {
    String text = stdout.trim();
    java.util.regex.Matcher m = SUBMITTED.matcher(text);
    if (m.find()) {
      return m.group(1);
    }
    m = PARSABLE.matcher(text);
    if (m.matches()) {
      return m.group(1);
    }
    throw new IllegalArgumentException("expected 'Submitted batch job N' (or N with --parsable), got '" + text
        + "'");
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
