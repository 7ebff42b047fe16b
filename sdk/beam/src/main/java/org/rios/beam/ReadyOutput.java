package org.rios.beam;

import java.io.Serializable;
import org.rios.io.FinishedOutput;

/**
 * One output file its writer has finished, on its way to the commit step that puts all outputs of its job in
 * place together ({@link CommitJobFn}): the record to emit once it is in place, and the finished file.
 *
 * @param jobOutputs how many output files the job has: the commit waits for all of them
 * @param keptEarlier the writer kept the earlier file of the name aside ({@link OutputTarget#keepsEarlier}): the
 *     output waits to be confirmed or taken back
 */
record ReadyOutput(String jobKey, int jobOutputs, WrittenRaster record, FinishedOutput file, boolean keptEarlier)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The commit step's key: one per (run, job). */
  static String jobKey(OutputTarget target) {
    return target.runAttempt() + "/" + target.jobId();
  }
}
