package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.File;
import java.lang.ref.WeakReference;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.FilenameAssociations;

/** What the check of files written by two RiosIO steps keeps of a pipeline once it is built. */
class StepsChecksTest {
  @TempDir File tmp;

  /**
   * A pipeline with RiosIO steps is collected once its author drops it: the registry of steps held each
   * step's collections strongly, and through them the whole pipeline (plans, user functions, otherArgs),
   * for the life of the JVM, on every CW_BEAM run too.
   */
  @Test
  void aBuiltPipelineIsNotKeptByTheStepsRegistry() throws Exception {
    WeakReference<Pipeline> ref = buildTwoSteps();
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(ref.get(), nullValue());
  }

  private WeakReference<Pipeline> buildTwoSteps() {
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
    for (String step : new String[] {"One", "Two"}) {
      p.apply(step + "Jobs", Create.of(List.of(RasterJob.of(step, new FilenameAssociations().put("img",
              new File(tmp, "in.img").getPath()), new FilenameAssociations().put("out",
              new File(tmp, step + ".img").getPath())))).withCoder(SerializableCoder.of(RasterJob.class)))
          .apply(step, RiosIO.process((info, in, out) -> out.put("out", in.get("img"))));
    }
    return new WeakReference<>(p);
  }

  /** Where two jobs name one file, the message names the earlier step's: step 2 before step 10, not by text. */
  @Test
  void theEarlierStepIsNamedFirstByNumberNotByText() {
    assertThat(StepsChecks.ByFile.first("job 'a' of step 10", "job 'b' of step 2"), is("job 'b' of step 2"));
    assertThat(StepsChecks.ByFile.first("job 'b' of step 2", "job 'a' of step 10"), is("job 'b' of step 2"));
    assertThat(StepsChecks.ByFile.first("job 'b of step 1' of step 3", "job 'a' of step 3"), is("job 'a' of step 3"));
  }
}
