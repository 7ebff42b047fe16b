package org.rios.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.concurrency.internal.NativeDriver;
import org.rios.errors.UnavailableException;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** Drivers are found by concurrency style through ServiceLoader; rios-core alone has no CW_BEAM. */
class DriversTest {
  @TempDir File tmp;

  @Test
  void eachStyleFindsItsDriver() {
    assertThat(Drivers.forStyle(ConcurrencyStyle.none()), instanceOf(SequentialDriver.class));
    assertThat(Drivers.forStyle(ConcurrencyStyle.builder().numReadWorkers(1).build()), instanceOf(NativeDriver.class));
    for (ComputeWorkerKind k : new ComputeWorkerKind[] {ComputeWorkerKind.CW_THREADS, ComputeWorkerKind.CW_SUBPROC,
        ComputeWorkerKind.CW_SLURM, ComputeWorkerKind.CW_PBS}) {
      ConcurrencyStyle s = ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(1).computeWorkerKind(k)
          .computeWorkersRead(false).build();
      assertThat(k.name(), Drivers.forStyle(s), instanceOf(NativeDriver.class));
    }
  }

  @Test
  void cwBeamWithoutRiosBeamNamesTheArtifactAndWritesNothing() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.img").getPath();
    UnavailableException e = assertThrows(UnavailableException.class, () -> Applier.apply(
        (info, inputs, outputs) -> outputs.put("out", inputs.get("img")), new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out), new ApplierControls().setProgress(new SilentProgress())
            .setConcurrencyStyle(ConcurrencyStyle.builder().numComputeWorkers(2)
                .computeWorkerKind(ComputeWorkerKind.CW_BEAM).build())));
    assertThat(e.getMessage(), allOf(containsString("CW_BEAM"), containsString("rios-beam")));
    assertThat(new File(out).exists(), is(false));
  }
}
