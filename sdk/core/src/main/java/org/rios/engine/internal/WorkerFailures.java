package org.rios.engine.internal;

import java.util.ArrayList;
import java.util.List;
import org.rios.errors.RiosException;
import org.rios.errors.RiosTimeoutException;
import org.rios.errors.WorkerException;

/**
 * The first failure of any reader, compute worker or the writer, and the stop flag every thread checks.
 * The first failure is the root cause: later ones (timeouts of threads waiting on the failed one) are
 * dropped.
 */
public final class WorkerFailures {
  private volatile WorkerException first;

  /** Records a failure of worker {@code id} of {@code kind} ("read", "compute", "main"). */
  public synchronized void record(String kind, int id, Throwable t) {
    if (first == null) {
      first = new WorkerException(kind, id, org.rios.errors.ErrorText.stackTrace(t), t);
    }
  }

  /**
   * Records a failure reported by a worker in another process, as its stack trace text. A failure of one of
   * the library's own types ({@code org.rios.errors}) becomes the cause again, of that type and with its
   * message, so a caller sees the same typed cause as from a thread (its stack is the text's).
   */
  public synchronized void recordRemote(String kind, int id, String stackTrace) {
    if (first == null) {
      first = new WorkerException(kind, id, stackTrace, remoteCause(stackTrace));
    }
  }

  /** The names of the timeouts a {@link RiosTimeoutException}'s message names. */
  private static final java.util.regex.Pattern TIMEOUT_NAME = java.util.regex.Pattern.compile(
      "\\b(readBufferInsertTimeout|readBufferPopTimeout|computeBufferInsertTimeout|computeBufferPopTimeout"
      + "|computeBarrierTimeout)\\b");

  /**
   * The library exception a worker's stack trace names, rebuilt with its message: the first in the chain
   * ("org.rios.errors.X: message", then each "Caused by: ...") that is not a worker's wrapper, so that a
   * read worker's failure inside a worker process is its own (a FileOpenException), and a timeout a
   * {@link RiosTimeoutException} with its timeout's name; null if none is one of the library's.
   */
  static Throwable remoteCause(String stackTrace) {
    List<String> headers = new ArrayList<>();
    StringBuilder head = new StringBuilder();
    boolean inHeader = true;
    for (String line : stackTrace.split("\n", -1)) {
      if (line.startsWith("Caused by: ")) {
        if (head.length() > 0) {
          headers.add(head.toString());
        }
        head.setLength(0);
        head.append(line.substring("Caused by: ".length()));
        inHeader = true;
      } else if (line.startsWith("\tat ") || line.startsWith("\t... ") || line.startsWith("\tSuppressed: ")) {
        inHeader = false;
      } else if (inHeader) {
        head.append(head.length() == 0 ? "" : "\n").append(line);
      }
    }
    if (head.length() > 0) {
      headers.add(head.toString());
    }
    for (String h : headers) {
      Throwable t = libraryException(h);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** "org.rios.errors.X: message" as that exception, or null (another class, or a worker's wrapper). */
  private static Throwable libraryException(String text) {
    int colon = text.indexOf(": ");
    String name = (colon < 0 ? text : text.substring(0, colon)).trim();
    String message = colon < 0 ? null : text.substring(colon + 2);
    if (!name.startsWith("org.rios.errors.") || name.indexOf(' ') >= 0) {
      return null;
    }
    try {
      Class<?> type = Class.forName(name, false, WorkerFailures.class.getClassLoader());
      if (!RiosException.class.isAssignableFrom(type) || WorkerException.class.isAssignableFrom(type)) {
        return null;
      }
      Throwable t;
      if (RiosTimeoutException.class.isAssignableFrom(type)) {
        java.util.regex.Matcher m = TIMEOUT_NAME.matcher(message == null ? "" : message);
        t = new RiosTimeoutException(m.find() ? m.group(1) : null, message);
      } else {
        try {
          t = (Throwable) type.getConstructor(String.class).newInstance(message);
        } catch (NoSuchMethodException e) {
          t = (Throwable) type.getConstructor(String.class, Throwable.class).newInstance(message, null);
        }
      }
      t.setStackTrace(new StackTraceElement[0]);   // the worker's own stack is in the text
      return t;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  public boolean failed() {
    return first != null;
  }

  /** Throws the first failure, if any. */
  public void throwIfFailed() {
    WorkerException e = first;
    if (e != null) {
      throw e;
    }
  }

  /** The first failure, or {@code fallback} if none was recorded. */
  public RuntimeException firstOr(RuntimeException fallback) {
    WorkerException e = first;
    return e != null ? e : fallback;
  }
}
