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

  /** A URL or GDAL network path in a text: up to a space, a quote, a bracket or a parenthesis. */
  private static final java.util.regex.Pattern URL =
      java.util.regex.Pattern.compile("(?i)(?:\\b[a-z][a-z0-9+.-]*://|/vsi[a-z0-9_]+[/?])[^\\s'\"()<>\\[\\]{}]*");
  private static final java.util.regex.Pattern URL_USERINFO =
      java.util.regex.Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/@]+@");
  private static final java.util.regex.Pattern SECRET_QUERY = java.util.regex.Pattern.compile(
      "(?i)([?&](?:[^=&]*(?:signature|credential|token|secret|password|pwd|cookie|sig|key)[^=&]*)=)[^&,;]*");

  /**
   * {@code text} with the secrets a URL in it may carry shown as {@code ****}: a user name and password
   * ({@code https://user:pass@host/...}) and the values of query parameters that carry a signature, a
   * credential, a token, a password, a cookie or a key (a presigned URL's {@code X-Amz-Signature}, a SAS
   * {@code sig}, the {@code proxyuserpwd} of GDAL's {@code /vsicurl?...&url=...}). Only URLs and GDAL's
   * network paths ({@code /vsicurl/...}, {@code /vsicurl?...}) are looked at, so a local file name with a
   * {@code ?} or {@code &} in it is left as it is, and a URL ends at a space, a quote, a bracket or a parenthesis. Every
   * {@link RiosException}'s message goes through it, so a file name given as a presigned URL never shows its
   * signature in an error.
   */
  public static String maskSecrets(String text) {
    if (text == null) {
      return null;
    }
    java.util.regex.Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String url = URL_USERINFO.matcher(m.group()).replaceAll("$1****@");
      url = SECRET_QUERY.matcher(url).replaceAll("$1****");
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(url));
    }
    m.appendTail(out);
    return out.toString();
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
