package org.rios.beam;

import org.rios.array.RasterArray;
import org.rios.plan.BlockDefn;

/**
 * One block of one output file on its way to the file's writer; or, with no block, word that the job failed
 * and its writer must delete what it wrote.
 *
 * @param array the user function's array for the output, overlap margin included
 */
record OutputBlock(OutputTarget target, BlockDefn block, RasterArray array) {
  static OutputBlock jobFailed(OutputTarget target) {
    return new OutputBlock(target, null, null);
  }

  boolean isJobFailure() {
    return block == null;
  }
}
