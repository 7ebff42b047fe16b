package org.rios.beam;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.ParameterException;

/**
 * Fails the pipeline when the jobs of a collection would step on each other: two jobs under one id (the id
 * names a job's results, failures, readers and writers, so they would mix or lose outputs without a word),
 * two jobs writing one file (the last to finish would replace the other's output), or a job reading a file
 * another job writes (what it reads would depend on which runs first; a job writing over its own input is a
 * failed job of its own, at planning: {@link ReplacedInputs}). One
 * combine over the whole collection (one key, so one bundle on the DirectRunner whatever the number of
 * jobs), beside the jobs' planning and before their splitting into blocks, which waits for it: it fails the
 * pipeline before any job computes a block; files are compared by
 * {@link org.rios.gdal.VirtualPaths#sameFileKey} (an input by the file GDAL reads for it,
 * {@link org.rios.gdal.VirtualPaths#fileKeyBehind}).
 */
final class CollectionChecks extends Combine.CombineFn<RasterJob, CollectionChecks.Seen, Integer> {
  private static final long serialVersionUID = 1L;
  /** Problems shown in the message; the rest are counted. */
  private static final int SHOWN = 10;

  /**
   * The ids, and which job writes and reads each file: a job's id once for each job that has it, so two jobs
   * given one id and writing one file count as two writers.
   */
  static final class Seen implements Serializable {
    private static final long serialVersionUID = 1L;
    final TreeSet<String> ids = new TreeSet<>();
    final TreeSet<String> repeated = new TreeSet<>();
    final TreeMap<String, ArrayList<String>> writers = new TreeMap<>();
    final TreeMap<String, TreeSet<String>> readers = new TreeMap<>();
    /** Each id's input and output names as given (for the message: keys merge subdatasets, spell s3:// apart). */
    final TreeMap<String, TreeSet<String>> givenReads = new TreeMap<>();
    final TreeMap<String, TreeSet<String>> givenWrites = new TreeMap<>();

    void add(RasterJob job) {
      if (job == null) {
        return; // PlanJobsFn fails the pipeline naming it
      }
      if (!ids.add(job.id())) {
        repeated.add(job.id());
      }
      // each file once per job: one job naming a file for two outputs is its own failure, found at planning
      files(job.outfiles()).stream().distinct()
          .forEach(f -> writers.computeIfAbsent(f, k -> new ArrayList<>()).add(job.id()));
      // an input names the file GDAL reads for it: GTIFF_DIR:2:a.tif reads a.tif
      filesBehind(job.infiles()).forEach(f -> readers.computeIfAbsent(f, k -> new TreeSet<>()).add(job.id()));
      givenReads.computeIfAbsent(job.id(), k -> new TreeSet<>()).addAll(keys(job.infiles(), n -> n));
      givenWrites.computeIfAbsent(job.id(), k -> new TreeSet<>()).addAll(keys(job.outfiles(), n -> n));
    }

    void addAll(Seen other) {
      other.ids.forEach(id -> {
        if (!ids.add(id)) {
          repeated.add(id);
        }
      });
      repeated.addAll(other.repeated);
      other.writers.forEach((f, j) -> writers.computeIfAbsent(f, k -> new ArrayList<>()).addAll(j));
      other.readers.forEach((f, j) -> readers.computeIfAbsent(f, k -> new TreeSet<>()).addAll(j));
      other.givenReads.forEach((id, n) -> givenReads.computeIfAbsent(id, k -> new TreeSet<>()).addAll(n));
      other.givenWrites.forEach((id, n) -> givenWrites.computeIfAbsent(id, k -> new TreeSet<>()).addAll(n));
    }
  }

  /** The names {@code id}'s jobs were given, for a message. */
  private static String namesOf(TreeMap<String, TreeSet<String>> given, String id) {
    TreeSet<String> names = given.get(id);
    return names == null || names.isEmpty() ? "nothing"
        : names.stream().map(org.rios.gdal.VirtualPaths::forMessage).collect(Collectors.joining(", "));
  }

  private static List<String> files(FilenameAssociations fa) {
    return keys(fa, org.rios.gdal.VirtualPaths::sameFileKey);
  }

  private static List<String> filesBehind(FilenameAssociations fa) {
    return keys(fa, org.rios.gdal.VirtualPaths::fileKeyBehind);
  }

  private static List<String> keys(FilenameAssociations fa, java.util.function.UnaryOperator<String> key) {
    List<String> out = new ArrayList<>();
    if (fa != null) {
      for (FilenameAssociations.Entry e : fa.entries()) {
        if (e.filename() != null) {
          out.add(key.apply(e.filename()));
        }
      }
    }
    return out;
  }

  @Override
  public Seen createAccumulator() {
    return new Seen();
  }

  @Override
  public Seen addInput(Seen seen, RasterJob job) {
    seen.add(job);
    return seen;
  }

  @Override
  public Seen mergeAccumulators(Iterable<Seen> all) {
    Seen merged = new Seen();
    for (Seen s : all) {
      merged.addAll(s);
    }
    return merged;
  }

  /** The number of jobs, once no two of them step on each other. */
  @Override
  public Integer extractOutput(Seen seen) {
    List<String> problems = new ArrayList<>();
    if (!seen.repeated.isEmpty()) {
      List<String> withFiles = new ArrayList<>();
      for (String id : seen.repeated) {
        withFiles.add("'" + id + "' (reading " + namesOf(seen.givenReads, id) + "; writing "
            + namesOf(seen.givenWrites, id) + ")");
      }
      problems.add("job ids must be unique within the collection, but " + (seen.repeated.size() == 1
          ? "this id is" : seen.repeated.size() + " ids are") + " given to more than one job: " + shown(withFiles)
          + " (jobs made from file names take the id from the name: two inputs of one name in different "
          + "directories need ids of their own)");
    }
    List<String> shared = new ArrayList<>();
    seen.writers.forEach((f, jobs) -> {
      if (jobs.size() > 1) {
        shared.add(f + " (jobs " + quoted(jobs.stream().sorted().toList()) + ")");
      }
    });
    if (!shared.isEmpty()) {
      problems.add("each output file must be written by one job, but " + shown(shared)
          + (shared.size() == 1 ? " is" : " are") + " written by more than one");
    }
    List<String> readWritten = new ArrayList<>();
    seen.writers.forEach((f, writing) -> {
      TreeSet<String> reading = seen.readers.get(f) == null ? null : new TreeSet<>(seen.readers.get(f));
      if (reading != null) {
        reading.removeAll(writing); // a job writing its own input fails alone, at planning (ReplacedInputs)
      }
      if (reading != null && !reading.isEmpty()) {
        readWritten.add(f + " (written by " + quoted(writing) + ", read by " + quoted(reading) + ")");
      }
    });
    if (!readWritten.isEmpty()) {
      problems.add("a job may not read a file a job of the same collection writes: " + shown(readWritten));
    }
    if (!problems.isEmpty()) {
      throw new ParameterException("RiosIO.process: " + String.join("; ", problems));
    }
    return seen.ids.size();
  }

  private static String quoted(java.util.Collection<String> ids) {
    return shown(ids.stream().map(i -> "'" + i + "'").collect(Collectors.toList()));
  }

  private static String shown(List<String> items) {
    String s = items.stream().limit(SHOWN).collect(Collectors.joining(", "));
    return items.size() > SHOWN ? s + " and " + (items.size() - SHOWN) + " more" : s;
  }

  @Override
  public Coder<Seen> getAccumulatorCoder(CoderRegistry registry, Coder<RasterJob> inputCoder)
      throws CannotProvideCoderException {
    return ByEncodingCoder.forType(Seen.class);
  }
}
