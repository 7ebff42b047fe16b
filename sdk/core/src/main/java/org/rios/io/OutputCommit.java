package org.rios.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rios.timing.Timers;

/**
 * Puts a run's (or a job's) finished outputs in place together, all or none: a failure while doing so (an
 * earlier file that cannot be moved aside, a rename or upload refused) leaves every output as it was before.
 *
 * <p>Three steps, under every output's lock (so an interrupted JVM's shutdown hooks wait for the commit, which
 * takes milliseconds, and see each output either in place or gone): every earlier local output is moved aside
 * ({@link AtomicOutput#setAsideEarlier}); every local output is renamed into place, then every object-store
 * output uploaded ({@link AtomicOutput#place}); the earlier outputs are deleted ({@link AtomicOutput#dropEarlier}).
 * If a step fails, each output is rolled back ({@link AtomicOutput#rollBack}). Uploads come last because an
 * object store cannot give back the object an upload replaced: an upload is undone by nothing, so all others
 * are done before the first one.
 *
 * <p>The native drivers commit their {@link BlockWriter}'s outputs at its {@link BlockWriter#finish}. Beam's
 * writers, one per output file and spread over the workers, finish their files and leave them under their
 * partial names ({@link BlockWriter#finishUnplaced}); a commit step then puts each job's outputs in place
 * together ({@link #commitFinished}).
 */
public final class OutputCommit {
  private OutputCommit() {}

  /** One output to put in place. */
  private record Part(String label, AtomicOutput target) {}

  /**
   * Puts {@code files}, finished and closed, in place.
   *
   * @return per output label, the size in bytes of its main file; -1 for an output written in place
   * @throws org.rios.errors.OutputWriteException naming the output at fault; every output is then as before the
   *     run (uploads done before the failure excepted), and the partial files are deleted
   */
  static Map<String, Long> commit(List<OutputFile> files, Timers timers) {
    List<Part> parts = new ArrayList<>();
    files.forEach(f -> parts.add(new Part(f.spec().label(), f.target())));
    return commitParts(parts, timers);
  }

  /**
   * Puts one job's finished outputs in place together, in this JVM or another that sees the same file system
   * (see {@link BlockWriter#finishUnplaced}). Outputs their writers placed already are skipped, as is an
   * output a earlier attempt of the same commit put in place (the commit step re-run after a failure).
   *
   * @return per output label, the size in bytes of its main file
   * @throws org.rios.errors.OutputWriteException naming the output at fault; the job's outputs are then as
   *     before, and their partial files deleted
   */
  public static Map<String, Long> commitFinished(List<FinishedOutput> outputs) {
    List<Part> parts = new ArrayList<>();
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (FinishedOutput o : outputs) {
      bytes.put(o.label(), o.bytes());
      if (!o.placed()) {
        AtomicOutput target = AtomicOutput.forCommit(o.finalName(), o.partialKey());
        if (!target.alreadyPlaced(o.bytes())) {
          parts.add(new Part(o.label(), target));
        }
      }
    }
    bytes.putAll(commitParts(parts, new Timers()));
    return bytes;
  }

  /**
   * Deletes the partial files of finished outputs that will not be put in place (their job failed, or not all
   * of its outputs were finished); never an output already placed.
   */
  public static void discardFinished(List<FinishedOutput> outputs) {
    for (FinishedOutput o : outputs) {
      if (!o.placed()) {
        AtomicOutput.forCommit(o.finalName(), o.partialKey()).discard();
      }
    }
  }

  private static Map<String, Long> commitParts(List<Part> parts, Timers timers) {
    List<AtomicOutput> locked = new ArrayList<>();
    try {
      for (Part p : parts) {
        p.target().lock.lock();
        locked.add(p.target());
      }
      return commitLocked(parts, timers);
    } finally {
      for (AtomicOutput t : locked) {
        t.lock.unlock();
      }
    }
  }

  private static Map<String, Long> commitLocked(List<Part> parts, Timers timers) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    try {
      for (Part p : parts) {
        bytes.put(p.label(), p.target().checkFinished(p.label()));
      }
      for (Part p : parts) {
        if (p.target().renames()) {
          p.target().setAsideEarlier(p.label());
        }
      }
      for (Part p : parts) {
        if (!p.target().uploads()) {
          p.target().place(p.label());
        }
      }
      for (Part p : parts) {
        if (p.target().uploads()) {
          try (Timers.Interval t = timers.interval("uploading")) {
            p.target().place(p.label());
          }
        }
      }
    } catch (RuntimeException | Error e) {
      for (Part p : parts) {
        try {
          p.target().rollBack();
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
    for (Part p : parts) {
      p.target().dropEarlier();
      p.target().unregister();
    }
    return bytes;
  }
}
