package org.rios.concurrency.internal.batch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rios.errors.JobMgrException;

/** Runs a queue command (sbatch, squeue, qdel ...) with a time limit and returns what it printed. */
final class Commands {
  /** A finished command: exit code, standard output and standard error. */
  record Output(int exitCode, String stdout, String stderr) {}

  private static final long TIMEOUT_SECONDS = 60;

  private Commands() {}

  /**
   * Runs {@code cmd} in {@code dir} (null: this process's directory).
   *
   * @throws JobMgrException if it cannot be started or does not end within a minute
   */
  static Output run(List<String> cmd, File dir) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("rios_cmd_", ".out");
      err = Files.createTempFile("rios_cmd_", ".err");
      Process p = new ProcessBuilder(cmd).directory(dir).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new JobMgrException("'" + String.join(" ", cmd) + "' did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JobMgrException("Could not run '" + String.join(" ", cmd) + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobMgrException("Interrupted while running '" + String.join(" ", cmd) + "'", e);
    } finally {
      delete(out);
      delete(err);
    }
  }

  /** Whether {@code program} (a name, or a path) can be run: a file this user may execute on the PATH. */
  static boolean onPath(String program) {
    if (program.contains("/")) {
      return new File(program).canExecute();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir.isEmpty() ? "." : dir, program);
      if (f.isFile() && f.canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static void delete(Path p) {
    if (p != null) {
      p.toFile().delete();
    }
  }
}
