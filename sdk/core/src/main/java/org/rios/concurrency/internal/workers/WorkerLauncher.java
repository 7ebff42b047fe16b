package org.rios.concurrency.internal.workers;

/**
 * Starts the compute workers of a channel run somewhere else (local processes, batch jobs) and stops them:
 * {@link #close()} leaves no worker process or job behind.
 */
public interface WorkerLauncher extends AutoCloseable {
  /**
   * The failure {@code e} of the run as the user should see it, with what only the launcher knows (a failed
   * job's log, say). Call after {@link #close()}.
   */
  default RuntimeException explain(RuntimeException e) {
    return e;
  }

  /** A worker as a message should name it: "compute worker 2", with its batch job where there is one. */
  default String name(int worker) {
    return "compute worker " + worker;
  }

  @Override
  void close();
}
