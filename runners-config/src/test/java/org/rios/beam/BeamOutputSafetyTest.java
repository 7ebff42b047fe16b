package org.rios.beam;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.testutil.OutputSafetyScenarios;

/** CW_BEAM on the DirectRunner keeps the promises of every style: atomic outputs, clean shutdown on signals. */
class BeamOutputSafetyTest {
  @TempDir File tmp;

  private static ConcurrencyStyle beam() {
    return ConcurrencyStyle.builder().numComputeWorkers(2).computeWorkerKind(ComputeWorkerKind.CW_BEAM).build();
  }

  @Test
  void theFinalPathAppearsOnlyWhenComplete() throws Exception {
    OutputSafetyScenarios.finalPathAppearsOnlyWhenComplete(tmp, beam());
  }

  @Test
  void aFailedRunLeavesTheEarlierOutputAndNoPartialFile() throws Exception {
    OutputSafetyScenarios.failedRunLeavesTheEarlierOutput(tmp, beam());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalMidRunLeavesNothingAndExitsNonZero(String signal) throws Exception {
    OutputSafetyScenarios.signalMidRunLeavesNothing(tmp, signal, "beam");
  }
}
