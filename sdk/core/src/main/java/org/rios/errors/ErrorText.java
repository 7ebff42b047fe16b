package org.rios.errors;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An exception as text for a message or a report, even when its own {@code getMessage} or {@code toString}
 * throws (a user's exception class can do anything): a failure must be reported as itself, not replaced by a
 * second one raised while describing it.
 */
public final class ErrorText {
  private ErrorText() {}

  /** {@code t.toString()}, or its class name and why that could not be read. */
  public static String describe(Throwable t) {
    try {
      return String.valueOf(t);
    } catch (RuntimeException x) {
      return t.getClass().getName() + " (its message could not be read: " + x.getClass().getName() + ")";
    }
  }

  /** The stack trace as {@code printStackTrace} writes it, or, where that throws, built from the frames. */
  public static String stackTrace(Throwable t) {
    try {
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      return sw.toString();
    } catch (RuntimeException x) {
      StringBuilder sb = new StringBuilder();
      java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
        sb.append(c == t ? "" : "Caused by: ").append(describe(c)).append('\n');
        for (StackTraceElement e : c.getStackTrace()) {
          sb.append("\tat ").append(e).append('\n');
        }
      }
      return sb.toString();
    }
  }
}
