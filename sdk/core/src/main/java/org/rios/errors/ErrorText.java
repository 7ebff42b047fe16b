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

  private static final java.util.regex.Pattern URL_USERINFO =
      java.util.regex.Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  private static final java.util.regex.Pattern SECRET_QUERY = java.util.regex.Pattern.compile(
      "(?i)([?&](?:[^=&\\s]*(?:signature|credential|token|secret|password|sig|key)[^=&\\s]*)=)[^&\\s]*");

  /**
   * {@code text} with the secrets a URL in it may carry shown as {@code ****}: a user name and password
   * ({@code https://user:pass@host/...}) and the values of query parameters that carry a signature, a
   * credential, a token or a key (a presigned URL's {@code X-Amz-Signature}, a SAS {@code sig}). Every
   * {@link RiosException}'s message goes through it, so a file name given as a presigned URL never shows its
   * signature in an error.
   */
  public static String maskSecrets(String text) {
    if (text == null) {
      return null;
    }
    String s = URL_USERINFO.matcher(text).replaceAll("$1****@");
    return SECRET_QUERY.matcher(s).replaceAll("$1****");
  }

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
