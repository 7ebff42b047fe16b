package org.rios.beam;

import java.util.List;
import org.rios.array.RasterArray;
import org.rios.plan.BlockDefn;

/**
 * A run of consecutive blocks of one output file on their way to the file's writer (one element per chunk
 * rather than per block keeps a runner's per-element cost small next to the pixels); or word that a compute
 * worker wrote them itself into its JVM's writer of the file ({@link RiosPipelineOptions#getWritersInProcess});
 * or, with no blocks, word that the job failed and its writer must delete what it wrote.
 *
 * @param blocks the blocks, in the order of {@code arrays}
 * @param arrays the user function's array for the output in each block, overlap margin included; empty when
 *     the blocks were written in process
 * @param writtenIn the JVM ({@link OutputWriters#JVM}) whose writer took the blocks, or null when they are carried
 */
record OutputChunk(OutputTarget target, List<BlockDefn> blocks, List<RasterArray> arrays, String writtenIn) {
  OutputChunk {
    blocks = List.copyOf(blocks);
    arrays = List.copyOf(arrays);
    if (writtenIn == null ? blocks.size() != arrays.size() : !arrays.isEmpty()) {
      throw new IllegalArgumentException(blocks.size() + " blocks but " + arrays.size() + " arrays"
          + (writtenIn == null ? "" : " for blocks written in " + writtenIn));
    }
  }

  /** Blocks and their arrays, for the file's writer to write. */
  OutputChunk(OutputTarget target, List<BlockDefn> blocks, List<RasterArray> arrays) {
    this(target, blocks, arrays, null);
  }

  /** Word that this JVM's writer of the file took {@code blocks}. */
  static OutputChunk writtenHere(OutputTarget target, List<BlockDefn> blocks) {
    return new OutputChunk(target, blocks, List.of(), OutputWriters.JVM);
  }

  static OutputChunk jobFailed(OutputTarget target) {
    return new OutputChunk(target, List.of(), List.of(), null);
  }

  boolean isJobFailure() {
    return blocks.isEmpty();
  }

  /** Whether a compute worker wrote the blocks itself (in JVM {@link #writtenIn}). */
  boolean isWritten() {
    return writtenIn != null;
  }
}
