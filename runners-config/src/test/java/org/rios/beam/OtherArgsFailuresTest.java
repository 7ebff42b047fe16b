package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.progress.SilentProgress;

/**
 * A user function that puts a value into its otherArgs that cannot be serialized (a lock, a GDAL handle) fails
 * its own job, as any error of the function does: routed to failedJobs() while the other jobs are written, or
 * failing the pipeline with a message naming the job. The copy was taken at the end of the bundle, outside any
 * job: the whole pipeline failed, routed or not, with a message naming no job.
 */
class OtherArgsFailuresTest {
  @TempDir File tmp;

  /** Declares Serializable, holds something that is not. */
  static final class Handle implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Object lock = new Object();
  }

  static final UserFunctionWithArgs<OtherInputs> FN = (info, in, out, o) -> {
    out.put("out", in.get("img"));
    if (info.getFilenameFor(in.get("img")).endsWith("bad.img")) {
      o.put("handle", new Handle());
    }
  };

  private List<RasterJob> jobs() {
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath());
    return List.of(
        RasterJob.of("good", new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "good.img", false)),
            new FilenameAssociations().put("out", new File(tmp, "good-out.img").getPath())).withControls(c),
        RasterJob.of("bad", new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "bad.img", false)),
            new FilenameAssociations().put("out", new File(tmp, "bad-out.img").getPath())).withControls(c));
  }

  @Test
  void routedTheOtherJobIsWritten() throws Exception {
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner", "--numComputeWorkers=2"));
    PCollection<RasterJob> in = p.apply(Create.of(jobs()).withCoder(SerializableCoder.of(RasterJob.class)));
    RiosWriteResult r = in.apply(RiosIO.process(FN, new OtherInputs()).withFailedJobs());
    r.failedJobs().apply("failed", CollectToFile.to(tmp.toPath().resolve("failed.bin")));
    r.writtenRasters().apply("written", CollectToFile.to(tmp.toPath().resolve("written.bin")));
    p.run().waitUntilFinish();
    List<FailedJob> failed = CollectToFile.read(tmp.toPath().resolve("failed.bin"), r.failedJobs().getCoder());
    assertThat(failed.size(), is(1));
    assertThat(failed.get(0).jobId(), is("bad"));
    assertThat(failed.get(0).message(), allOf(containsString("Job 'bad'"), containsString(OtherInputs.class.getName()),
        containsString("serializable")));
    List<WrittenRaster> written = CollectToFile.read(tmp.toPath().resolve("written.bin"),
        r.writtenRasters().getCoder());
    assertThat(written.size(), is(1));
    assertThat(written.get(0).jobId(), is("good"));
    assertThat(new File(tmp, "bad-out.img").exists(), is(false));
  }

  @Test
  void unroutedThePipelineFailsNamingTheJob() {
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner", "--numComputeWorkers=2"));
    p.apply(Create.of(jobs()).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(FN, new OtherInputs()));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(RiosBeam.failureOf(e).getMessage(), allOf(containsString("Job 'bad'"),
        containsString("could not be copied after the user function's blocks")));
    assertThat(new File(tmp, "bad-out.img").exists(), is(false));
  }
}
