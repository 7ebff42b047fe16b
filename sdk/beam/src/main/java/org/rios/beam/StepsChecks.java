package org.rios.beam;

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
import org.rios.errors.ParameterException;
import org.rios.gdal.VirtualPaths;
import org.rios.plan.InputSpec;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;

/**
 * One file written by jobs of two RiosIO steps ({@code RiosIO.process} or {@code RiosBeam.process}) of one
 * pipeline: the later step's job is refused, failing the pipeline, if the earlier step's job wrote the file.
 * The steps' writers may run in different JVMs of a cluster, where neither sees the other's file: the later
 * one replaced the earlier one's output, both reported written. {@link CollectionChecks} does the same within
 * one step.
 *
 * <p>A later step's job that reads a file an earlier step's job writes, or writes one it reads, also waits for
 * the end of the earlier steps' written rasters (by then every earlier job has read its inputs), and then
 * runs: steps see each other's files in the order they were applied to the pipeline.
 *
 * <p>In each step after the first, a job none of whose files an earlier step's job plans to touch goes
 * on once every earlier step has planned all its jobs (so a step whose jobs are made from another step's
 * results delays the steps applied after it until that step's last job is written). A job that shares a file with one waits for
 * the end of those steps' written rasters: if the file is among them, the pipeline fails naming the file
 * and both jobs; if the earlier job did not write it (it failed and was routed to {@code failedJobs()}, as
 * when a later step retries the failed jobs with another function), the job runs. Files are compared by
 * {@link VirtualPaths#sameFileKey}. A pipeline of one step gets no extra transform; the steps are held
 * weakly, with the pipeline that holds them.
 */
final class StepsChecks {
  /** Per pipeline being built, its RiosIO steps so far, in the order they were applied. */
  private static final Map<Pipeline, List<Step>> STEPS = Collections.synchronizedMap(new WeakHashMap<>());
  /** Before a planned file's key: written, or read, by the job named. */
  private static final String WRITES = "w:";
  private static final String READS = "r:";
  private static final KvCoder<String, String> FILE_CODER = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  private StepsChecks() {}

  /** One step: its planned jobs, its (file key, "job 'id' of step n") pairs once made, its written rasters. */
  private static final class Step {
    final int number;
    final WeakReference<PCollection<KV<String, PlannedJob>>> plans;
    WeakReference<PCollection<KV<String, String>>> files;
    WeakReference<PCollection<WrittenRaster>> written;
    WeakReference<PCollection<KV<String, String>>> writtenFiles;

    Step(int number, PCollection<KV<String, PlannedJob>> plans) {
      this.number = number;
      this.plans = new WeakReference<>(plans);
    }

    /** The step's planned files, made once (on the first later step that needs them). */
    PCollection<KV<String, String>> files() {
      PCollection<KV<String, String>> f = files == null ? null : files.get();
      if (f == null) {
        f = plans.get().apply("FilesOfRiosStep" + number, ParDo.of(new PlannedFiles(number)))
            .setCoder(FILE_CODER);
        files = new WeakReference<>(f);
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

  /**
   * {@code plans}, the planned jobs of a step being built, each once it may write its files (see the class
   * comment); the step is recorded for the steps applied after it, and must say what it wrote
   * ({@link #wrote}).
   */
  static PCollection<KV<String, PlannedJob>> afterEarlierSteps(PCollection<KV<String, PlannedJob>> plans) {
    List<Step> earlier;
    Step step;
    synchronized (STEPS) {
      List<Step> all = STEPS.computeIfAbsent(plans.getPipeline(), p -> new ArrayList<>());
      earlier = List.copyOf(all);
      step = new Step(all.size() + 1, plans);
      all.add(step);
    }
    if (earlier.isEmpty()) {
      return plans;
    }
    Pipeline p = plans.getPipeline();
    PCollectionList<KV<String, String>> planned = PCollectionList.empty(p);
    PCollectionList<KV<String, String>> written = PCollectionList.empty(p);
    for (Step s : earlier) {
      planned = planned.and(s.files());
      PCollection<KV<String, String>> w = s.writtenFiles();
      if (w == null) {
        // every step says what it wrote as soon as it is built: without it, its files would not be waited for
        throw new IllegalStateException("RiosIO step " + s.number + " of this pipeline did not say what it wrote");
      }
      written = written.and(w);
    }
    PCollectionView<Map<String, String>> plannedByFile = planned.apply("PlannedByEarlierSteps", Flatten.pCollections())
        .apply("PlannedFilesOfEarlierSteps", Combine.globally(new ByFile()).asSingletonView());
    TupleTag<KV<String, PlannedJob>> clear = new TupleTag<>("clear");
    TupleTag<KV<String, PlannedJob>> shared = new TupleTag<>("shared");
    PCollectionTuple split = plans.apply("SharesAFileWithAnEarlierStep",
        ParDo.of(new SplitByEarlierFiles(plannedByFile, shared)).withSideInputs(plannedByFile)
            .withOutputTags(clear, TupleTagList.of(shared)));
    PCollection<KV<String, String>> earlierWritten = written.apply("WrittenByEarlierSteps", Flatten.pCollections())
        .setCoder(FILE_CODER);
    PCollectionView<Map<String, String>> writtenByFile = earlierWritten
        .apply("WrittenFilesOfEarlierSteps", Combine.globally(new ByFile()).asSingletonView());
    PCollection<KV<String, PlannedJob>> unwritten = split.get(shared).setCoder(RiosIO.PLANNED_CODER)
        .apply("AfterEarlierStepsWrote", Wait.on(earlierWritten)).setCoder(RiosIO.PLANNED_CODER)
        .apply("NotWrittenByAnEarlierStep", ParDo.of(new RefuseWritten(writtenByFile, step.number))
            .withSideInputs(writtenByFile))
        .setCoder(RiosIO.PLANNED_CODER);
    return PCollectionList.of(split.get(clear).setCoder(RiosIO.PLANNED_CODER)).and(unwritten)
        .apply("MayWrite", Flatten.pCollections()).setCoder(RiosIO.PLANNED_CODER);
  }

  /** Says that the step whose planned jobs are {@code plans} emits its written rasters in {@code written}. */
  static void wrote(PCollection<KV<String, PlannedJob>> plans, PCollection<WrittenRaster> written) {
    synchronized (STEPS) {
      List<Step> all = STEPS.get(plans.getPipeline());
      if (all != null) {
        all.stream().filter(s -> s.plans.get() == plans).forEach(s -> s.written = new WeakReference<>(written));
      }
    }
  }

  private static String label(String jobId, int step) {
    return "job '" + jobId + "' of step " + step;
  }

  /**
   * ("w:" or "r:" + file key, "job 'id' of step n") for each output and input file of a planned job (an input by
   * the file behind it, {@link VirtualPaths#fileKeyBehind}).
   */
  static final class PlannedFiles extends DoFn<KV<String, PlannedJob>, KV<String, String>> {
    private static final long serialVersionUID = 1L;
    private final int step;

    PlannedFiles(int step) {
      this.step = step;
    }

    @ProcessElement
    public void process(@Element KV<String, PlannedJob> e, OutputReceiver<KV<String, String>> out) {
      String job = label(e.getValue().job().id(), step);
      for (OutputSpec o : e.getValue().plan().outputs()) {
        out.output(KV.of(WRITES + VirtualPaths.sameFileKey(o.filename()), job));
      }
      for (InputSpec i : e.getValue().plan().inputs()) {
        if (i.filename() != null) {
          out.output(KV.of(READS + VirtualPaths.fileKeyBehind(i.filename()), job));
        }
      }
    }
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

  /** A planned job to the main output, or to {@code shared} if an earlier step plans one of its files. */
  static final class SplitByEarlierFiles extends DoFn<KV<String, PlannedJob>, KV<String, PlannedJob>> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Map<String, String>> planned;
    private final TupleTag<KV<String, PlannedJob>> shared;

    SplitByEarlierFiles(PCollectionView<Map<String, String>> planned, TupleTag<KV<String, PlannedJob>> shared) {
      this.planned = planned;
      this.shared = shared;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Map<String, String> earlier = c.sideInput(planned);
      WorkingPlan plan = c.element().getValue().plan();
      // writing a file an earlier step writes or reads, or reading one it writes: after that step
      boolean shares = plan.outputs().stream().map(o -> VirtualPaths.sameFileKey(o.filename()))
          .anyMatch(k -> earlier.containsKey(WRITES + k) || earlier.containsKey(READS + k))
          || plan.inputs().stream().filter(i -> i.filename() != null)
          .anyMatch(i -> earlier.containsKey(WRITES + VirtualPaths.fileKeyBehind(i.filename())));
      if (shares) {
        c.output(shared, c.element());
      } else {
        c.output(c.element());
      }
    }
  }

  /** Fails the pipeline on a job one of whose files an earlier step's job wrote; passes the others on. */
  static final class RefuseWritten extends DoFn<KV<String, PlannedJob>, KV<String, PlannedJob>> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Map<String, String>> written;
    private final int step;

    RefuseWritten(PCollectionView<Map<String, String>> written, int step) {
      this.written = written;
      this.step = step;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Map<String, String> byFile = c.sideInput(written);
      PlannedJob job = c.element().getValue();
      for (OutputSpec o : job.plan().outputs()) {
        String other = byFile.get(VirtualPaths.sameFileKey(o.filename()));
        if (other != null) {
          throw new ParameterException("RiosIO: output '" + o.label() + "' (" + VirtualPaths.forMessage(o.filename())
              + ") of " + label(job.job().id(), step) + " was written by " + other + " of this pipeline (steps "
              + "numbered in the order they were applied to it): a file is written by one job; a later step may "
              + "write a file only where the earlier step's job for it failed");
        }
      }
      c.output(c.element());
    }
  }
}
