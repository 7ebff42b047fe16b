package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.array.RasterArray;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.RiosException;
import org.rios.runners.RunnerProfiles;
import org.rios.testutil.OutputSafetyScenarios;
import org.rios.testutil.TestRasters;

/**
 * CW_BEAM on the DirectRunner (and Flink [local]) keeps the promises of every style: atomic outputs, clean shutdown
 * on signals.
 */
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

  /**
   * The run fails after its output was put in place (here its otherArgs cannot be collected back to the
   * launcher): the launcher takes the output back and the earlier file of its name is there again, as with every
   * other style, where outputs are put in place only once the run has succeeded.
   */
  @ParameterizedTest
  @ValueSource(strings = {"direct", "flinklocal"})
  void aRunFailingAfterItsOutputWasPlacedLeavesTheEarlierOutput(String runner) throws Exception {
    String in = BeamFixtures.ramp(tmp, "in.img", false);
    File out = new File(tmp, "out.img");
    String earlier = BeamFixtures.ramp(tmp, "out.img", true);
    RasterArray before = TestRasters.read(earlier);
    ApplierControls controls = BeamFixtures.controls(tmp, beam());
    if (runner.equals("flinklocal")) {
      controls.setBeamPipelineOptions(RunnerProfiles.flinkLocal().toArray(new String[0]));
    }
    UserFunctionWithArgs<FailsOncePlaced> copy = (info, inputs, outputs, args) -> outputs.put("out", inputs.get("img"));
    FailsOncePlaced args = new FailsOncePlaced(out.getPath());
    RiosException e = assertThrows(RiosException.class, () -> Applier.apply(copy,
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out.getPath()), args,
        controls));
    assertThat(e.toString(), containsString("placed, failing on purpose"));
    try (Stream<Path> s = Files.list(tmp.toPath())) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out")).sorted()
          .collect(Collectors.toList()), equalTo(List.of("out.img")));
    }
    assertThat(TestRasters.read(out.getPath()).contentEquals(before), is(true));
  }

  /**
   * otherArgs that cannot be sent once a new file is at the output's final path (the file system's identity of
   * the file there is no longer the earlier file's), so the run fails after its output was put in place and
   * only then.
   */
  static final class FailsOncePlaced implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String output;
    private final String earlier;

    FailsOncePlaced(String output) throws IOException {
      this.output = output;
      this.earlier = identity(output);
    }

    private static String identity(String path) throws IOException {
      try {
        return String.valueOf(Files.readAttributes(Path.of(path), BasicFileAttributes.class).fileKey());
      } catch (java.nio.file.NoSuchFileException e) {
        return "none"; // between the earlier file moved aside and the new one renamed into place
      }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      if (!identity(output).equals(earlier)) {
        throw new IOException("the output is placed, failing on purpose");
      }
      out.defaultWriteObject();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalMidRunLeavesNothingAndExitsNonZero(String signal) throws Exception {
    OutputSafetyScenarios.signalMidRunLeavesNothing(tmp, signal, "beam");
  }
}
