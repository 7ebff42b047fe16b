package org.rios.testutil;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** What a command's {@code run} method printed on {@code System.err}, with its exit code. */
public final class Stderr {
  private Stderr() {}

  /** The exit code {@code run} returned and the text it printed on standard error meanwhile. */
  public record Captured(int code, String text) {}

  public static Captured capture(IntSupplier run) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = run.getAsInt();
    } finally {
      System.setErr(old);
    }
    return new Captured(code, err.toString(StandardCharsets.UTF_8));
  }
}
