package org.rios.engine.internal;

import java.util.ArrayList;
import java.util.List;

/** A group of daemon worker threads that are started together and stopped together (interrupt, then join). */
public final class WorkerThreads {
  private final List<Thread> threads = new ArrayList<>();

  public void add(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  /**
   * Interrupts every thread (they also watch their own stop flag) and waits for them to end, at most
   * {@code graceMillis} in all: a thread busy in code that ignores interrupts (a user function in a loop)
   * must not hold the run's failure back for ever. The threads are daemons, so one left running does not
   * keep the JVM alive.
   *
   * @return the names of the threads still running after the grace period (empty when all ended)
   */
  public List<String> stopAndJoin(long graceMillis) {
    for (Thread t : threads) {
      t.interrupt();
    }
    long deadline = System.nanoTime() + graceMillis * 1_000_000L;
    boolean interrupted = false;
    List<String> running = new ArrayList<>();
    for (Thread t : threads) {
      while (t.isAlive() && System.nanoTime() < deadline) {
        try {
          t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        } catch (InterruptedException e) {
          interrupted = true; // the grace period still holds; the caller's interrupt is restored below
        }
      }
      if (t.isAlive()) {
        running.add(t.getName());
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return running;
  }
}
