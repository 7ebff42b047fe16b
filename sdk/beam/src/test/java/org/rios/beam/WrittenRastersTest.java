package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * What a job's WrittenRaster says of its output: the statistics its file holds, and none where they were
 * omitted. An Imagine output with omitted statistics and a histogram read back statistics of 0, which the
 * record reported as the output's (Imagine outputs with a histogram now get their statistics anyway).
 */
class WrittenRastersTest {
  @TempDir File tmp;

  @Test
  void bandStatsAreTheFilesOrEmptyWhenOmitted() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    ApplierControls withStats = new ApplierControls().setProgress(new SilentProgress()).setWindowSize(128, 128);
    ApplierControls omitted = new ApplierControls().setProgress(new SilentProgress()).setWindowSize(128, 128)
        .setOmitBasicStats(true).setOutputDriverName("GTiff").setWindowSize(256, 256);
    List<RasterJob> jobs = List.of(
        RasterJob.of("stats", new FilenameAssociations().put("img", in),
            new FilenameAssociations().put("out", new File(tmp, "stats.img").getPath())).withControls(withStats),
        RasterJob.of("omitted", new FilenameAssociations().put("img", in),
            new FilenameAssociations().put("out", new File(tmp, "omitted.tif").getPath())).withControls(omitted));
    // with the DirectRunner's checks that no step changes an element it received or emitted, which the README
    // advises for a pipeline's own steps and says RiosIO's pass
    Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner", "--enforceImmutability=true",
        "--enforceEncodability=true"));
    RiosWriteResult r = p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new WriteFailuresTest.SlowCopy()));
    Path writtenFile = tmp.toPath().resolve("written.bin");
    r.writtenRasters().apply("CollectWritten", CollectToFile.to(writtenFile));
    p.run().waitUntilFinish();

    List<WrittenRaster> written = CollectToFile.read(writtenFile, SerializableCoder.of(WrittenRaster.class));
    written.sort(Comparator.comparing(WrittenRaster::jobId));
    assertThat(written.get(0).jobId(), is("omitted"));
    assertThat(written.get(0).bandStats(), empty());
    assertThat(written.get(1).bandStats(), hasSize(1));
    String stats = new File(tmp, "stats.img").getPath();
    assertThat(written.get(1).bandStats().get(0).max(),
        is(Double.parseDouble(TestRasters.bandMetadata(stats, 1, "STATISTICS_MAXIMUM"))));
    assertThat(written.get(1).bandStats().get(0).mean(),
        is(Double.parseDouble(TestRasters.bandMetadata(stats, 1, "STATISTICS_MEAN"))));
  }

  /**
   * A band with no valid pixel (all the ignore value) has no statistics in the file: it is reported as
   * BandStats.NONE, and the other bands keep theirs (every band's were dropped).
   */
  @Test
  void aBandWithNoValidPixelHasNoneAndTheOthersKeepTheirs() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "masked.tif").getPath();
    org.rios.applier.Applier.apply((info, inputs, outputs) -> {
      org.rios.array.RasterArray x = inputs.get("img");
      org.rios.array.RasterArray two = org.rios.array.RasterArray.create(x.dataType(), 2, x.rows(), x.cols());
      System.arraycopy(x.bytes(), 0, two.bytes(), 0, x.bandSize());   // band 2 stays all 0
      outputs.put("out", two);
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
        new ApplierControls().setProgress(new SilentProgress()).setOutputDriverName("GTiff").setWindowSize(256, 256)
            .setStatsIgnore(0.0));
    WrittenRaster w = WrittenRaster.describe("j", "out", out, null, -1, false);
    assertThat(w.bandStats(), hasSize(2));
    assertThat(w.bandStats().get(0).hasValues(), is(true));
    assertThat(w.bandStats().get(0).max(), is(Double.parseDouble(TestRasters.bandMetadata(out, 1, "STATISTICS_MAXIMUM"))));
    assertThat(w.bandStats().get(1), is(BandStats.NONE));
    assertThat(w.bandStats().get(1).hasValues(), is(false));
  }
}
