package org.rios.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kills a TaskManager of a session cluster mid-job: a thread that waits until {@code blocks} markers of
 * {@link BeamCases.SlowCopy} exist, then SIGKILLs a TaskManager that has computed one of those blocks.
 */
final class TaskManagerKiller {
  private static final Pattern MARKER = Pattern.compile("block-(\\d+)-(\\d+)-(\\d+)-(\\d+)");

  /** A SlowCopy marker: which block ("x,y"), which JVM, and when (System.nanoTime, comparable across JVMs). */
  record Marker(String block, long pid, long nanos) {}

  private final AtomicLong killedPid = new AtomicLong();
  private final AtomicLong killedAt = new AtomicLong();
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private final Thread thread;

  TaskManagerKiller(FlinkSessionCluster cluster, Path markerDir, int blocks) throws IOException, InterruptedException {
    Map<Long, Integer> tmIndexByPid = new HashMap<>();
    for (int i = 1; i <= cluster.taskManagers; i++) {
      tmIndexByPid.put(cluster.taskManagerPid(i), i);
    }
    thread = new Thread(() -> {
      try {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
          List<Marker> m = markers(markerDir);
          if (m.size() >= blocks) {
            long pid = m.stream().map(Marker::pid).filter(tmIndexByPid::containsKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("no block ran in a TaskManager: " + m));
            // the time after the kill: a marker the TaskManager wrote while the signal was on its way is "before"
            killedPid.set(cluster.killTaskManager(tmIndexByPid.get(pid)));
            killedAt.set(System.nanoTime());
            return;
          }
          Thread.sleep(20);
        }
        throw new IllegalStateException("the job did not start " + blocks + " blocks within 120 s");
      } catch (Throwable t) {
        error.set(t);
      }
    }, "tm-killer");
  }

  void start() {
    thread.start();
  }

  /** Waits for the killer; throws its failure; returns the killed TaskManager's PID. */
  long awaitKilled() throws InterruptedException {
    thread.join(30_000);
    if (error.get() != null) {
      throw new AssertionError("killer thread failed", error.get());
    }
    return killedPid.get();
  }

  /** When the kill happened (System.nanoTime). */
  long killedAt() {
    return killedAt.get();
  }

  static List<Marker> markers(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Marker> out = new ArrayList<>();
      for (Path p : s.toList()) {
        Matcher m = MARKER.matcher(p.getFileName().toString());
        if (m.matches()) {
          out.add(new Marker(m.group(1) + "," + m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
        }
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
