package org.rios.concurrency.internal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PBS / Torque: {@code #PBS} directives, {@code qsub} printing the job id, {@code qstat} for the listing
 * (a finished job may linger in state C or F) and {@code qdel}. The log, its joining of stderr into
 * stdout and the job name are given on the qsub command line, which every qsub honours (SLURM's Torque
 * wrappers do not read {@code #PBS -o} from the script) and which takes a path as one argument whatever its
 * characters.
 */
public final class PbsQueue implements BatchQueue {
  @Override
  public String kindName() {
    return "CW_PBS";
  }

  @Override
  public List<String> directives(String userOptions) {
    List<String> d = new ArrayList<>(List.of("#PBS -j oe"));
    if (!userOptions.isBlank()) {
      d.add("#PBS " + userOptions);
    }
    return d;
  }

  /** {@code qsub -j oe -o LOG -N NAME -r n SCRIPT}: not rerunnable (see {@link SlurmQueue#submitCommand}). */
  @Override
  public List<String> submitCommand(Path script, Path log, String jobName) {
    return List.of("qsub", "-j", "oe", "-o", log == null ? "/dev/null" : log.toString(), "-N", jobName,
        "-r", "n", script.toString());
  }

  @Override
  public String parseJobId(String stdout) {
    String id = stdout.trim();
    if (id.isEmpty() || id.contains(" ") || id.contains("\n")) {
      throw new IllegalArgumentException("expected a job id, got '" + id + "'");
    }
    return id;
  }

  @Override
  public List<String> listCommand(String user) {
    // "qstat" alone exits non-zero on some servers when no job exists at all; "-u" lists nothing instead
    return List.of("qstat", "-u", user);
  }

  @Override
  public Set<String> activeJobs(String listing, Set<String> ids) {
    Set<String> active = new HashSet<>();
    for (String line : listing.split("\\R")) {
      String[] w = line.trim().split("\\s+");
      String id = matching(w[0], ids);
      // the state is the next-to-last column in qstat's listings; C (completed) and F (finished) are over
      String state = w.length >= 3 ? w[w.length - 2] : "";
      if (id != null && !state.equals("C") && !state.equals("F")) {
        active.add(id);
      }
    }
    return active;
  }

  /**
   * qstat may print "123.server" for "123.server.domain", the reverse, or cut a long id short
   * ("4567890.pbs-se*" for "4567890.pbs-server01.cluster"): compare the job numbers, which a server gives
   * once (the listing is of this user's jobs).
   */
  private static String matching(String listed, Set<String> ids) {
    String number = jobNumber(listed);
    if (number.isEmpty()) {
      return null;
    }
    for (String id : ids) {
      if (listed.equals(id) || jobNumber(id).equals(number)) {
        return id;
      }
    }
    return null;
  }

  /** The sequence number an id starts with ("4567890" of "4567890.pbs-se*"), or "" if it does not. */
  private static String jobNumber(String id) {
    int end = 0;
    while (end < id.length() && Character.isDigit(id.charAt(end))) {
      end++;
    }
    return end > 0 && (end == id.length() || id.charAt(end) == '.' || id.charAt(end) == '[') ? id.substring(0, end)
        : "";
  }

  @Override
  public List<String> cancelCommand(List<String> ids) {
    List<String> cmd = new ArrayList<>(List.of("qdel"));
    cmd.addAll(ids);
    return cmd;
  }

  @Override
  public String optionsVariable() {
    return "RIOS_PBSJOBMGR_QSUBOPTIONS";
  }

  @Override
  public String initCmdsVariable() {
    return "RIOS_PBSJOBMGR_INITCMDS";
  }

  @Override
  public String optionsParam() {
    return "qsubOptions";
  }
}
