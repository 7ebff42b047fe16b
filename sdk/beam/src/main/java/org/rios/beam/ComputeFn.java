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
 * The compute step: the user function on one complete block, through the same {@link BlockStages#compute}
 * as the other drivers (so a failure names the block), with this worker's own otherArgs copy
 * ({@link WorkerArgs}).
 */
final class ComputeFn<A> extends DoFn<KV<BlockDefn, BlockAssociations>, KV<BlockDefn, BlockAssociations>> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;
  private final UserFunctionWithArgs<A> fn;
  private final WorkerArgs<A> args;
  private final TupleTag<KV<BlockDefn, BlockAssociations>> blocksTag;
  private transient BlockStages stages;

  ComputeFn(WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles,
      UserFunctionWithArgs<A> fn, A otherArgs, TupleTag<KV<BlockDefn, BlockAssociations>> blocksTag,
      TupleTag<KV<String, KV<Long, A>>> argsTag) {
    this.plan = plan;
    this.infiles = infiles;
    this.outfiles = outfiles;
    this.fn = fn;
    this.args = new WorkerArgs<>(otherArgs, argsTag);
    this.blocksTag = blocksTag;
  }

  @Setup
  public void setup() {
    stages = new BlockStages(plan, infiles, outfiles);
    args.setup();
  }

  @StartBundle
  public void startBundle() {
    args.startBundle();
  }

  @ProcessElement
  public void process(@Element KV<BlockDefn, BlockAssociations> in, MultiOutputReceiver out) throws Exception {
    Timers timers = new Timers();
    BlockAssociations outputs = stages.compute(fn, in.getKey(), in.getValue(), args.forBlock(), timers);
    StageMetrics.publish(timers);
    out.get(blocksTag).output(KV.of(in.getKey(), outputs));
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    args.finishBundle(c);
  }
}
