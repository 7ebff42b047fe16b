package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rios.errors.ParameterException;

/** Every validation rule of ConcurrencyStyle (RIOS's nine, plus the run-time dead ends RIOS lets through). */
class ConcurrencyStyleTest {
  static ConcurrencyStyle.Builder b() {
    return ConcurrencyStyle.builder();
  }

  static void rejected(ConcurrencyStyle.Builder builder, String fragment) {
    ParameterException e = assertThrows(ParameterException.class, builder::build);
    assertThat(e.getMessage(), containsString(fragment));
  }

  @Test
  void defaultsAreRiosDefaults() {
    ConcurrencyStyle s = ConcurrencyStyle.none();
    assertThat(s.numReadWorkers(), is(0));
    assertThat(s.numComputeWorkers(), is(0));
    assertThat(s.computeWorkerKind(), is(ComputeWorkerKind.CW_NONE));
    assertThat(s.readBufferInsertTimeout(), is(10));
    assertThat(s.readBufferPopTimeout(), is(10));
    assertThat(s.computeBufferInsertTimeout(), is(10));
    assertThat(s.computeBufferPopTimeout(), is(20));
    assertThat(s.computeBarrierTimeout(), is(600));
    assertThat(s.haveSharedTemp(), is(true));
    assertThat(s.isSequential(), is(true));
  }

  @Test
  void riosRules() {
    rejected(b().singleBlockComputeWorkers(true).numComputeWorkers(2).computeWorkerKind(ComputeWorkerKind.CW_SLURM),
        "singleBlockComputeWorkers: numComputeWorkers");
    rejected(b().singleBlockComputeWorkers(true).numReadWorkers(1).computeWorkerKind(ComputeWorkerKind.CW_SLURM),
        "singleBlockComputeWorkers: numReadWorkers");
    rejected(b().computeWorkersRead(true).numComputeWorkers(1).computeWorkerKind(ComputeWorkerKind.CW_THREADS),
        "computeWorkersRead=true is not possible with CW_THREADS");
    rejected(b().singleBlockComputeWorkers(true).computeWorkerKind(ComputeWorkerKind.CW_THREADS),
        "singleBlockComputeWorkers is not possible with CW_THREADS");
    rejected(b().numComputeWorkers(2), "needs a computeWorkerKind other than CW_NONE");
    rejected(b().computeWorkerKind(ComputeWorkerKind.CW_THREADS), "needs numComputeWorkers > 0");
    rejected(b().numComputeWorkers(1).computeWorkersRead(false).computeWorkerKind(ComputeWorkerKind.CW_SUBPROC),
        "computeWorkersRead=false needs numReadWorkers > 0");
    rejected(b().singleBlockComputeWorkers(true).computeWorkerKind(ComputeWorkerKind.CW_AWSBATCH),
        "not possible with CW_AWSBATCH");
    rejected(b().numReadWorkers(1).numComputeWorkers(Runtime.getRuntime().availableProcessors() + 1)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS), "exceeds the number of CPUs");
  }

  @Test
  void stylesThatWouldDeadlockInRiosAreRejected() {
    // CW_THREADS never reads: without read workers nothing would feed it (RIOS: zero-capacity buffer).
    // the advice is one that passes: computeWorkersRead=true only for kinds that can read for themselves
    String threads = assertThrows(ParameterException.class,
        () -> b().numComputeWorkers(1).computeWorkerKind(ComputeWorkerKind.CW_THREADS).build()).getMessage();
    assertThat(threads, containsString("do not read their own blocks: set numReadWorkers > 0"));
    assertThat(threads, not(containsString("computeWorkersRead")));
    rejected(b().numComputeWorkers(1).computeWorkerKind(ComputeWorkerKind.CW_SUBPROC),
        "do not read their own blocks: set numReadWorkers > 0 (or computeWorkersRead=true)");
    rejected(b().readBufferPopTimeout(-1), "readBufferPopTimeout must be >= 0");
    rejected(b().singleBlockComputeWorkers(true).computeWorkerKind(ComputeWorkerKind.CW_SUBPROC),
        "only for the batch kinds");
    rejected(b().singleBlockComputeWorkers(true), "only for the batch kinds");
  }

  @Test
  void validStylesBuild() {
    ConcurrencyStyle s = b().numReadWorkers(1).numComputeWorkers(1).computeWorkerKind(ComputeWorkerKind.CW_SUBPROC)
        .computeWorkersRead(true).computeBufferPopTimeout(null).build();
    assertThat(s.effectiveComputeWorkersRead(), is(true));
    assertThat(s.computeBufferPopTimeout() == null, is(true));
    assertThat(b().numComputeWorkers(2).computeWorkerKind(ComputeWorkerKind.CW_SLURM).build()
        .effectiveComputeWorkersRead(), is(true));
    assertThat(b().numReadWorkers(2).build().isSequential(), is(false));
  }

  @Test
  void extraBatchParametersAreOneLineEach() {
    ParameterException e = assertThrows(ParameterException.class, () -> ConcurrencyStyle.builder()
        .computeWorkerKind(ComputeWorkerKind.CW_SLURM).numComputeWorkers(1)
        .computeWorkerExtraParams(java.util.Map.of("sbatchOptions", "--mem=1G\n--time=00:10:00")).build());
    org.hamcrest.MatcherAssert.assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("sbatchOptions"));
    java.util.Map<String, String> withNull = new java.util.HashMap<>();
    withNull.put("workerCommand", null);
    assertThrows(ParameterException.class, () -> ConcurrencyStyle.builder()
        .computeWorkerKind(ComputeWorkerKind.CW_SLURM).numComputeWorkers(1).computeWorkerExtraParams(withNull).build());
  }
}
