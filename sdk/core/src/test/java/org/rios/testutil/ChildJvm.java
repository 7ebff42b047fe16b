package org.rios.testutil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A program run in a child JVM with this JVM's class path and native library path, and what it printed. */
public final class ChildJvm {
  /** Longest wait for the child to exit. */
  static final long TIMEOUT_SECONDS = 120;

  private ChildJvm() {}

  /** The child's exit code and its standard output and error, interleaved. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code main} with {@code args} in a child JVM, {@code jvmOptions} and {@code env} added to its own;
   * fails the test if it has not exited within {@value #TIMEOUT_SECONDS} s.
   */
  public static Result run(List<String> jvmOptions, Map<String, String> env, String main, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djava.library.path=" + System.getProperty("java.library.path")));
    cmd.addAll(jvmOptions);
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(main + " did not exit within " + TIMEOUT_SECONDS + " s: " + text);
      }
      return new Result(p.exitValue(), text);
    } finally {
      p.destroyForcibly();
    }
  }
}
