package org.rios.concurrency;

/** Where compute workers run: nowhere (sequential), threads, subprocesses, batch jobs or a Beam runner. */
public enum ComputeWorkerKind {
  CW_NONE, CW_THREADS, CW_SUBPROC, CW_PBS, CW_SLURM, CW_AWSBATCH, CW_BEAM;

  /** RIOS's default for computeWorkersRead: batch kinds read their own blocks, local kinds do not. */
  public boolean readsByDefault() {
    return this == CW_PBS || this == CW_SLURM || this == CW_AWSBATCH;
  }
}
