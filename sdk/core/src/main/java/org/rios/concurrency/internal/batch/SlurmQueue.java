package org.rios.concurrency.internal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SLURM: {@code #SBATCH} directives, {@code sbatch SCRIPT} answering "Submitted batch job N", {@code squeue}
 * for the listing (it shows only jobs not yet finished) and {@code scancel}.
 */
public final class SlurmQueue implements BatchQueue {
  @Override
  public String kindName() {
    return "CW_SLURM";
  }

  @Override
  public List<String> directives(String jobName, Path log, String userOptions) {
    List<String> d = new ArrayList<>(List.of("#SBATCH -o " + log, "#SBATCH -e " + log, "#SBATCH -J " + jobName));
    if (!userOptions.isBlank()) {
      d.add("#SBATCH " + userOptions);
    }
    return d;
  }

  @Override
  public List<String> submitCommand(Path script, Path log, String jobName) {
    return List.of("sbatch", script.toString());
  }

  @Override
  public String parseJobId(String stdout) {
    String[] words = stdout.trim().split("\\s+");
    if (words.length < 4 || !stdout.trim().startsWith("Submitted batch job")) {
      throw new IllegalArgumentException("expected 'Submitted batch job N', got '" + stdout.trim() + "'");
    }
    return words[3];
  }

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
