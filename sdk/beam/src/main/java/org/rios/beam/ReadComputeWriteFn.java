package org.rios.beam;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.rios.applier.BlockAssociations;
import org.rios.engine.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * Read, user function and hand-over to the in-process sink of one block in one DoFn, used by {@link ProcessPlan}
 * whenever the sink is in-process and computeWorkersRead is on. It is the fusion that Flink does by itself;
 * the DirectRunner does not fuse, and runs every step on whole bundles, so with separate steps the writer
 * would wait for a bundle to be read and then computed. Each block goes
 * to the shared {@link QueuedSinkWriter} as soon as it is computed, so the writer thread works while the
 * bundle threads read and compute, as with the native drivers. The stages are the same objects as the
 * separate steps': {@link WorkerReader}, {@link BlockStages#compute} with {@link WorkerArgs}, and
 * {@link InProcessSinkHandle}; emits a 1 per block for the finishing step to count.
 */
final class ReadComputeWriteFn<A> extends DoFn<BlockDefn, Long> {
  private static final long serialVersionUID = 1L;
  private final InProcessSinkHandle sink;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;
  private final int readWorkers;
  private final UserFunctionWithArgs<A> fn;
  private final WorkerArgs<A> args;
  private final TupleTag<Long> countTag;
  private transient WorkerReader reader;
  private transient BlockStages stages;

  ReadComputeWriteFn(InProcessSinkHandle sink, WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
      int readWorkers, UserFunctionWithArgs<A> fn, A otherArgs, TupleTag<Long> countTag,
      TupleTag<KV<String, KV<Long, A>>> argsTag) {
    this.sink = sink;
    this.plan = plan;
    this.infiles = infiles;
    this.outfiles = outfiles;
    this.readWorkers = readWorkers;
    this.fn = fn;
    this.args = new WorkerArgs<>(otherArgs, argsTag);
    this.countTag = countTag;
  }

  @Setup
  public void setup() {
    reader = new WorkerReader(plan, infiles, readWorkers);
    stages = new BlockStages(plan, infiles, outfiles);
    args.setup();
  }

  @StartBundle
  public void startBundle() {
    args.startBundle();
    sink.startBundle();
  }

  @ProcessElement
  public void process(@Element BlockDefn block, MultiOutputReceiver out) {
    Timers timers = new Timers();
    try {
      BlockAssociations inputs = reader.read(block, timers);
      BlockAssociations outputs = stages.compute(fn, block, inputs, args.forBlock(), timers);
      StageMetrics.publish(timers);
      sink.write(block, outputs);
    } catch (RuntimeException | Error e) {
      sink.failed();
      throw e;
    }
    out.get(countTag).output(1L);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    args.finishBundle(c);
    sink.finishBundle();
  }

  /** The sink first, so a failure closing the files cannot skip it; the reader refuses reads once closed. */
  @Teardown
  public void teardown() {
    try {
      sink.teardown();
    } finally {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
