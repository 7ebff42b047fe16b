package org.rios.beam;

import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.ParameterException;
import org.rios.gdal.VirtualPaths;
import org.rios.plan.InputSpec;
import org.rios.plan.OutputSpec;

/**
 * One file written by jobs of two RiosIO steps ({@code RiosIO.process} or {@code RiosBeam.process}) of one
 * pipeline: the later step's job is refused, failing the pipeline, if the earlier step's job wrote the file.
 * The steps' writers may run in different JVMs of a cluster, where neither sees the other's file: the later
 * one replaced the earlier one's output, both reported written. {@link CollectionChecks} does the same within
 * one step.
 *
 * <p>A later step's job that reads a file an earlier step's job writes, or writes one it reads, also waits for
 * the end of the earlier steps' written rasters (by then every earlier job has read its inputs), and only then
 * goes on: steps see each other's files in the order they were applied to the pipeline. {@code RiosIO.process}
 * sorts its jobs before they are planned, since planning opens the inputs: a job reading an earlier step's
 * output is planned from the complete file, not from whatever was at its name before.
 *
 * <p>In each step after the first, a job none of whose files an earlier step's job names goes on once every
 * earlier step has listed all its jobs (so a step whose jobs are made from another step's results delays the
 * steps applied after it until that step's last job is written). A job that shares a file with one waits for
 * the end of those steps' written rasters: if it writes a file among them, the pipeline fails naming the file
 * and both jobs; if the earlier job did not write it (it failed and was routed to {@code failedJobs()}, as
 * when a later step retries the failed jobs with another function), the job goes on. Written files are
 * compared by {@link VirtualPaths#sameFileKey}, read ones by every file they may read
 * ({@link VirtualPaths#fileKeysMaybeBehind}). A pipeline of one step gets no extra transform; the steps are
 * held weakly, with the pipeline that holds them.
 */
final class StepsChecks {
  /** Per pipeline being built, its RiosIO steps so far, in the order they were applied. */
  private static final Map<Pipeline, List<Step<?>>> STEPS = Collections.synchronizedMap(new WeakHashMap<>());
  /** Before a planned file's key: written, or read, by the job named. */
  private static final String WRITES = "w:";
  private static final String READS = "r:";
  private static final KvCoder<String, String> FILE_CODER = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  private StepsChecks() {}

  /** A file a job names: its label in the job ("out", "img") and its name. */
  record NamedFile(String label, String filename) {}

  /** What a step's jobs write and read. */
  interface JobFiles<T> extends Serializable {
    String id(T job);

    List<NamedFile> writes(T job);

    List<NamedFile> reads(T job);
  }

  /** {@code RiosIO.process}'s jobs before they are planned: the file names they were given. */
  static final JobFiles<RasterJob> RASTER_JOBS = new JobFiles<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public String id(RasterJob job) {
      return job.id();
    }

    @Override
    public List<NamedFile> writes(RasterJob job) {
      return named(job.outfiles());
    }

    @Override
    public List<NamedFile> reads(RasterJob job) {
      return named(job.infiles());
    }

    private List<NamedFile> named(FilenameAssociations fa) {
      List<NamedFile> out = new ArrayList<>();
      if (fa != null) {
        for (FilenameAssociations.Entry e : fa.entries()) {
          if (e.filename() != null) {
            out.add(new NamedFile(e.label(), e.filename()));
          }
        }
      }
      return out;
    }
  };

  /** Jobs planned before the pipeline (the single-job form): the files of their plans. */
  static final JobFiles<KV<String, PlannedJob>> PLANNED_JOBS = new JobFiles<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public String id(KV<String, PlannedJob> job) {
      return job.getValue().job().id();
    }

    @Override
    public List<NamedFile> writes(KV<String, PlannedJob> job) {
      List<NamedFile> out = new ArrayList<>();
      for (OutputSpec o : job.getValue().plan().outputs()) {
        out.add(new NamedFile(o.label(), o.filename()));
      }
      return out;
    }

    @Override
    public List<NamedFile> reads(KV<String, PlannedJob> job) {
      List<NamedFile> out = new ArrayList<>();
      for (InputSpec i : job.getValue().plan().inputs()) {
        if (i.filename() != null) {
          out.add(new NamedFile(i.label(), i.filename()));
        }
      }
      return out;
    }
  };

  /** One step: its jobs, its ("w:"/"r:" + file key, "job 'id' of step n") pairs once made, its written rasters. */
  private static final class Step<T> {
    final int number;
    final WeakReference<PCollection<T>> jobs;
    final JobFiles<T> files;
    WeakReference<PCollection<KV<String, String>>> named;
    WeakReference<PCollection<WrittenRaster>> written;
    WeakReference<PCollection<KV<String, String>>> writtenFiles;

    Step(int number, PCollection<T> jobs, JobFiles<T> files) {
      this.number = number;
      this.jobs = new WeakReference<>(jobs);
      this.files = files;
    }

    /** The files the step's jobs name, made once (on the first later step that needs them). */
    PCollection<KV<String, String>> named() {
      PCollection<KV<String, String>> f = named == null ? null : named.get();
      if (f == null) {
        f = jobs.get().apply("FilesOfRiosStep" + number, ParDo.of(new FilesOfJobs<>(files, number)))
            .setCoder(FILE_CODER);
        named = new WeakReference<>(f);
      }
      return f;
    }

    /** The files the step wrote, made once; null if the step said nothing of what it wrote. */
    PCollection<KV<String, String>> writtenFiles() {
      PCollection<WrittenRaster> w = written == null ? null : written.get();
      if (w == null) {
        return null;
      }
      PCollection<KV<String, String>> f = writtenFiles == null ? null : writtenFiles.get();
      if (f == null) {
        f = w.apply("WrittenFilesOfRiosStep" + number, ParDo.of(new WrittenFiles(number))).setCoder(FILE_CODER);
        writtenFiles = new WeakReference<>(f);
      }
      return f;
    }
  }

  /** A step being built: its jobs, each once it may go on ({@link #jobs}); it must say what it wrote. */
  static final class Ordered<T> {
    private final PCollection<T> jobs;
    private final Step<T> step;

    private Ordered(PCollection<T> jobs, Step<T> step) {
      this.jobs = jobs;
      this.step = step;
    }

    /** The step's jobs, each once the earlier steps' files let it go on (see the class comment). */
    PCollection<T> jobs() {
      return jobs;
    }

    /** Says that the step's written rasters are {@code written}: the steps applied after it wait for them. */
    void wrote(PCollection<WrittenRaster> written) {
      synchronized (STEPS) {
        step.written = new WeakReference<>(written);
      }
    }
  }

  /**
   * Records a step being built whose jobs are {@code jobs} (their files as {@code files} names them) for the
   * steps applied after it, and returns its jobs each once it may go on (see the class comment).
   */
  static <T> Ordered<T> afterEarlierSteps(PCollection<T> jobs, JobFiles<T> files) {
    List<Step<?>> earlier;
    Step<T> step;
    synchronized (STEPS) {
      List<Step<?>> all = STEPS.computeIfAbsent(jobs.getPipeline(), p -> new ArrayList<>());
      earlier = List.copyOf(all);
      step = new Step<>(all.size() + 1, jobs, files);
      all.add(step);
    }
    if (earlier.isEmpty()) {
      return new Ordered<>(jobs, step);
    }
    Pipeline p = jobs.getPipeline();
    Coder<T> coder = jobs.getCoder();
    PCollectionList<KV<String, String>> named = PCollectionList.empty(p);
    PCollectionList<KV<String, String>> written = PCollectionList.empty(p);
    for (Step<?> s : earlier) {
      named = named.and(s.named());
      PCollection<KV<String, String>> w = s.writtenFiles();
      if (w == null) {
        // every step says what it wrote as soon as it is built: without it, its files would not be waited for
        throw new IllegalStateException("RiosIO step " + s.number + " of this pipeline did not say what it wrote");
      }
      written = written.and(w);
    }
    PCollectionView<Map<String, String>> namedByFile = named.apply("NamedByEarlierSteps", Flatten.pCollections())
        .apply("FilesOfEarlierSteps", Combine.globally(new ByFile()).asSingletonView());
    TupleTag<T> clear = new TupleTag<>("clear");
    TupleTag<T> shared = new TupleTag<>("shared");
    PCollectionTuple split = jobs.apply("SharesAFileWithAnEarlierStep",
        ParDo.of(new SplitByEarlierFiles<>(files, namedByFile, shared)).withSideInputs(namedByFile)
            .withOutputTags(clear, TupleTagList.of(shared)));
    PCollection<KV<String, String>> earlierWritten = written.apply("WrittenByEarlierSteps", Flatten.pCollections())
        .setCoder(FILE_CODER);
    PCollectionView<Map<String, String>> writtenByFile = earlierWritten
        .apply("WrittenFilesOfEarlierSteps", Combine.globally(new ByFile()).asSingletonView());
    PCollection<T> unwritten = split.get(shared).setCoder(coder)
        .apply("AfterEarlierStepsWrote", Wait.on(earlierWritten)).setCoder(coder)
        .apply("NotWrittenByAnEarlierStep", ParDo.of(new RefuseWritten<>(files, writtenByFile, step.number))
            .withSideInputs(writtenByFile))
        .setCoder(coder);
    PCollection<T> mayGo = PCollectionList.of(split.get(clear).setCoder(coder)).and(unwritten)
        .apply("MayGoOn", Flatten.pCollections()).setCoder(coder);
    return new Ordered<>(mayGo, step);
  }

  private static String label(String jobId, int step) {
    return "job '" + jobId + "' of step " + step;
  }

  /**
   * ("w:" or "r:" + file key, "job 'id' of step n") for each file a job writes or reads (a read one under every
   * file it may read, {@link VirtualPaths#fileKeysMaybeBehind}).
   */
  static final class FilesOfJobs<T> extends DoFn<T, KV<String, String>> {
    private static final long serialVersionUID = 1L;
    private final JobFiles<T> files;
    private final int step;

    FilesOfJobs(JobFiles<T> files, int step) {
      this.files = files;
      this.step = step;
    }

    @ProcessElement
    public void process(@Element T job, OutputReceiver<KV<String, String>> out) {
      if (job == null) {
        return; // PlanJobsFn fails the pipeline naming it
      }
      String label = label(files.id(job), step);
      keysOf(files, job).forEach(k -> out.output(KV.of(k, label)));
    }
  }

  /**
   * "w:" + file key for each file {@code job} writes, "r:" + file key for each file it may read (every file a
   * read name may be, {@link VirtualPaths#fileKeysMaybeBehind}).
   */
  static <T> List<String> keysOf(JobFiles<T> files, T job) {
    List<String> keys = new ArrayList<>();
    files.writes(job).forEach(f -> keys.add(WRITES + VirtualPaths.sameFileKey(f.filename())));
    files.reads(job).forEach(f -> VirtualPaths.fileKeysMaybeBehind(f.filename()).forEach(k -> keys.add(READS + k)));
    return keys;
  }

  /** (file key, "job 'id' of step n") for each written raster of a step. */
  static final class WrittenFiles extends DoFn<WrittenRaster, KV<String, String>> {
    private static final long serialVersionUID = 1L;
    private final int step;

    WrittenFiles(int step) {
      this.step = step;
    }

    @ProcessElement
    public void process(@Element WrittenRaster w, OutputReceiver<KV<String, String>> out) {
      out.output(KV.of(VirtualPaths.sameFileKey(w.path()), label(w.jobId(), step)));
    }
  }

  /** Per file key, who plans or wrote it (the earliest step's job, where two did: another check names both). */
  static final class ByFile extends Combine.CombineFn<KV<String, String>, HashMap<String, String>, Map<String, String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public HashMap<String, String> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public HashMap<String, String> addInput(HashMap<String, String> acc, KV<String, String> e) {
      acc.merge(e.getKey(), e.getValue(), ByFile::first);
      return acc;
    }

    @Override
    public HashMap<String, String> mergeAccumulators(Iterable<HashMap<String, String>> all) {
      HashMap<String, String> merged = new HashMap<>();
      all.forEach(m -> m.forEach((k, v) -> merged.merge(k, v, ByFile::first)));
      return merged;
    }

    /** Of two labels ({@link #label}), the one of the earlier step (step 2 before step 10), then by name. */
    static String first(String a, String b) {
      int c = Integer.compare(stepOf(a), stepOf(b));
      return c < 0 || c == 0 && a.compareTo(b) <= 0 ? a : b;
    }

    private static int stepOf(String label) {
      return Integer.parseInt(label.substring(label.lastIndexOf(' ') + 1));
    }

    @Override
    public Map<String, String> extractOutput(HashMap<String, String> acc) {
      return acc;
    }

    @Override
    public Coder<HashMap<String, String>> getAccumulatorCoder(CoderRegistry r, Coder<KV<String, String>> in) {
      return ByEncodingCoder.forType(castHashMap());
    }

    @Override
    public Coder<Map<String, String>> getDefaultOutputCoder(CoderRegistry r, Coder<KV<String, String>> in) {
      return MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<HashMap<String, String>> castHashMap() {
      return (Class) HashMap.class;
    }
  }

  /** A job to the main output, or to {@code shared} if an earlier step's job names one of its files. */
  static final class SplitByEarlierFiles<T> extends DoFn<T, T> {
    private static final long serialVersionUID = 1L;
    private final JobFiles<T> files;
    private final PCollectionView<Map<String, String>> named;
    private final TupleTag<T> shared;

    SplitByEarlierFiles(JobFiles<T> files, PCollectionView<Map<String, String>> named, TupleTag<T> shared) {
      this.files = files;
      this.named = named;
      this.shared = shared;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Map<String, String> earlier = c.sideInput(named);
      T job = c.element();
      if (job == null) {
        c.output(job); // PlanJobsFn fails the pipeline naming it
        return;
      }
      // writing a file an earlier step writes or reads, or reading one it writes: after that step
      boolean shares = keysOf(files, job).stream().anyMatch(k -> k.startsWith(WRITES)
          ? earlier.containsKey(k) || earlier.containsKey(READS + k.substring(WRITES.length()))
          : earlier.containsKey(WRITES + k.substring(READS.length())));
      if (shares) {
        c.output(shared, job);
      } else {
        c.output(job);
      }
    }
  }

  /** Fails the pipeline on a job that writes a file an earlier step's job wrote; passes the others on. */
  static final class RefuseWritten<T> extends DoFn<T, T> {
    private static final long serialVersionUID = 1L;
    private final JobFiles<T> files;
    private final PCollectionView<Map<String, String>> written;
    private final int step;

    RefuseWritten(JobFiles<T> files, PCollectionView<Map<String, String>> written, int step) {
      this.files = files;
      this.written = written;
      this.step = step;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Map<String, String> byFile = c.sideInput(written);
      T job = c.element();
      for (NamedFile o : files.writes(job)) {
        String other = byFile.get(VirtualPaths.sameFileKey(o.filename()));
        if (other != null) {
          throw new ParameterException("RiosIO: output '" + o.label() + "' (" + VirtualPaths.forMessage(o.filename())
              + ") of " + label(files.id(job), step) + " was written by " + other + " of this pipeline (steps "
              + "numbered in the order they were applied to it): a file is written by one job; a later step may "
              + "write a file only where the earlier step's job for it failed");
        }
      }
      c.output(job);
    }
  }
}
