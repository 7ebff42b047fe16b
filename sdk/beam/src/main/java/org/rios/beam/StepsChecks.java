package org.rios.beam;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.rios.errors.ParameterException;
import org.rios.gdal.VirtualPaths;
import org.rios.plan.OutputSpec;

/**
 * Fails the pipeline when one file is written by jobs of two RiosIO steps ({@code RiosIO.process} or
 * {@code RiosBeam.process}) of one pipeline. Their writers may run in different JVMs of a cluster, where
 * neither sees the other's file: the later one replaced the earlier one's output, both reported written.
 * {@link CollectionChecks} does the same within one step.
 *
 * <p>Each step after the first waits, before it splits its jobs into blocks, for one combine over the output
 * files of its own planned jobs and of those of every step applied to the pipeline before it (compared by
 * {@link VirtualPaths#sameFileKey}). The first step waits for nothing (no later step exists when it is
 * built), so its outputs may be in place when the pipeline fails; they are its own. A pipeline of one step
 * gets no extra transform.
 */
final class StepsChecks extends Combine.CombineFn<KV<String, String>, StepsChecks.Seen, Integer> {
  private static final long serialVersionUID = 1L;
  /** Files shown in the message; the rest are counted. */
  private static final int SHOWN = 10;
  /** Per pipeline being built, the planned jobs of each RiosIO step applied to it so far, in order. */
  private static final Map<Pipeline, List<PCollection<KV<String, PlannedJob>>>> STEPS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * {@code plans} (the planned jobs of a step being built), once no job of an earlier step of the pipeline
   * writes one of their files; records them for the steps applied after this one.
   */
  static PCollection<KV<String, PlannedJob>> afterEarlierSteps(PCollection<KV<String, PlannedJob>> plans) {
    List<PCollection<KV<String, PlannedJob>>> earlier;
    synchronized (STEPS) {
      List<PCollection<KV<String, PlannedJob>>> all = STEPS.computeIfAbsent(plans.getPipeline(),
          p -> new ArrayList<>());
      earlier = List.copyOf(all);
      all.add(plans);
    }
    if (earlier.isEmpty()) {
      return plans;
    }
    KvCoder<String, String> coder = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    PCollectionList<KV<String, String>> files = PCollectionList.empty(plans.getPipeline());
    for (int k = 0; k <= earlier.size(); k++) {
      PCollection<KV<String, PlannedJob>> step = k < earlier.size() ? earlier.get(k) : plans;
      files = files.and(step.apply("OutputFilesOfStep" + (k + 1), ParDo.of(new OutputFiles(k + 1))).setCoder(coder));
    }
    PCollection<Integer> checked = files.apply("OutputFilesOfSteps", Flatten.pCollections())
        .apply("OneStepPerFile", Combine.globally(new StepsChecks()).withoutDefaults());
    return plans.apply("AfterStepsChecks", Wait.on(checked)).setCoder(RiosIO.PLANNED_CODER);
  }

  /** (file key, step number + NUL + job id) for each output file of a planned job. */
  static final class OutputFiles extends DoFn<KV<String, PlannedJob>, KV<String, String>> {
    private static final long serialVersionUID = 1L;
    private final int step;

    OutputFiles(int step) {
      this.step = step;
    }

    @ProcessElement
    public void process(@Element KV<String, PlannedJob> e, OutputReceiver<KV<String, String>> out) {
      for (OutputSpec o : e.getValue().plan().outputs()) {
        out.output(KV.of(VirtualPaths.sameFileKey(o.filename()), step + "\u0000" + e.getValue().job().id()));
      }
    }
  }

  /** Per file, the steps (by number) and the ids of their jobs that write it. */
  static final class Seen implements Serializable {
    private static final long serialVersionUID = 1L;
    final TreeMap<String, TreeMap<Integer, TreeSet<String>>> writers = new TreeMap<>();

    void add(String file, int step, String jobId) {
      writers.computeIfAbsent(file, k -> new TreeMap<>()).computeIfAbsent(step, k -> new TreeSet<>()).add(jobId);
    }
  }

  @Override
  public Seen createAccumulator() {
    return new Seen();
  }

  @Override
  public Seen addInput(Seen seen, KV<String, String> fileAndJob) {
    String v = fileAndJob.getValue();
    int nul = v.indexOf('\u0000');
    seen.add(fileAndJob.getKey(), Integer.parseInt(v.substring(0, nul)), v.substring(nul + 1));
    return seen;
  }

  @Override
  public Seen mergeAccumulators(Iterable<Seen> all) {
    Seen merged = new Seen();
    for (Seen s : all) {
      s.writers.forEach((file, steps) -> steps.forEach((step, jobs) -> jobs.forEach(j -> merged.add(file, step, j))));
    }
    return merged;
  }

  /** The number of files, once none is written by two steps. */
  @Override
  public Integer extractOutput(Seen seen) {
    List<String> shared = new ArrayList<>();
    seen.writers.forEach((file, steps) -> {
      if (steps.size() > 1) {
        List<String> by = new ArrayList<>();
        steps.forEach((step, jobs) -> jobs.forEach(j -> by.add("job '" + j + "' of step " + step)));
        shared.add(file + " (" + String.join(", ", by) + ")");
      }
    });
    if (!shared.isEmpty()) {
      String s = String.join("; ", shared.subList(0, Math.min(SHOWN, shared.size())))
          + (shared.size() > SHOWN ? " and " + (shared.size() - SHOWN) + " more" : "");
      throw new ParameterException("RiosIO: each output file must be written by one job, but " + s
          + (shared.size() == 1 ? " is" : " are") + " written by jobs of more than one RiosIO step of this pipeline "
          + "(steps numbered in the order they were applied to it); the later step's jobs are not run");
    }
    return seen.writers.size();
  }

  @Override
  public Coder<Seen> getAccumulatorCoder(CoderRegistry registry, Coder<KV<String, String>> inputCoder)
      throws CannotProvideCoderException {
    return ByEncodingCoder.forType(Seen.class);
  }
}
