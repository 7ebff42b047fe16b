package org.rios.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.rios.io.BlockReader;

/**
 * A pool of reading threads, each owning one {@link BlockReader} (GDAL handles are not thread-safe): created
 * on the thread at its first task, used only there, and closed there when the pool closes. Both ways of
 * reading with several threads use it: the native driver's read workers (each thread takes the next
 * (block, input) piece) and the Beam read step (the inputs of one block spread over the threads).
 *
 * <pre>{@code
 * try (ReaderThreads pool = new ReaderThreads("rios-read-", 2, () -> new BlockReader(plan))) {
 *   Future<RasterArray> a = pool.submit(0, reader -> reader.read(input, block));
 * }
 * }</pre>
 */
public final class ReaderThreads implements AutoCloseable {
  private final List<ExecutorService> threads = new ArrayList<>();
  private final List<Future<?>> running = new ArrayList<>();
  // readers[k] is created, used and closed only on threads.get(k)
  private final BlockReader[] readers;
  private final Supplier<BlockReader> factory;

  public ReaderThreads(String namePrefix, int n, Supplier<BlockReader> factory) {
    this.factory = factory;
    this.readers = new BlockReader[n];
    for (int k = 0; k < n; k++) {
      String name = namePrefix + k;
      threads.add(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      }));
    }
  }

  public int size() {
    return readers.length;
  }

  /** Runs {@code task} on thread {@code k} with that thread's reader. */
  public <T> Future<T> submit(int k, Function<BlockReader, T> task) {
    Future<T> f = threads.get(k).submit(() -> {
      if (readers[k] == null) {
        readers[k] = factory.get();
      }
      return task.apply(readers[k]);
    });
    synchronized (running) {
      running.removeIf(Future::isDone);
      running.add(f);
    }
    return f;
  }

  /**
   * Interrupts tasks still running (a failure elsewhere, or the end of a run), closes each reader on its own
   * thread and waits for the threads to end.
   */
  @Override
  public void close() {
    synchronized (running) {
      running.forEach(f -> f.cancel(true));
      running.clear();
    }
    for (int k = 0; k < readers.length; k++) {
      int id = k;
      threads.get(k).submit(() -> {
        if (readers[id] != null) {
          readers[id].close();
          readers[id] = null;
        }
      });
      threads.get(k).shutdown();
    }
    for (ExecutorService t : threads) {
      try {
        t.awaitTermination(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
