package org.rios.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.BlockAssociations;
import org.rios.applier.BlockInfo;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.beam.CollectToFile;
import org.rios.beam.RasterJob;
import org.rios.beam.RiosIO;
import org.rios.beam.RiosOptions;
import org.rios.beam.WrittenRaster;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.FileOpenException;
import org.rios.errors.ImageOpenException;
import org.rios.errors.OutputWriteException;
import org.rios.errors.RiosException;
import org.rios.examples.http.RangeFileServer;
import org.rios.gdal.GdalRuntime;
import org.rios.progress.SilentProgress;
import org.rios.runners.RunnerProfiles;

/**
 * Inputs and outputs in an S3-compatible store (a real s3proxy on 127.0.0.1) and over HTTP ({@code /vsicurl/}
 * from a local range-capable server), COG outputs checked by GDAL's own COG validator, and the faults a cloud
 * user meets: wrong credentials, a missing key, the store going away mid-run. Every S3 output must equal the
 * same run on local files, and no object may appear at a final key unless complete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStorageIT {
  static final String BUCKET = "rios-it";
  @TempDir static File tmp;
  static S3Server s3;
  static String image;
  static String dem28355;

  @BeforeAll
  static void setUp() throws Exception {
    GdalRuntime.ensureLoaded();
    image = ExamplesIT.syntheticMultiband(new File(tmp, "image.tif"));
    // the DEM of the reprojection case is in GDA94 / MGA 55 while the image is in WGS 84 / UTM 55S
    RasterArray d = RasterArray.create(DataType.FLOAT32, 1, 260, 300);
    for (int r = 0; r < 260; r++) {
      for (int c = 0; c < 300; c++) {
        d.setDouble(0, r, c, 200 + Math.sin(r / 15.0) * 40 + c * 0.7);
      }
    }
    dem28355 = ExamplesIT.write(new File(tmp, "dem.tif"), d, 70, 28355, -9999.0);
    s3 = S3Server.start(tmp.toPath().resolve("s3"));
    s3.createBucket(BUCKET);
    s3.put(BUCKET, "in/image.tif", Path.of(image));
    s3.put(BUCKET, "in/dem.tif", Path.of(dem28355));
  }

  @AfterAll
  static void tearDown() {
    if (s3 != null) {
      s3.close();
    }
  }

  static ApplierControls controls() {
    return new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setOutputDriverName("GTiff").setWindowSize(128, 128).selectInputImageLayers(List.of(3, 4), "image")
        .setCreationOptions(List.of("TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128", "COMPRESS=DEFLATE"));
  }

  /** The reprojection case: the DEM (GDA94) resampled bilinearly onto the image's grid (WGS 84). */
  static ApplierControls reprojControls() {
    return controls().setReferenceImage("image").setResampleMethod("bilinear", "dem");
  }

  static String s3(String key) {
    return "s3://" + BUCKET + "/" + key;
  }

  static String local(String name) {
    return new File(tmp, name).getPath();
  }

  /** The backend's copy of an S3 output, as a local path GDAL and RasterCompare can open. */
  static String stored(String key) {
    return s3.object(BUCKET, key).toString();
  }

  static void assertNoPartialsOrStaging() throws Exception {
    assertThat(s3.keys(BUCKET).stream().filter(k -> k.contains("rios-partial") || k.contains("staging")).toList(),
        empty());
    try (Stream<Path> s = Files.walk(tmp.toPath())) {
      assertThat(s.map(p -> p.getFileName().toString())
          .filter(n -> n.contains("rios-partial") || n.startsWith("rios-upload-")).toList(), empty());
    }
  }

  static ConcurrencyStyle style(String name) {
    switch (name) {
      case "threads":
        return ConcurrencyStyle.builder().numReadWorkers(1).computeWorkerKind(ComputeWorkerKind.CW_THREADS)
            .numComputeWorkers(2).build();
      case "subproc":
        // the worker JVMs read their own blocks from the store: the GDAL configuration must reach them
        return ConcurrencyStyle.builder().computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).numComputeWorkers(2)
            .computeWorkersRead(true).build();
      case "beam":
        return ConcurrencyStyle.builder().computeWorkerKind(ComputeWorkerKind.CW_BEAM).numComputeWorkers(2).build();
      default:
        return ConcurrencyStyle.none();
    }
  }

  @Test
  @Order(1)
  void ndviFromAndToS3EqualsTheLocalRunUnderEveryNativeStyle() throws Exception {
    String ref = local("ndvi-local.tif");
    ndvi(ref, controls());
    for (String st : List.of("none", "threads", "subproc", "beam")) {
      String key = "out/ndvi-" + st + ".tif";
      ApplierControls c = s3.configure(controls().setConcurrencyStyle(style(st)));
      if (st.equals("beam")) {
        c.setBeamPipelineOptions(RunnerProfiles.direct().toArray(new String[0]));
      }
      ApplierReturn<Void> r = Applier.apply(new BeamCases.Ndvi(),
          new FilenameAssociations().put("image", s3("in/image.tif")),
          new FilenameAssociations().put("ndvi", s3(key)), c);
      assertThat(st, RasterCompare.differences(ref, stored(key)), is(empty()));
      if (!st.equals("beam")) { // the Beam writers' timers stay on the workers
        assertThat(st, r.timings().formatReport(), containsString("uploading"));
      }
      // the local run's side-car (the default histogram) is in the store too
      assertThat(st, Files.exists(Path.of(stored(key) + ".aux.xml")), is(Files.exists(Path.of(ref + ".aux.xml"))));
    }
    assertNoPartialsOrStaging();
  }

  @Test
  @Order(2)
  void aReprojectedInputFromS3EqualsTheLocalRun() throws Exception {
    ApplierControls c = reprojControls();
    String ref = local("reproj-local.tif");
    UserFunction fn = new DemPlusNdvi();
    Applier.apply(fn, new FilenameAssociations().put("image", image).put("dem", dem28355),
        new FilenameAssociations().put("out", ref), c);
    for (String st : List.of("none", "threads", "subproc")) {
      String key = "out/reproj-" + st + ".tif";
      Applier.apply(fn, new FilenameAssociations().put("image", s3("in/image.tif")).put("dem", s3("in/dem.tif")),
          new FilenameAssociations().put("out", s3(key)),
          s3.configure(reprojControls().setConcurrencyStyle(style(st))));
      assertThat(st, RasterCompare.differences(ref, stored(key)), is(empty()));
    }
  }

  @Test
  @Order(2)
  void aVectorInputFromS3IsRasterizedAsTheLocalOne() throws Exception {
    // a polygon over part of the image, in the image's projection
    Path geojson = tmp.toPath().resolve("zones.geojson");
    Files.writeString(geojson, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
        + "{\"name\":\"EPSG:32755\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":3},"
        + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[303000,5985000],[315000,5985000],"
        + "[315000,5997000],[303000,5997000],[303000,5985000]]]}}]}", StandardCharsets.UTF_8);
    s3.put(BUCKET, "in/zones.geojson", geojson);
    String ref = local("zones-local.tif");
    Applier.apply(new Masked(), new FilenameAssociations().put("image", image).put("zones", geojson.toString()),
        new FilenameAssociations().put("out", ref), controls().setReferenceImage("image"));
    Applier.apply(new Masked(),
        new FilenameAssociations().put("image", s3("in/image.tif")).put("zones", s3("in/zones.geojson")),
        new FilenameAssociations().put("out", s3("out/zones.tif")), s3.configure(controls().setReferenceImage("image")));
    assertThat(RasterCompare.differences(ref, stored("out/zones.tif")), is(empty()));
    assertThat(RasterCompare.statistics(ref, 1).get("STATISTICS_MAXIMUM"), not(is("0")));
  }

  /** Band 3 of the image inside the rasterized zones, 0 outside. */
  static final class Masked implements UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      RasterArray img = inputs.get("image");
      RasterArray zones = inputs.get("zones");
      RasterArray out = RasterArray.create(DataType.UINT16, 1, img.rows(), img.cols());
      for (int i = 0; i < img.bandSize(); i++) {
        out.setDoubleAt(i, zones.getDoubleAt(i) != 0 ? img.getDoubleAt(i) : 0);
      }
      outputs.put("out", out);
    }
  }

  /** The DEM (reprojected onto the image's grid) plus 1000 x the NDVI of the image. */
  static final class DemPlusNdvi implements UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      RasterArray img = inputs.get("image");
      RasterArray dem = inputs.get("dem");
      RasterArray out = RasterArray.create(DataType.FLOAT32, 1, img.rows(), img.cols());
      int n = img.bandSize();
      for (int i = 0; i < n; i++) {
        double red = img.getDoubleAt(i);
        double nir = img.getDoubleAt(n + i);
        out.setDoubleAt(i, dem.getDoubleAt(i) + (red + nir == 0 ? 0 : 1000 * (nir - red) / (nir + red)));
      }
      outputs.put("out", out);
    }
  }

  /** GDAL's COG validator (GDAL's Python utilities), with its full check of every tile's layout. */
  static String validateCog(String file) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-m", "osgeo_utils.samples.validate_cloud_optimized_geotiff",
        "--full-check=yes", file).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat("validator finished", p.waitFor(120, TimeUnit.SECONDS), is(true));
    assertThat("COG validator on " + file + ": " + out, p.exitValue(), is(0));
    return out;
  }

  @Test
  @Order(3)
  void cogOutputsAreValidCogsWithTheGtiffRunsPixelsAndStatistics() throws Exception {
    // 1400 x 1500 of noise: several 512 tiles each way, overviews, and a COG of more than 5 MB
    RasterArray a = RasterArray.create(DataType.UINT16, 4, 1400, 1500);
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < a.size(); i++) {
      a.setDoubleAt(i, 100 + rnd.nextInt(3000));
    }
    String big = ExamplesIT.write(new File(tmp, "big.tif"), a, 10, 32755, null);
    s3.put(BUCKET, "in/big.tif", Path.of(big));
    String gtiff = local("big-ndvi-gtiff.tif");
    ApplierControls base = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .selectInputImageLayers(List.of(3, 4), "image");
    Applier.apply(new BeamCases.Ndvi(), new FilenameAssociations().put("image", big),
        new FilenameAssociations().put("ndvi", gtiff), copy(base).setOutputDriverName("GTiff"));
    String cog = local("big-ndvi.cog.tif");
    ApplierReturn<Void> r = Applier.apply(new BeamCases.Ndvi(), new FilenameAssociations().put("image", big),
        new FilenameAssociations().put("ndvi", cog), copy(base).setOutputDriverName("COG"));
    assertThat(validateCog(cog), containsString("is a valid cloud optimized GeoTIFF"));
    assertThat(r.timings().formatReport(), containsString("cogconversion"));
    assertSamePixelsAndStatistics(gtiff, cog);
    Dataset ds = gdal.Open(cog, gdalconstConstants.GA_ReadOnly);
    try {
      assertThat(ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), is("COG"));
      assertThat(ds.GetRasterBand(1).GetBlockXSize(), is(512));
      assertThat(ds.GetRasterBand(1).GetOverviewCount(), not(is(0)));
    } finally {
      ds.delete();
    }
    // and to the store, from the store, uploaded in parts (5 MB chunks; the output is larger)
    ApplierControls c = s3.configure(copy(base).setOutputDriverName("COG")).setGdalConfig("VSIS3_CHUNK_SIZE", "5");
    Applier.apply(new BeamCases.Ndvi(), new FilenameAssociations().put("image", s3("in/big.tif")),
        new FilenameAssociations().put("ndvi", s3("out/big-ndvi.cog.tif")), c);
    assertThat(Files.size(Path.of(stored("out/big-ndvi.cog.tif"))) > 5L << 20, is(true));
    validateCog(stored("out/big-ndvi.cog.tif"));
    assertSamePixelsAndStatistics(gtiff, stored("out/big-ndvi.cog.tif"));
    assertNoPartialsOrStaging();
  }

  static ApplierControls copy(ApplierControls c) {
    return c.withConcurrencyStyle(c.getConcurrencyStyle());
  }

  static void assertSamePixelsAndStatistics(String gtiff, String cog) {
    // the layouts differ (tile size, IFD order), the rasters may not
    assertThat(RasterCompare.differences(gtiff, cog), is(empty()));
    assertThat(RasterCompare.statistics(cog, 1).keySet(), hasItem("STATISTICS_HISTOBINVALUES"));
  }

  @Test
  @Order(4)
  void anInputOverHttpEqualsTheLocalRun() throws Exception {
    String ref = local("ndvi-local-http.tif");
    ndvi(ref, controls());
    try (RangeFileServer http = RangeFileServer.start(tmp.toPath())) {
      String out = local("ndvi-http.tif");
      Applier.apply(new BeamCases.Ndvi(),
          new FilenameAssociations().put("image", "/vsicurl/" + http.url("image.tif")),
          new FilenameAssociations().put("ndvi", out),
          controls().setGdalConfig("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR"));
      assertThat(RasterCompare.differences(ref, out), is(empty()));
      assertThat("read through the server", http.bytesSent() > 0, is(true));
      // the run's GDAL_DISABLE_READDIR_ON_OPEN does not hide the output's own side-car from its rename
      assertThat(Files.exists(Path.of(out + ".aux.xml")), is(Files.exists(Path.of(ref + ".aux.xml"))));
    }
  }

  /**
   * A secret that is not the access key's: the output is refused before any block is computed (it used to be
   * found at the upload, after the whole run), naming the output, the bucket's store and the setting at fault;
   * an input is refused with the same reason.
   */
  @Test
  @Order(5)
  void wrongCredentialsFailBeforeComputingNamingTheSettingAndLeaveNoObject() throws Exception {
    CountBlocks.count.set(0);
    ImageOpenException out = assertThrows(ImageOpenException.class, () -> Applier.apply(new CountBlocks(),
        new FilenameAssociations().put("image", image),
        new FilenameAssociations().put("ndvi", s3("wrong/ndvi.tif")), s3.configure(controls(), "not-the-secret")));
    assertThat(out.getMessage(), allOf(containsString("Output 'ndvi' (" + s3("wrong/ndvi.tif") + ")"),
        containsString("checked before computing"), containsString("refused the request's signature at "
            + s3.endpoint()), containsString("AWS_SECRET_ACCESS_KEY is not the secret of AWS_ACCESS_KEY_ID")));
    assertThat(out.getMessage(), not(containsString("not-the-secret")));
    assertThat(CountBlocks.count.get(), is(0));
    assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("wrong/")).toList(), empty());
    FileOpenException in = assertThrows(FileOpenException.class, () -> Applier.apply(new BeamCases.Ndvi(),
        new FilenameAssociations().put("image", s3("in/image.tif")),
        new FilenameAssociations().put("ndvi", s3("wrong/ndvi2.tif")), s3.configure(controls(), "not-the-secret")));
    assertThat(in.getMessage(), allOf(containsString(s3("in/image.tif")),
        containsString("AWS_SECRET_ACCESS_KEY is not the secret of AWS_ACCESS_KEY_ID")));
    assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("wrong/")).toList(), empty());
    assertNoPartialsOrStaging();
  }

  /**
   * A missing output bucket, an unknown access key and a store that does not answer are each found before any
   * block is computed, and said as such; a missing bucket for an input is said the same way.
   */
  @Test
  @Order(5)
  void anOutputStoreThatWouldRefuseTheUploadFailsBeforeComputing() throws Exception {
    int closedPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = free.getLocalPort();
    }
    Object[][] cases = {
        {"s3://no-such-bucket-here/out/x.tif", s3.configure(controls()),
            "the store has no bucket 'no-such-bucket-here' at " + s3.endpoint()},
        {s3("out/unknown-key.tif"), s3.configure(controls()).setGdalConfig("AWS_ACCESS_KEY_ID", "no-such-key-id"),
            "the store refused the request at " + s3.endpoint()},
        // GDAL's error codes come back without its directory listing too (advised for remote inputs)
        {s3("out/no-listing.tif"), s3.configure(controls(), "not-the-secret")
            .setGdalConfig("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR"), "refused the request's signature"},
        {s3("out/no-answer.tif"), s3.configure(controls()).setGdalConfig("AWS_S3_ENDPOINT", "127.0.0.1:" + closedPort),
            "the store did not answer at 127.0.0.1:" + closedPort}};
    for (Object[] c : cases) {
      CountBlocks.count.set(0);
      ImageOpenException e = assertThrows(ImageOpenException.class, () -> Applier.apply(new CountBlocks(),
          new FilenameAssociations().put("image", image), new FilenameAssociations().put("ndvi", (String) c[0]),
          (ApplierControls) c[1]));
      assertThat(e.getMessage(), allOf(containsString("Output 'ndvi' (" + c[0] + ") cannot be uploaded, "
          + "checked before computing"), containsString((String) c[2])));
      assertThat(CountBlocks.count.get(), is(0));
    }
    FileOpenException in = assertThrows(FileOpenException.class, () -> Applier.apply(new BeamCases.Ndvi(),
        new FilenameAssociations().put("image", "s3://no-such-bucket-here/in/x.tif"),
        new FilenameAssociations().put("ndvi", local("never.tif")), s3.configure(controls())));
    assertThat(in.getMessage(), allOf(containsString("s3://no-such-bucket-here/in/x.tif"),
        containsString("the store has no bucket 'no-such-bucket-here'")));
    assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("out/unknown-key") || k.startsWith("out/no-answer"))
        .toList(), empty());
    assertNoPartialsOrStaging();
  }

  /** NDVI that counts the blocks it computes (runs in this JVM: sequential). */
  static final class CountBlocks implements UserFunction {
    private static final long serialVersionUID = 1L;
    static final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      count.incrementAndGet();
      new BeamCases.Ndvi().apply(info, inputs, outputs);
    }
  }

  @Test
  @Order(6)
  void aMissingKeyIsAFileOpenExceptionNamingIt() throws Exception {
    // a missing key, a prefix of other objects, a missing bucket and an object that is no raster, each said as
    // such (all but the first used to be "the object may not exist, or not be readable ..., or not a raster")
    Path text = tmp.toPath().resolve("not-a-raster.txt");
    Files.writeString(text, "not a raster", StandardCharsets.UTF_8);
    s3.put(BUCKET, "in/not-a-raster.tif", text);
    for (String[] c : new String[][] {{s3("in/no-such-scene.tif"), "no such object"},
        {s3("in"), "a prefix of other objects"},
        {"s3://no-such-bucket-here/in/x.tif", "the store has no bucket 'no-such-bucket-here'"},
        {s3("in/not-a-raster.tif"), "not in a format GDAL recognises"}}) {
      FileOpenException f = assertThrows(FileOpenException.class, () -> Applier.apply(new BeamCases.Ndvi(),
          new FilenameAssociations().put("image", c[0]),
          new FilenameAssociations().put("ndvi", local("never.tif")), s3.configure(controls())));
      assertThat(f.getMessage(), allOf(containsString(c[0]), containsString(c[1])));
    }
    assertThat(new File(local("never.tif")).exists(), is(false));
  }

  /** Stops the store when block {@code atBlock} is computed (the run is sequential, in this JVM). */
  static final class StopStoreAt implements UserFunction {
    private static final long serialVersionUID = 1L;
    static volatile S3Server toStop;
    private final int atBlock;

    StopStoreAt(int atBlock) {
      this.atBlock = atBlock;
    }

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      if (info.getBlockCount().x() + info.getBlockCount().y() * info.getTotalBlocks().x() == atBlock
          && toStop != null) {
        toStop.stop();
      }
      new BeamCases.Ndvi().apply(info, inputs, outputs);
    }
  }

  @Test
  @Order(7)
  void theStoreGoingAwayMidRunIsATypedErrorAndNoObjectAppears() throws Exception {
    try (S3Server other = S3Server.start(tmp.toPath().resolve("s3-stopped"))) {
      other.createBucket(BUCKET);
      other.put(BUCKET, "in/image.tif", Path.of(image));
      StopStoreAt.toStop = other;
      ApplierControls c = other.configure(controls()).setGdalConfig("GDAL_HTTP_TIMEOUT", "10");
      RuntimeException e = assertThrows(RuntimeException.class, () -> Applier.apply(new StopStoreAt(5),
          new FilenameAssociations().put("image", s3("in/image.tif")),
          new FilenameAssociations().put("ndvi", s3("out/stopped.tif")), c));
      assertThat(e.toString(), e, instanceOf(RiosException.class));
      assertThat(e.getMessage(), containsString(s3("in/image.tif")));
      assertThat(Files.exists(other.object(BUCKET, "out/stopped.tif")), is(false));
    } finally {
      StopStoreAt.toStop = null;
    }
    // and when it goes away before the upload: the upload fails, naming the output
    try (S3Server other = S3Server.start(tmp.toPath().resolve("s3-stopped2"))) {
      other.createBucket(BUCKET);
      StopStoreAt.toStop = other;
      ApplierControls c = other.configure(controls()).setGdalConfig("GDAL_HTTP_TIMEOUT", "10");
      OutputWriteException e = assertThrows(OutputWriteException.class, () -> Applier.apply(new StopStoreAt(0),
          new FilenameAssociations().put("image", image),
          new FilenameAssociations().put("ndvi", s3("out/stopped2.tif")), c));
      assertThat(e.getMessage(), containsString(s3("out/stopped2.tif")));
      assertThat(Files.exists(other.object(BUCKET, "out/stopped2.tif")), is(false));
    } finally {
      StopStoreAt.toStop = null;
    }
    assertNoPartialsOrStaging();
  }

  static List<RasterJob> s3Jobs(String tag, ApplierControls c) {
    List<RasterJob> jobs = new ArrayList<>();
    jobs.add(RasterJob.of("ndvi-" + tag, new FilenameAssociations().put("image", s3("in/image.tif")),
        new FilenameAssociations().put("ndvi", s3("riosio/" + tag + "/ndvi.tif"))).withControls(c));
    jobs.add(RasterJob.of("reproj-" + tag,
        new FilenameAssociations().put("image", s3("in/image.tif")).put("dem", s3("in/dem.tif")),
        new FilenameAssociations().put("out", s3("riosio/" + tag + "/reproj.tif")))
        .withControls(copy(c).setReferenceImage("image").setResampleMethod("bilinear", "dem")));
    return jobs;
  }

  /** Runs the jobs (NDVI and the reprojection case) with RiosIO; checks them against local runs. */
  static void runAndCheckRiosIo(List<RasterJob> jobs, List<String> args, String tag) throws Exception {
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(args));
    Path records = tmp.toPath().resolve("written-" + tag + ".bin");
    p.apply(Create.of(jobs).withCoder(SerializableCoder.of(RasterJob.class)))
        .apply(RiosIO.process(new ByOutput()))
        .writtenRasters().apply(CollectToFile.to(records));
    p.run().waitUntilFinish();
    List<WrittenRaster> written = CollectToFile.read(records, SerializableCoder.of(WrittenRaster.class));
    assertThat(written.size(), is(2));
    String ndviRef = local("riosio-ref-ndvi.tif");
    ndvi(ndviRef, controls());
    String reprojRef = local("riosio-ref-reproj.tif");
    Applier.apply(new DemPlusNdvi(), new FilenameAssociations().put("image", image).put("dem", dem28355),
        new FilenameAssociations().put("out", reprojRef),
        reprojControls());
    assertThat(RasterCompare.differences(ndviRef, stored("riosio/" + tag + "/ndvi.tif")), is(empty()));
    assertThat(RasterCompare.differences(reprojRef, stored("riosio/" + tag + "/reproj.tif")), is(empty()));
    for (WrittenRaster w : written) {
      String key = w.path().substring(("s3://" + BUCKET + "/").length());
      assertThat(w.path(), w.sizeBytes(), is(Files.size(Path.of(stored(key)))));
    }
    assertNoPartialsOrStaging();
  }

  /** NDVI for a job with one input, DemPlusNdvi for the job with a DEM. */
  static final class ByOutput implements UserFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) {
      if (inputs.contains("dem")) {
        new DemPlusNdvi().apply(info, inputs, outputs);
      } else {
        new BeamCases.Ndvi().apply(info, inputs, outputs);
      }
    }
  }

  @Test
  @Order(8)
  void riosIoJobsOnS3RunOnEmbeddedFlink() throws Exception {
    List<String> args = new ArrayList<>(RunnerProfiles.flinkLocal());
    args.add("--numComputeWorkers=2");
    runAndCheckRiosIo(s3Jobs("flinklocal", s3.configure(controls())), args, "flinklocal");
  }

  /**
   * On a session cluster of two TaskManagers, with no path shared among inputs, outputs and temp files: the
   * jobs' files are all in the store, and their temp directory does not exist anywhere (each JVM then uses
   * its own), so the only storage the TaskManagers share is S3.
   */
  @Test
  @Order(9)
  void riosIoJobsOnS3RunOnASessionClusterWithNoSharedPath() throws Exception {
    FlinkSessionCluster cluster = FlinkSessionCluster.start(2);
    try {
      String nowhere = "/nonexistent-rios-tempdir-" + System.nanoTime();
      List<String> args = new ArrayList<>(RunnerProfiles.flinkCluster(cluster.restAddress)
          .filesToStage(FlinkSessionCluster.filesToStage()).retries(1, Duration.ofSeconds(2))
          .arg("--tempLocation=" + cluster.workdir.resolve("staging")).args());
      args.add("--numComputeWorkers=2");
      runAndCheckRiosIo(s3Jobs("cluster", s3.configure(controls().setTempdir(nowhere))), args, "cluster");
      assertThat(new File(nowhere).exists(), is(false));
      // the secret went to the TaskManagers inside the jobs, but is never printed in their logs
      try (Stream<Path> logs = Files.walk(cluster.workdir)) {
        for (Path log : logs.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")).toList()) {
          assertThat(log.toString(), Files.readString(log, StandardCharsets.ISO_8859_1),
              not(containsString(S3Server.SECRET)));
        }
      }
    } finally {
      cluster.stop();
    }
  }

  @Test
  @Order(10)
  void secretsAreMaskedWhereverTheControlsArePrinted() {
    ApplierControls c = s3.configure(controls());
    assertThat(c.getGdalConfig().toString(), not(containsString(S3Server.SECRET)));
    assertThat(c.getGdalConfig().toString(), containsString("AWS_S3_ENDPOINT=" + s3.endpoint()));
    RasterJob job = RasterJob.of("j", new FilenameAssociations().put("image", s3("in/image.tif")),
        new FilenameAssociations().put("ndvi", s3("x.tif"))).withControls(c);
    assertThat(job.toString(), not(containsString(S3Server.SECRET)));
    Map<String, String> cfg = c.getGdalConfig().asMap();
    assertThat(cfg.get("AWS_SECRET_ACCESS_KEY"), is(S3Server.SECRET));
  }

  /**
   * The cloud example as a user runs it: a separate JVM whose endpoint and credentials come from the
   * environment only (GDAL reads them there), from S3 to a COG in S3, equal to the same example on local files.
   */
  @Test
  @Order(11)
  void theCloudExampleTakesItsConfigurationFromTheEnvironment() throws Exception {
    String ref = local("cloud-example-local.tif");
    org.rios.examples.CloudNdviExample.run(image, ref, "COG");
    List<String> cmd = List.of(ExamplesIT.javaBin(), "-cp", System.getProperty("java.class.path"),
        "org.rios.examples.CloudNdviExample", s3("in/image.tif"), s3("out/cloud-example.tif"), "COG");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(tmp);
    s3.gdalConfig(S3Server.SECRET).forEach(pb.environment()::put);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat("example finished", p.waitFor(180, TimeUnit.SECONDS), is(true));
    assertThat("exit code; output:\n" + output, p.exitValue(), is(0));
    assertThat(output, containsString("uploading"));
    assertThat(output, not(containsString(S3Server.SECRET)));
    assertThat(RasterCompare.differences(ref, stored("out/cloud-example.tif")), is(empty()));
    validateCog(stored("out/cloud-example.tif"));
  }

  /**
   * An upload the store refuses (here a store taking single-part objects of at most 10 kB) leaves the earlier
   * object at the key and its side-cars as they were: the side-cars used to be removed before the upload, and
   * a failed run left the earlier raster without its statistics.
   */
  @Test
  @Order(13)
  void aFailedUploadLeavesTheEarlierObjectAndItsSideCars() throws Exception {
    try (S3Server small = S3Server.start(tmp.toPath().resolve("s3-small"),
        List.of("s3proxy.max-single-part-object-size=10000"))) {
      Path earlier = tmp.toPath().resolve("earlier.bin");
      Path earlierStats = tmp.toPath().resolve("earlier.aux.xml");
      Files.writeString(earlier, "the earlier raster", StandardCharsets.UTF_8);
      Files.writeString(earlierStats, "<PAMDataset>the earlier statistics</PAMDataset>", StandardCharsets.UTF_8);
      small.put(BUCKET, "out/kept.tif", earlier);
      small.put(BUCKET, "out/kept.tif.aux.xml", earlierStats);
      OutputWriteException e = assertThrows(OutputWriteException.class,
          () -> ndvi(s3("out/kept.tif"), small.configure(controls())));
      assertThat(e.getMessage(), allOf(containsString("out/kept.tif"), containsString("refused this object")));
      assertThat(small.keys(BUCKET), is(List.of("out/kept.tif", "out/kept.tif.aux.xml")));
      assertThat(Files.readString(small.object(BUCKET, "out/kept.tif")), is("the earlier raster"));
      assertThat(Files.readString(small.object(BUCKET, "out/kept.tif.aux.xml")),
          is("<PAMDataset>the earlier statistics</PAMDataset>"));
    }
  }

  /**
   * With two object-store outputs, one uploaded before the other's upload fails stays (a store cannot give back
   * an object an upload replaced): the failure says which.
   */
  @Test
  @Order(14)
  void aFailedUploadNamesTheOutputsAlreadyUploaded() throws Exception {
    // a store taking single-part objects of at most 10 kB: the first output (one band of zeros) fits, the
    // second (the 4-band image) does not, so its upload fails after the first is in place
    try (S3Server small = S3Server.start(tmp.toPath().resolve("s3-small-two"),
        List.of("s3proxy.max-single-part-object-size=10000"))) {
      small.createBucket(BUCKET);
      OutputWriteException e = assertThrows(OutputWriteException.class, () -> Applier.apply(
          (UserFunction) (info, inputs, outputs) -> {
            RasterArray img = inputs.get("image");
            outputs.put("first", RasterArray.create(DataType.UINT8, 1, img.rows(), img.cols()));
            outputs.put("second", img);
          }, new FilenameAssociations().put("image", image), new FilenameAssociations()
              .put("first", s3("out/uploaded-first.tif")).put("second", s3("out/too-large.tif")),
          small.configure(controls())));
      assertThat(e.getMessage(), allOf(containsString(s3("out/too-large.tif")), containsString("refused this object"),
          containsString("Already uploaded before this failure, and in place: output 'first' ("
              + s3("out/uploaded-first.tif") + ")")));
      assertThat(small.keys(BUCKET), hasItem("out/uploaded-first.tif"));
      assertThat(small.keys(BUCKET), not(hasItem("out/too-large.tif")));
    }
  }

  /**
   * With {@code GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR} (advised for remote inputs), the upload still carries
   * the new raster's side-cars, and an earlier object's statistics never stay beside the new raster.
   */
  @Test
  @Order(15)
  void sideCarsAreUploadedWhateverTheDirectoryListingSetting() throws Exception {
    Path bogus = tmp.toPath().resolve("old-stats.aux.xml");
    Files.writeString(bogus, "<PAMDataset>old statistics</PAMDataset>", StandardCharsets.UTF_8);
    s3.put(BUCKET, "out/emptydir.tif.aux.xml", bogus);
    ndvi(s3("out/emptydir.tif"),
        s3.configure(controls()).setGdalConfig("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR"));
    String reference = local("emptydir-local.tif");
    ndvi(reference, controls());
    if (Files.exists(Path.of(reference + ".aux.xml"))) {
      String stored = Files.readString(s3.object(BUCKET, "out/emptydir.tif.aux.xml"));
      assertThat(stored, allOf(containsString("<PAMDataset>"), not(containsString("old statistics"))));
    } else {
      assertThat(s3.keys(BUCKET), not(hasItem("out/emptydir.tif.aux.xml")));
    }
    assertThat(RasterCompare.differences(reference, stored("out/emptydir.tif")), is(empty()));
  }

  /** NDVI of the test image into {@code out}, a local name or an object's. */
  static ApplierReturn<Void> ndvi(String out, ApplierControls c) {
    return Applier.apply(new BeamCases.Ndvi(), new FilenameAssociations().put("image", image),
        new FilenameAssociations().put("ndvi", out), c);
  }

  /** An earlier object's side-cars that the new raster does not have go once it is uploaded. */
  @Test
  @Order(12)
  void sideCarsOfAnEarlierObjectAtTheKeyAreRemoved() throws Exception {
    Path bogus = tmp.toPath().resolve("bogus.bin");
    Files.writeString(bogus, "an old mask", StandardCharsets.UTF_8);
    s3.put(BUCKET, "out/rewritten.tif.msk", bogus);
    s3.put(BUCKET, "out/rewritten.tif.ovr", bogus);
    ndvi(s3("out/rewritten.tif"), s3.configure(controls()));
    assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("out/rewritten")).toList(),
        is(Files.exists(Path.of(local("ndvi-local.tif") + ".aux.xml"))
            ? List.of("out/rewritten.tif", "out/rewritten.tif.aux.xml") : List.of("out/rewritten.tif")));
    assertThat(RasterCompare.differences(local("ndvi-local.tif"), stored("out/rewritten.tif")), is(empty()));
  }
  /**
   * An ENVI output {@code o.bin} uploads its header as {@code o.hdr}: where that key is the header of another
   * ENVI dataset there ({@code o.dat}, the run's own input here), the run is refused naming both, and the store
   * keeps the other dataset's header (the upload used to replace it, and {@code o.dat} then read as the output's
   * type). Writing the same ENVI output again, over its own earlier header, goes on.
   */
  @Test
  @Order(16)
  void anUploadDoesNotReplaceAnotherDatasetsSideCar() throws Exception {
    File envi = new File(tmp, "envi-src");
    envi.mkdirs();
    Dataset ds = gdal.GetDriverByName("ENVI").Create(new File(envi, "o.dat").getPath(), 40, 30, 1,
        gdalconstConstants.GDT_Float32);
    ds.SetGeoTransform(new double[] {500000, 10, 0, 7000000, 0, -10});
    org.gdal.osr.SpatialReference mga55 = new org.gdal.osr.SpatialReference();
    mga55.ImportFromEPSG(28355);
    ds.SetProjection(mga55.ExportToWkt());
    ds.GetRasterBand(1).Fill(2.5);
    ds.delete();
    s3.put(BUCKET, "envi/o.dat", envi.toPath().resolve("o.dat"));
    s3.put(BUCKET, "envi/o.hdr", envi.toPath().resolve("o.hdr"));
    String header = Files.readString(s3.object(BUCKET, "envi/o.hdr"));
    UserFunction bytes = (info, inputs, outputs) -> outputs.put("o",
        RasterArray.create(DataType.UINT8, 1, inputs.get("a").rows(), inputs.get("a").cols()));
    RiosException e = assertThrows(RiosException.class, () -> Applier.apply(bytes,
        new FilenameAssociations().put("a", s3("envi/o.dat")), new FilenameAssociations().put("o", s3("envi/o.bin")),
        s3.configure(new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
            .setOutputDriverName("ENVI"))));
    assertThat(e.getMessage(), allOf(containsString("Output 'o'"), containsString("envi/o.hdr"),
        containsString("envi/o.dat")));
    assertThat(Files.readString(s3.object(BUCKET, "envi/o.hdr")), is(header));
    assertThat(s3.keys(BUCKET), not(hasItem("envi/o.bin")));
    assertNoPartialsOrStaging();

    // an ENVI output written twice at its key replaces its own header
    for (int run = 0; run < 2; run++) {
      Applier.apply(bytes, new FilenameAssociations().put("a", s3("envi/o.dat")),
          new FilenameAssociations().put("o", s3("envi/p.bin")),
          s3.configure(new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
              .setOutputDriverName("ENVI")));
    }
    assertThat(s3.keys(BUCKET), allOf(hasItem("envi/p.bin"), hasItem("envi/p.hdr")));
    assertNoPartialsOrStaging();
  }
  /**
   * A key with a character outside ASCII, written by a JVM started under the C locale (whose file-name
   * encoding cannot hold it): the object is uploaded at exactly that key. Its local staging name used to copy the
   * key, and the run died with an untyped InvalidPathException.
   */
  @Test
  @Order(17)
  void aKeyOutsideAsciiIsUploadedFromACLocaleJvm() throws Exception {
    List<String> cmd = List.of(ExamplesIT.javaBin(), "-Djava.io.tmpdir=" + tmp.getPath(), "-cp",
        System.getProperty("java.class.path"), "-Djava.library.path=" + System.getProperty("java.library.path"),
        CLocaleUploadMain.class.getName(), image, "s3://" + BUCKET + "/keys/caf\\u00e9.tif");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANG", "C");
    pb.environment().putAll(s3.gdalConfig(S3Server.SECRET));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out, p.waitFor(120, TimeUnit.SECONDS), is(true));
    assertThat(out, out, containsString("finished"));
    assertThat(s3.keys(BUCKET), hasItem("keys/caf\u00e9.tif"));
    Dataset a = gdal.Open(image);
    Dataset b = gdal.Open(stored("keys/caf\u00e9.tif"));
    assertThat(b.getRasterCount(), is(a.getRasterCount()));
    for (int band = 1; band <= a.getRasterCount(); band++) {
      assertThat(b.GetRasterBand(band).Checksum(), is(a.GetRasterBand(band).Checksum()));
    }
    a.delete();
    b.delete();
    assertNoPartialsOrStaging();
  }
}
