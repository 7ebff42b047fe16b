package org.rios.engine.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
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
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      first = new WorkerException(kind, id, sw.toString(), t);
    }
  }

  /** Records a failure reported by a worker in another process, as its stack trace text. */
  public synchronized void recordRemote(String kind, int id, String stackTrace) {
    if (first == null) {
      first = new WorkerException(kind, id, stackTrace, null);
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
