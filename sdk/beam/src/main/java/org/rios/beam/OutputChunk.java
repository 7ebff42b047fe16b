package org.rios.beam;

import java.util.List;
import org.rios.array.RasterArray;
import org.rios.plan.BlockDefn;

/**
 * A run of consecutive blocks of one output file on their way to the file's writer (one element per chunk
 * rather than per block keeps a runner's per-element cost small next to the pixels); or, with no blocks, word
 * that the job failed and its writer must delete what it wrote.
 *
 * @param blocks the blocks, in the order of {@code arrays}
 * @param arrays the user function's array for the output in each block, overlap margin included
 */
record OutputChunk(OutputTarget target, List<BlockDefn> blocks, List<RasterArray> arrays) {
  OutputChunk {
    blocks = List.copyOf(blocks);
    arrays = List.copyOf(arrays);
    if (blocks.size() != arrays.size()) {
      throw new IllegalArgumentException(blocks.size() + " blocks but " + arrays.size() + " arrays");
    }
  }

  static OutputChunk jobFailed(OutputTarget target) {
    return new OutputChunk(target, List.of(), List.of());
  }

  boolean isJobFailure() {
    return blocks.isEmpty();
  }
}
