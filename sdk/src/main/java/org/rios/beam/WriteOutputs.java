package org.rios.beam;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/**
 * The ordered sink: every output block of the run goes to one key, hence to one writer, which writes them
 * into the GDAL outputs through the single {@code BlockWriter} and finishes them (statistics, histograms,
 * pyramids, colour tables). Emits one {@link WriteSummary} when the outputs are complete. Made by
 * {@link RiosBeam#write}.
 *
 * <pre>{@code
 * PCollection<WriteSummary> done = computed.blocks().apply(RiosBeam.write(plan, outfiles));
 * }</pre>
 */
public final class WriteOutputs
    extends PTransform<PCollection<KV<BlockDefn, BlockAssociations>>, PCollection<WriteSummary>> {
  private static final long serialVersionUID = 1L;
  /** The one key: a single writer is what makes statistics and pyramids whole-raster. */
  private static final int THE_WRITER = 0;
  private final WorkingPlan plan;
  private final FilenameAssociations outfiles;

  WriteOutputs(WorkingPlan plan, FilenameAssociations outfiles) {
    this.plan = plan;
    this.outfiles = outfiles;
  }

  @Override
  public PCollection<WriteSummary> expand(PCollection<KV<BlockDefn, BlockAssociations>> blocks) {
    RiosBeam.checkArgument(plan != null, "write: the working plan must not be null");
    RiosBeam.checkArgument(outfiles != null, "write: the output files must not be null");
    RiosBeam.checkArgument(outfiles.size() == plan.outputs().size(), "write: the plan has "
        + plan.outputs().size() + " outputs but the output files have " + outfiles.size()
        + " (use the FilenameAssociations of the plan)");
    return blocks
        .apply("ToOneWriter", WithKeys.<Integer, KV<BlockDefn, BlockAssociations>>of(THE_WRITER))
        .setCoder(KvCoder.of(VarIntCoder.of(), KvCoder.of(BlockDefnCoder.of(), BlockDataCoder.of())))
        .apply("GatherBlocks", GroupByKey.create())
        .apply("WriteBlocks", ParDo.of(new WriteOutputsFn(plan, outfiles)))
        .setCoder(WriteSummaryCoder.of());
  }
}
