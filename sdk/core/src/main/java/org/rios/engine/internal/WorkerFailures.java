package org.rios.engine.internal;

import org.rios.errors.RiosException;
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

  /** The library exception a stack trace's first lines name ("org.rios.errors.X: message"), or null. */
  static Throwable remoteCause(String stackTrace) {
    StringBuilder head = new StringBuilder();
    for (String line : stackTrace.split("\n", -1)) {
      if (line.startsWith("\tat ") || line.startsWith("\t... ") || line.startsWith("Caused by: ")) {
        break;
      }
      head.append(head.length() == 0 ? "" : "\n").append(line);
    }
    String text = head.toString();
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
      try {
        t = (Throwable) type.getConstructor(String.class).newInstance(message);
      } catch (NoSuchMethodException e) {
        t = (Throwable) type.getConstructor(String.class, Throwable.class).newInstance(message, null);
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
