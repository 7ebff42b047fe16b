package org.rios.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run must undo if the JVM ends under it: SIGTERM from a scheduler at its time limit, Ctrl-C
 * (SIGINT), a closed terminal (SIGHUP), or {@code System.exit} from another thread. Every part of a run
 * that leaves something behind (partial outputs, the run's temp directory, worker processes, batch jobs)
 * registers an action here while it is live and closes the registration when it has cleaned up itself. One
 * JVM shutdown hook runs the actions still registered, newest first, after printing one line that says the
 * run was interrupted. The JVM then exits with the signal's status (143 for SIGTERM), never 0.
 *
 * <pre>{@code
 * try (ShutdownCleanup.Registration r = ShutdownCleanup.register("temp dir " + dir, () -> deleteTree(dir))) {
 *   ... run ...
 * }   // normal end: unregistered, nothing runs at exit
 * }</pre>
 *
 * <p>Actions run on the hook's thread while the run's own threads may still be working: they must only
 * remove files, kill processes or cancel jobs, never call into a GDAL dataset another thread owns.
 *
 * <p>The hook is installed only while a registration is live: an installed hook keeps this class, and the
 * class loader it came from, alive until the JVM exits, and a Flink TaskManager loads the library anew with
 * each pipeline's class loader.
 */
public final class ShutdownCleanup {
  private static final Object LOCK = new Object();
  private static final Map<Long, Action> ACTIONS = new LinkedHashMap<>();
  private static long nextId;
  /** The installed hook, while a registration is live. */
  private static Thread hook;
  private static volatile boolean shuttingDown;

  private ShutdownCleanup() {}

  /** A live registration; {@link #close} removes it without running it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private record Action(String what, Runnable run) {}

  /**
   * Registers {@code action} to run if the JVM shuts down before the registration is closed.
   *
   * @param what a short description, for the error line if the action itself fails
   */
  public static Registration register(String what, Runnable action) {
    long id;
    synchronized (LOCK) {
      if (shuttingDown) {
        // the hook has already taken its list: undo at once what the run has only just made
        runQuietly(new Action(what, action));
        return () -> { };
      }
      if (hook == null) {
        Thread h = new Thread(ShutdownCleanup::runAll, "rios-shutdown-cleanup");
        try {
          Runtime.getRuntime().addShutdownHook(h);
        } catch (IllegalStateException shutdownInProgress) {
          runQuietly(new Action(what, action));
          return () -> { };
        }
        hook = h;
      }
      id = nextId++;
      ACTIONS.put(id, new Action(what, action));
    }
    return () -> {
      synchronized (LOCK) {
        if (ACTIONS.remove(id) != null && ACTIONS.isEmpty() && !shuttingDown) {
          removeHook();
        }
      }
    };
  }

  /** Removes the hook (with {@link #LOCK} held): nothing is left for it to do. */
  private static void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // the hook is running or about to: it finds nothing to do
    }
    hook = null;
  }

  /** Whether the JVM shutdown hook is installed now (for tests). */
  static boolean hookInstalled() {
    synchronized (LOCK) {
      return hook != null;
    }
  }

  /**
   * True once the JVM has started shutting down with a run in progress: writers stop renaming outputs
   * into place and workers stop taking blocks.
   */
  public static boolean isShuttingDown() {
    return shuttingDown;
  }

  /** Number of live registrations (for tests). */
  public static int liveCount() {
    synchronized (LOCK) {
      return ACTIONS.size();
    }
  }

  private static void runAll() {
    List<Action> todo;
    synchronized (LOCK) {
      if (ACTIONS.isEmpty()) {
        return;
      }
      shuttingDown = true;
      todo = new ArrayList<>(ACTIONS.values());
      ACTIONS.clear();
    }
    System.err.println("rios: run interrupted (the JVM is shutting down): stopping workers and removing "
        + "partial outputs and temporary files");
    for (int i = todo.size() - 1; i >= 0; i--) {
      runQuietly(todo.get(i));
    }
  }

  private static void runQuietly(Action a) {
    try {
      a.run().run();
    } catch (RuntimeException | Error e) {
      System.err.println("rios: cleanup of " + a.what() + " failed: " + e);
    }
  }
}
