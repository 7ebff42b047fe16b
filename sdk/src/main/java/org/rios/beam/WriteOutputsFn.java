package org.rios.beam;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockStages;
import org.rios.applier.FilenameAssociations;
import org.rios.errors.RiosException;
import org.rios.gdal.BlockWriter;
import org.rios.gdal.GdalRuntime;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/**
 * The ordered sink's writer: receives every computed block of the run under one key and writes them through
 * the single {@link BlockWriter} (the one every driver uses: same statistics, histograms and pyramids),
 * then finishes the outputs. The grouped blocks are iterated once, lazily, and each is dropped after it is
 * written, so memory holds a block or two however large the raster (runners such as Flink stream a group
 * from disk). Blocks are written in arrival order: the writer's statistics do not depend on block order.
 *
 * <p>Outputs are complete only after {@link BlockWriter#finish()}; if anything fails first (a missing or
 * duplicate block, a bad array, GDAL), closing the writer deletes the partial files.
 */
final class WriteOutputsFn extends DoFn<KV<Integer, Iterable<KV<BlockDefn, BlockAssociations>>>, WriteSummary> {
  private static final long serialVersionUID = 1L;
  private final WorkingPlan plan;
  private final FilenameAssociations outfiles;

  WriteOutputsFn(WorkingPlan plan, FilenameAssociations outfiles) {
    this.plan = plan;
    this.outfiles = outfiles;
  }

  @Setup
  public void setup() {
    GdalRuntime.ensureLoaded();
  }

  @ProcessElement
  public void process(@Element KV<Integer, Iterable<KV<BlockDefn, BlockAssociations>>> group,
      OutputReceiver<WriteSummary> out) throws IOException {
    BlockStages stages = new BlockStages(plan, new FilenameAssociations(), outfiles);
    Timers timers = new Timers();
    BitSet seen = new BitSet(plan.numBlocks());
    int count = 0;
    Path probes = probeDir();
    WriteSummary summary;
    try (BlockWriter writer = new BlockWriter(plan, probes.toFile(), timers, null)) {
      for (KV<BlockDefn, BlockAssociations> b : group.getValue()) {
        int index = checkBlock(b.getKey(), seen);
        seen.set(index);
        count++;
        stages.write(writer, b.getKey(), b.getValue());
      }
      if (count != plan.numBlocks()) {
        int missing = seen.nextClearBit(0);
        throw new RiosException("The RIOS sink received " + count + " of the plan's " + plan.numBlocks()
            + " blocks (block " + missing + " is missing): every block must reach RiosBeam.write");
      }
      writer.finish();
      summary = new WriteSummary(count, writer.singlePassReports());
    } finally {
      deleteTree(probes);
    }
    StageMetrics.publish(timers);
    out.output(summary);
  }

  private int checkBlock(BlockDefn block, BitSet seen) {
    int i = block.index();
    if (i < 0 || i >= plan.numBlocks() || !plan.blocks().get(i).equals(block)) {
      throw new RiosException("The RIOS sink received a block that is not in the plan: " + block);
    }
    if (seen.get(i)) {
      throw new RiosException("The RIOS sink received block " + i + " twice");
    }
    return i;
  }

  /** The writer's scratch directory for driver probes: under the plan's temp dir where it exists here. */
  private Path probeDir() throws IOException {
    File parent = plan.tempDir() == null ? null : new File(plan.tempDir());
    if (parent != null && parent.isDirectory()) {
      return Files.createTempDirectory(parent.toPath(), "rios_sink_");
    }
    return Files.createTempDirectory("rios_sink_");
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: an empty scratch directory left behind must not fail a finished write
    }
  }
}
