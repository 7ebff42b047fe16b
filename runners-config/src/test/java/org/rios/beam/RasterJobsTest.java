package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.rios.applier.ApplierControls;
import org.rios.runners.RunnerProfiles;

/** Jobs from file names: local directories and object-store prefixes. */
class RasterJobsTest {
  @Test
  void outputNamesFollowTheInputNameUnderALocalDirectoryOrAnObjectStorePrefix() {
    RasterJob local = RasterJobs.fromNames("image", "ndvi", "/out", "-ndvi.tif").job("/data/scene1.tif");
    assertThat(local.id(), is("scene1"));
    assertThat(local.outfiles().get("ndvi"), is("/out/scene1-ndvi.tif"));
    RasterJob s3 = RasterJobs.fromNames("image", "ndvi", "s3://results/ndvi", "-ndvi.tif")
        .job("s3://scenes/2024/scene2.tif");
    assertThat(s3.id(), is("scene2"));
    assertThat(s3.infiles().get("image"), is("s3://scenes/2024/scene2.tif"));
    assertThat(s3.outfiles().get("ndvi"), is("s3://results/ndvi/scene2-ndvi.tif"));
    assertThat(RasterJobs.fromFiles("image", "ndvi", "/vsis3/results/", ".tif").job("/vsis3/in/a.b.tif")
        .outfiles().get("ndvi"), is("/vsis3/results/a.b.tif"));
  }

  @Test
  void namesBecomeJobsInAPipeline() {
    List<String> args = new ArrayList<>(RunnerProfiles.direct());
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
    ApplierControls controls = new ApplierControls().setOutputDriverName("COG");
    PAssert.that(p.apply(Create.of("s3://scenes/a.tif", "s3://scenes/b.tif"))
            .apply(RasterJobs.fromNames("image", "ndvi", "s3://results", "-ndvi.tif").withControls(controls))
            .apply(MapElements.into(TypeDescriptors.strings())
                .via((RasterJob j) -> j.id() + " " + j.outfiles().get("ndvi") + " "
                    + j.controls().getOptionForImagename(ApplierControls.DRIVER, "ndvi"))))
        .containsInAnyOrder("a s3://results/a-ndvi.tif COG", "b s3://results/b-ndvi.tif COG");
    p.run().waitUntilFinish();
  }
}
