package org.rios.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rios.timing.Timers;

/**
 * Puts a run's finished outputs in place together, all or none: a failure while doing so (an earlier file
 * that cannot be moved aside, a rename or upload refused) leaves every output as it was before the run.
 *
 * <p>Three steps, under every output's lock (so an interrupted JVM's shutdown hooks wait for the commit, which
 * takes milliseconds, and see each output either in place or gone): every earlier local output is moved aside
 * ({@link AtomicOutput#setAsideEarlier}); every local output is renamed into place, then every object-store
 * output uploaded ({@link AtomicOutput#place}); the earlier outputs are deleted ({@link AtomicOutput#dropEarlier}).
 * If a step fails, each output is rolled back ({@link AtomicOutput#rollBack}). Uploads come last because an
 * object store cannot give back the object an upload replaced: an upload is undone by nothing, so all others
 * are done before the first one.
 */
final class OutputCommit {
  private OutputCommit() {}

  /**
   * Puts {@code files}, finished and closed, in place.
   *
   * @return per output label, the size in bytes of its main file; -1 for an output written in place
   * @throws org.rios.errors.OutputWriteException naming the output at fault; every output is then as before the
   *     run (uploads done before the failure excepted), and the partial files are deleted
   */
  static Map<String, Long> commit(List<OutputFile> files, Timers timers) {
    List<AtomicOutput> locked = new ArrayList<>();
    try {
      for (OutputFile f : files) {
        f.target().lock.lock();
        locked.add(f.target());
      }
      return commitLocked(files, timers);
    } finally {
      for (AtomicOutput t : locked) {
        t.lock.unlock();
      }
    }
  }

  private static Map<String, Long> commitLocked(List<OutputFile> files, Timers timers) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    try {
      for (OutputFile f : files) {
        bytes.put(f.spec().label(), f.target().checkFinished(f.spec().label()));
      }
      for (OutputFile f : files) {
        if (f.target().renames()) {
          f.target().setAsideEarlier(f.spec().label());
        }
      }
      for (OutputFile f : files) {
        if (!f.target().uploads()) {
          f.target().place(f.spec().label());
        }
      }
      for (OutputFile f : files) {
        if (f.target().uploads()) {
          try (Timers.Interval t = timers.interval("uploading")) {
            f.target().place(f.spec().label());
          }
        }
      }
    } catch (RuntimeException | Error e) {
      for (OutputFile f : files) {
        try {
          f.target().rollBack();
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
    for (OutputFile f : files) {
      f.target().dropEarlier();
      f.target().unregister();
    }
    return bytes;
  }
}
