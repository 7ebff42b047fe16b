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

  /** A subdataset is named after its container file and itself, so neither part alone has to be unique. */
  @Test
  void subdatasetsAreNamedAfterTheirFileAndThemselves() {
    RasterJobs.FromNames names = RasterJobs.fromNames("image", "ndvi", "/out", ".tif");
    RasterJob h5 = names.job("HDF5:\"/data/2024/x.h5\"://grp/ndvi");
    assertThat(h5.id(), is("x_grp_ndvi"));
    assertThat(h5.infiles().get("image"), is("HDF5:\"/data/2024/x.h5\"://grp/ndvi"));
    assertThat(h5.outfiles().get("ndvi"), is("/out/x_grp_ndvi.tif"));
    assertThat(names.job("HDF5:\"/data/y.h5\"://grp/ndvi").id(), is("y_grp_ndvi"));
    assertThat(names.job("NETCDF:\"/data/x.nc\":evi").id(), is("x_evi"));
    assertThat(names.job("NETCDF:/data/x.nc:evi").id(), is("x_evi"));
    // not subdatasets: the last part of the path as before
    assertThat(names.job("/vsizip//data/a.zip/b/scene.tif").id(), is("scene"));
    assertThat(names.job("/data/scene:2.tif").id(), is("scene:2"));
    assertThat(names.job("HDF4_EOS:EOS_GRID:\"/d/f.hdf\":MOD_Grid:NDVI").id(), is("f_MOD_Grid_NDVI"));
    assertThat(names.job("https://host:8443/dir/x.tif").id(), is("x"));
    assertThat(names.job("/vsicurl/https://host:8443/dir/y.tif").id(), is("y"));
    assertThat(names.job("s3://b/a:b.tif").id(), is("a:b"));
  }

  /**
   * Unquoted and relative subdataset names, numbered directories and URLs with a query: each subdataset of a
   * file used to get the file's id ("NETCDF:x": the pipeline failed with "job ids must be unique"), and a
   * presigned URL's query went into the id and the output name.
   */
  @Test
  void unquotedSubdatasetsAndUrlQueriesGiveIdsOfTheirOwn() {
    RasterJobs.FromNames names = RasterJobs.fromNames("image", "ndvi", "/out", ".tif");
    assertThat(names.job("NETCDF:x.nc:ndvi").id(), is("x_ndvi"));
    assertThat(names.job("NETCDF:x.nc:evi").id(), is("x_evi"));
    assertThat(names.job("NETCDF:dir/y.nc:ndvi").outfiles().get("ndvi"), is("/out/y_ndvi.tif"));
    assertThat(names.job("HDF5:a.h5://grid/ndvi").id(), is("a_grid_ndvi"));
    assertThat(names.job("GTIFF_DIR:2:/d/a.tif").id(), is("a_2"));
    assertThat(names.job("GTIFF_DIR:3:/d/a.tif").id(), is("a_3"));
    assertThat(names.job("HDF4_EOS:EOS_GRID:/d/f.hdf:MOD_Grid:NDVI").id(), is("f_MOD_Grid_NDVI"));
    assertThat(names.job("NETCDF:/vsicurl/https://h:8443/d/x.nc:sst").id(), is("x_sst"));
    RasterJob signed = names.job("/vsicurl/https://h/d/scene.tif?X-Amz-Signature=ab.cd&X-Amz-Expires=60");
    assertThat(signed.id(), is("scene"));
    assertThat(signed.outfiles().get("ndvi"), is("/out/scene.tif"));
    assertThat(signed.infiles().get("image"), is("/vsicurl/https://h/d/scene.tif?X-Amz-Signature=ab.cd&X-Amz-Expires=60"));
    assertThat(names.job("https://h/d/b.tif#part").id(), is("b"));
    // GDAL's option form of /vsicurl: the file is its url option (its query, and a proxy password after it, went
    // into the id and the output name)
    RasterJob option = names.job("/vsicurl?url=https://h/d/c.tif&proxyuserpwd=user:pa.ss");
    assertThat(option.id(), is("c"));
    assertThat(option.outfiles().get("ndvi"), is("/out/c.tif"));
    assertThat(names.job("/vsicurl?url=https%3A%2F%2Fh%2Fd%2Fe.tif").id(), is("e"));
    // an object key may hold '?': it is part of the name there
    assertThat(names.job("s3://b/k?.tif").id(), is("k?"));
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
