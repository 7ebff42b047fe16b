package org.rios.io;

import java.util.ArrayList;
import java.util.List;
import org.rios.errors.OutputWriteException;
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
 * writers, one per output file and spread over the workers, put a job's several outputs in place one by one
 * but keep the earlier files aside ({@link BlockWriter#finishKeepingEarlier}); a commit step keyed by job then
 * confirms them all once every one is there ({@link #confirm}), or takes them all back when one failed
 * ({@link #undo}). A Beam run whose launcher confirms its outputs (CW_BEAM) keeps every output's earlier file
 * aside until the launcher does, or takes them back ({@link #undo}, {@link #undoKeptAside}).
 */
public final class OutputCommit {
  private OutputCommit() {}

  /**
   * Puts {@code files}, finished and closed, in place, and deletes the earlier files of their names, or, with
   * {@code keepEarlier}, keeps them aside (see {@link FinishedOutput}) for a commit step that confirms or takes
   * back all outputs of a job together.
   *
   * @return each output, in place, in the order of {@code files}
   * @throws org.rios.errors.OutputWriteException naming the output at fault; every output is then as before the
   *     run (uploads done before the failure excepted), and the partial files are deleted
   */
  static List<FinishedOutput> commit(List<OutputFile> files, Timers timers, boolean keepEarlier) {
    List<AtomicOutput> locked = new ArrayList<>();
    try {
      for (OutputFile f : files) {
        f.target().lock.lock();
        locked.add(f.target());
      }
      return commitLocked(files, timers, keepEarlier);
    } finally {
      for (AtomicOutput t : locked) {
        t.lock.unlock();
      }
    }
  }

  /**
   * Every output of a job is in place: the earlier files their writers kept aside are deleted. From any JVM
   * that sees the same file system (the names follow from the final ones).
   */
  public static void confirm(List<FinishedOutput> outputs) {
    for (FinishedOutput o : outputs) {
      if (o.earlierKept()) {
        AtomicOutput.dropEarlierOf(o.finalName());
      }
    }
  }

  /**
   * The job of {@code outputs} failed after they were put in place: each is deleted from its final path (if it
   * is still the file its writer put there) and the earlier file kept aside is moved back, so the job replaces
   * none of its earlier outputs. Outputs not kept aside by their writers (uploads: an object store keeps no
   * earlier object to move back) are left, and returned so that the caller can say so.
   *
   * @return the final names of the outputs left in place (uploads), in the order given
   * @throws org.rios.errors.OutputWriteException naming the first output that could not be taken back, after
   *     trying all of them
   */
  public static List<String> undo(List<FinishedOutput> outputs) {
    List<String> left = new ArrayList<>();
    try {
      forEachThenThrowFirst(outputs, o -> {
        if (!AtomicOutput.undoPlaced(o.finalName(), o.placedKey())) {
          left.add(o.finalName());
        }
      });
    } catch (RuntimeException e) {
      left.forEach(name -> e.addSuppressed(leftInPlace(name, null))); // not lost with the failure
      throw e;
    }
    return left;
  }

  /**
   * What to say of output {@code finalName}, which {@link #undo} left in place.
   *
   * @param jobId the output's job, or null
   */
  public static org.rios.errors.OutputWriteException leftInPlace(String finalName, String jobId) {
    return new org.rios.errors.OutputWriteException("Output " + org.rios.gdal.VirtualPaths.forMessage(finalName)
        + (jobId == null ? "" : " of job '" + jobId + "'") + " "
        + (org.rios.gdal.VirtualPaths.isObjectStore(finalName)
            ? "was uploaded before the job failed and stays: an object store keeps no earlier object to move back"
            : "was written in place (a virtual file) before the job failed and stays: no earlier file was kept "
                + "aside to move back"));
  }

  /**
   * Takes back, by name, outputs that a failed run put in place with the earlier files of their names kept
   * aside, where the writers' own records of the files are out of reach (in another JVM): for each output whose
   * earlier file is still aside, the file at the final path is deleted and the earlier one moved back, as the
   * next run writing it would do first. An output with no earlier file aside is left as it is.
   *
   * @throws org.rios.errors.OutputWriteException naming the first output that could not be taken back, after
   *     trying all of them
   */
  public static void undoKeptAside(List<String> finalNames) {
    forEachThenThrowFirst(finalNames, AtomicOutput::recoverInterruptedCommit);
  }

  /** Does {@code action} for every item, then throws the first failure, with the others suppressed in it. */
  private static <T> void forEachThenThrowFirst(List<T> items, java.util.function.Consumer<T> action) {
    RuntimeException first = null;
    for (T item : items) {
      try {
        action.accept(item);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static List<FinishedOutput> commitLocked(List<OutputFile> files, Timers timers, boolean keepEarlier) {
    List<Long> bytes = new ArrayList<>();
    try {
      for (OutputFile f : files) {
        bytes.add(f.target().checkFinished(f.spec().label()));
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
      List<String> uploaded = new ArrayList<>();
      for (OutputFile f : files) {
        if (f.target().uploaded()) {
          uploaded.add("'" + f.spec().label() + "' (" + f.spec().filename() + ")");
        }
        try {
          f.target().rollBack();
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      if (!uploaded.isEmpty() && e instanceof OutputWriteException) {
        // an object store cannot give back an object an upload replaced: say which stay
        OutputWriteException said = new OutputWriteException(e.getMessage() + ". Already uploaded before this "
            + "failure, and in place: output " + String.join(", output ", uploaded), e);
        for (Throwable undo : e.getSuppressed()) {
          said.addSuppressed(undo); // the roll-backs' own failures, where a caller looks for them
        }
        throw said;
      }
      throw e;
    }
    List<FinishedOutput> placed = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      AtomicOutput t = files.get(i).target();
      if (!keepEarlier) {
        t.dropEarlier();
      }
      t.unregister();
      placed.add(new FinishedOutput(files.get(i).spec().label(), files.get(i).spec().filename(), bytes.get(i),
          t.placedKey(), keepEarlier && t.earlierSetAside()));
    }
    return placed;
  }
}
