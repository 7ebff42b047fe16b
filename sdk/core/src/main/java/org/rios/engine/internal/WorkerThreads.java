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

  /** Interrupts every thread (they also watch their own stop flag) and waits for all to end. */
  public void stopAndJoin() {
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
