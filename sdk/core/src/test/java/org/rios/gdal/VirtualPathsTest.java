package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualPathsTest {
  @Test
  void s3UrlsAreGdalsVsis3() {
    assertThat(VirtualPaths.toGdal("s3://bucket/dir/a.tif"), is("/vsis3/bucket/dir/a.tif"));
    assertThat(VirtualPaths.toGdal("S3://bucket/a.tif"), is("/vsis3/bucket/a.tif"));
    assertThat(VirtualPaths.toGdal("/data/a.tif"), is("/data/a.tif"));
    assertThat(GdalPaths.forGdal("s3://b/k.tif"), is("/vsis3/b/k.tif"));
  }

  @Test
  void stemsOfFileNames() {
    assertThat(GdalPaths.stem("ndvi.tif"), is("ndvi"));
    assertThat(GdalPaths.stem("ndvi.rios-partial.tif"), is("ndvi.rios-partial"));
    assertThat(GdalPaths.stem("noext"), is("noext"));
    assertThat(GdalPaths.stem(".hidden"), is(".hidden"));
  }

  @Test
  void kindsOfNames() {
    assertThat(VirtualPaths.isObjectStore("s3://b/k.tif"), is(true));
    assertThat(VirtualPaths.isObjectStore("/vsigs/b/k.tif"), is(true));
    assertThat(VirtualPaths.isObjectStore("/vsimem/k.tif"), is(false));
    assertThat(VirtualPaths.isObjectStore("/vsicurl/http://h/k.tif"), is(false));
    assertThat(VirtualPaths.isNetwork("/vsicurl/http://h/k.tif"), is(true));
    assertThat(VirtualPaths.isNetwork("https://h/k.tif"), is(true));
    assertThat(VirtualPaths.isNetwork("/vsimem/k.tif"), is(false));
    assertThat(VirtualPaths.isVirtual("/vsimem/k.tif"), is(true));
    assertThat(VirtualPaths.isVirtual("/data/k.tif"), is(false));
  }

  @Test
  void bucketsForMessages() {
    assertThat(VirtualPaths.bucket("s3://scenes/2024/a.tif"), is("scenes"));
    assertThat(VirtualPaths.bucket("/vsis3/scenes/a.tif"), is("scenes"));
    assertThat(VirtualPaths.bucket("/data/a.tif"), is(nullValue()));
  }

  @Test
  void objectKeysToWriteNeedABucketAndAKey() {
    assertThat(VirtualPaths.checkedObjectKey("s3://b/dir/k.tif", "Output"), is("/vsis3/b/dir/k.tif"));
    assertThat(VirtualPaths.checkedObjectKey("s3://b/dir/..k.tif", "Output"), is("/vsis3/b/dir/..k.tif"));
    for (String bad : new String[] {"s3://bucket", "s3://bucket/", "s3://bucket/dir/", "/vsis3/bucket",
        "s3://bucket//k.tif", "s3://bucket/dir//k.tif", "/vsis3/bucket/out/../out/k.tif", "s3://bucket/./k.tif"}) {
      org.rios.errors.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
          org.rios.errors.ParameterException.class, () -> VirtualPaths.checkedObjectKey(bad, "Output 'x' file name"));
      assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("'" + bad + "'"));
    }
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.ParameterException.class,
        () -> VirtualPaths.checkedObjectKey("s3://b/\uD83D\uDE80.tif", "Output"));
  }

  @Test
  void aBucketWithoutAKeyFailsBeforeAnyBlockIsRead(@org.junit.jupiter.api.io.TempDir java.io.File tmp) {
    assertThat(refusedBeforeAnyBlock("s3://results", tmp).getMessage(),
        org.hamcrest.Matchers.containsString("Output 'out' file name 's3://results'"));
  }

  /** The ParameterException a run writing output {@code out} gets, having computed no block. */
  private static org.rios.errors.ParameterException refusedBeforeAnyBlock(String out, java.io.File tmp) {
    String in = org.rios.testutil.TestRasters.rampFile(new java.io.File(tmp, "in.tif"));
    java.util.concurrent.atomic.AtomicInteger blocks = new java.util.concurrent.atomic.AtomicInteger();
    org.rios.errors.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.ParameterException.class, () -> org.rios.applier.Applier.apply((info, i, o) -> {
          blocks.incrementAndGet();
          o.put("out", i.get("a"));
        }, new org.rios.applier.FilenameAssociations().put("a", in),
            new org.rios.applier.FilenameAssociations().put("out", out),
            new org.rios.applier.ApplierControls().setProgress(new org.rios.progress.SilentProgress())));
    assertThat(blocks.get(), is(0));
    return e;
  }

  /**
   * Every error's message loses them too, whichever code wrote it (a grid mismatch between two presigned inputs
   * printed their signatures), and so do option values that are URLs (a proxy with a user and password).
   */
  @Test
  void errorsAndOptionValuesHideCredentials() {
    String presigned = "/vsicurl/https://b.s3.amazonaws.com/k.tif?X-Amz-Signature=abc123";
    org.rios.errors.RiosException e = new org.rios.errors.ResampleNeededException("Input 'a' (" + presigned
        + ") is not on the grid of input 'b' (/vsicurl/http://alice:s3cr3t@h/b.tif)");
    assertThat(e.getMessage(), org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.not(
        org.hamcrest.Matchers.containsString("abc123")), org.hamcrest.Matchers.not(
        org.hamcrest.Matchers.containsString("s3cr3t")), org.hamcrest.Matchers.containsString("k.tif")));
    assertThat(new org.rios.errors.FileOpenException(presigned, new RuntimeException()).getMessage(),
        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("abc123")));
    // only URLs are looked at, each up to a space, quote, bracket or parenthesis
    assertThat(org.rios.errors.ErrorText.maskSecrets("input 'a' (/vsicurl/https://h/k.tif?X-Amz-Signature=abc),"
        + " next"), is("input 'a' (/vsicurl/https://h/k.tif?X-Amz-Signature=****), next"));
    assertThat(org.rios.errors.ErrorText.maskSecrets("file /data/x?key=1.tif: No such file"),
        is("file /data/x?key=1.tif: No such file"));
    assertThat(org.rios.errors.ErrorText.maskSecrets("(/data/R&D_token=5.tif)"), is("(/data/R&D_token=5.tif)"));
    // GDAL's option spelling of /vsicurl: its options before the URL are looked at too (they were not)
    assertThat(org.rios.errors.ErrorText.maskSecrets("input (/vsicurl?proxyuserpwd=alice:PROXYSECRET&cookie=c=1"
        + "&url=http://h/a.tif?X-Amz-Signature=abc): cannot open"), is("input (/vsicurl?proxyuserpwd=****&cookie=****"
        + "&url=http://h/a.tif?X-Amz-Signature=****): cannot open"));
    assertThat(VirtualPaths.isNetwork("/vsicurl?url=http://h/a.tif"), is(true));
    // warnings are masked as error messages are (a planner's warning printed a presigned URL's signature)
    org.rios.testutil.WarningsKept kept = new org.rios.testutil.WarningsKept();
    org.rios.progress.Progress.warn(kept, "input 'f' (" + presigned + ") lies wholly outside the reference's bounds");
    assertThat(kept.warnings.get(0), org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("abc123")));
    String options = GdalConfig.empty().with("GDAL_HTTP_PROXY", "http://bob:hunter2@proxy:3128")
        .with("AWS_HTTPS", "NO").toString();
    assertThat(options, org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.not(
        org.hamcrest.Matchers.containsString("hunter2")), org.hamcrest.Matchers.containsString("AWS_HTTPS=NO")));
  }

  /**
   * GDAL 3.6 writes an Azure blob of more than 4 MB as an append blob at its final name (an ADLS file likewise),
   * visible half written and left truncated by a failed upload: such outputs are refused before any block.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"/vsiaz/container/out.tif", "/vsiadls/fs/dir/out.tif"})
  void anAzureOutputIsRefusedBeforeAnyBlockIsRead(String out, @org.junit.jupiter.api.io.TempDir java.io.File tmp) {
    assertThat(refusedBeforeAnyBlock(out, tmp).getMessage(), org.hamcrest.Matchers.allOf(
        org.hamcrest.Matchers.containsString("Output 'out'"), org.hamcrest.Matchers.containsString("Azure"),
        org.hamcrest.Matchers.containsString("appending")));
  }

  @Test
  void anInputKeyWithADotPartFailsBeforeAnyBlockIsRead() {
    org.rios.errors.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.ParameterException.class, () -> org.rios.applier.Applier.apply((info, i, o) -> { },
            new org.rios.applier.FilenameAssociations().put("a", "s3://bucket1/out/../in.tif"),
            new org.rios.applier.FilenameAssociations(),
            new org.rios.applier.ApplierControls().setProgress(new org.rios.progress.SilentProgress())));
    assertThat(e.getMessage(), org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("Input 'a'"),
        org.hamcrest.Matchers.containsString("'..' part")));
  }

  /** URLs in messages lose their credentials: a user's password, a presigned URL's signature, a SAS token. */
  @Test
  void namesInMessagesHideCredentials() {
    assertThat(VirtualPaths.forMessage("/vsicurl/http://alice:s3cr3t@127.0.0.1:8080/a.tif"),
        is("/vsicurl/http://****@127.0.0.1:8080/a.tif"));
    assertThat(VirtualPaths.forMessage("/vsicurl/https://b.s3.amazonaws.com/k.tif?X-Amz-Credential=AKIA%2F1"
        + "&X-Amz-Date=20261130T000000Z&X-Amz-Signature=abc123"),
        is("/vsicurl/https://b.s3.amazonaws.com/k.tif?X-Amz-Credential=****&X-Amz-Date=20261130T000000Z"
            + "&X-Amz-Signature=****"));
    assertThat(VirtualPaths.forMessage("https://acct.blob.core.windows.net/c/x.tif?sv=2022&sig=zzz"),
        is("https://acct.blob.core.windows.net/c/x.tif?sv=2022&sig=****"));
    assertThat(VirtualPaths.forMessage("/data/a.tif"), is("/data/a.tif"));
    assertThat(VirtualPaths.forMessage("s3://bucket/key.tif"), is("s3://bucket/key.tif"));
  }

  @Test
  void oneFileThroughALinkedDirectoryOrALinkIsOneKey(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path alias = Files.createSymbolicLink(dir.resolve("alias"), data);
    // not written yet: the linked directory is resolved, the file name kept
    assertThat(VirtualPaths.sameFileKey(alias.resolve("out.tif").toString()),
        is(VirtualPaths.sameFileKey(data.resolve("out.tif").toString())));
    assertThat(VirtualPaths.sameFileKey(alias + "/sub/../out.tif"),
        is(data.toRealPath().resolve("out.tif").toString()));
    // an existing file and a link to it
    Path img = Files.writeString(data.resolve("in.img"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("in-link.img"), img);
    assertThat(VirtualPaths.sameFileKey(link.toString()), is(VirtualPaths.sameFileKey(img.toString())));
    // two different files stay two keys
    assertThat(VirtualPaths.sameFileKey(alias.resolve("a.tif").toString()),
        org.hamcrest.Matchers.not(VirtualPaths.sameFileKey(alias.resolve("b.tif").toString())));
    assertThat(VirtualPaths.sameFileKey("s3://b/k.tif"), is("/vsis3/b/k.tif"));
  }

  /**
   * The file behind a subdataset or sub-file name is the file itself, for the checks of an output replacing
   * what an input reads (GTIFF_DIR:1:a.tif was taken for another file than a.tif).
   */
  @Test
  void theFileBehindASubdatasetNameIsThatFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.tif"), "x");
    String key = VirtualPaths.sameFileKey(a.toString());
    for (String name : new String[] {"GTIFF_DIR:2:" + a, "NETCDF:\"" + a + "\":sst", "NETCDF:" + a + ":sst",
        "HDF5:\"" + a + "\"://grid/b1", "HDF5:" + a + "://grid/b1", "/vsisubfile/0_100," + a,
        "/vsisubfile/10," + dir + "/./a.tif", "NITF_IM:7:" + a}) {
      assertThat(name, VirtualPaths.fileKeyBehind(name), is(key));
    }
    assertThat(VirtualPaths.fileKeyBehind(a.toString()), is(key));
    assertThat(VirtualPaths.fileKeyBehind("NETCDF:\"s3://b/k.nc\":sst"), is("/vsis3/b/k.nc"));
    assertThat(VirtualPaths.fileKeyBehind("GTIFF_DIR:1:/vsis3/b/k.tif"), is("/vsis3/b/k.tif"));
    assertThat(VirtualPaths.fileKeyBehind("NETCDF:/vsis3/b/k.nc:sst"), is("/vsis3/b/k.nc"));
    // a directory with a colon in its name
    Path odd = Files.createDirectories(dir.resolve("t:1"));
    Path nc = Files.writeString(odd.resolve("b.nc"), "x");
    assertThat(VirtualPaths.fileKeyBehind("NETCDF:" + nc + ":sst"), is(VirtualPaths.sameFileKey(nc.toString())));
    assertThat(VirtualPaths.fileKeyBehind("GTIFF_DIR:3:" + nc), is(VirtualPaths.sameFileKey(nc.toString())));
    // only the part before the subdataset is looked for: never a file the subdataset's name matches
    Path sst = Files.writeString(Path.of("sst-probe-" + ProcessHandle.current().pid()), "x");
    try {
      String missing = "NETCDF:" + dir.resolve("none.nc") + ":" + sst;
      assertThat(VirtualPaths.fileKeyBehind(missing), is(missing));
    } finally {
      Files.delete(sst);
    }
    // names with no file behind them are their own keys
    assertThat(VirtualPaths.fileKeyBehind("PG:dbname=x"), is("PG:dbname=x"));
    assertThat(VirtualPaths.fileKeyBehind("GTIFF_DIR:1:" + dir.resolve("none.tif")),
        is("GTIFF_DIR:1:" + dir.resolve("none.tif")));
    // two subdatasets of one file are one file here, two datasets for sameFileKey
    assertThat(VirtualPaths.sameFileKey("GTIFF_DIR:1:" + a),
        org.hamcrest.Matchers.not(VirtualPaths.sameFileKey("GTIFF_DIR:2:" + a)));
  }

  /**
   * A subdataset of a file not written yet (another step writes it) is keyed by every file it may be, so the
   * step that reads it waits for that file; once the file exists, by that file.
   */
  @Test
  void aSubdatasetOfAFileNotYetWrittenIsKeyedByEveryFileItMayBe(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.nc");
    String key = VirtualPaths.sameFileKey(a.toString());
    String name = "NETCDF:" + a + ":sst";
    assertThat(VirtualPaths.fileKeysMaybeBehind(name).contains(key), is(true));
    assertThat(VirtualPaths.fileKeysMaybeBehind("GTIFF_DIR:2:" + a).contains(key), is(true));
    assertThat(VirtualPaths.fileKeysMaybeBehind("/vsisubfile/0_100," + name).contains(key), is(true));
    assertThat(VirtualPaths.fileKeysMaybeBehind(a.toString()), is(java.util.List.of(key)));
    Files.writeString(a, "x");
    assertThat(VirtualPaths.fileKeyBehind(name), is(key));
    assertThat(VirtualPaths.fileKeysMaybeBehind(name).get(0), is(key));
  }

  /** A subdataset name's file and what names the subdataset in it, quoted or not, relative or not. */
  @Test
  void subdatasetNamesSplitIntoTheirFileAndWhatIsWithinIt(@TempDir Path dir) throws Exception {
    assertThat(VirtualPaths.subdataset("NETCDF:x.nc:ndvi"), is(new VirtualPaths.Subdataset("x.nc", "ndvi")));
    assertThat(VirtualPaths.subdataset("NETCDF:\"/d/x.nc\":ndvi"),
        is(new VirtualPaths.Subdataset("/d/x.nc", "ndvi")));
    assertThat(VirtualPaths.subdataset("GTIFF_DIR:2:a.tif"), is(new VirtualPaths.Subdataset("a.tif", "2")));
    assertThat(VirtualPaths.subdataset("HDF5:\"a.h5\"://g/v"), is(new VirtualPaths.Subdataset("a.h5", "//g/v")));
    assertThat(VirtualPaths.subdataset("HDF5:a.h5://g/v"), is(new VirtualPaths.Subdataset("a.h5", "//g/v")));
    assertThat(VirtualPaths.subdataset("HDF4_EOS:EOS_GRID:/d/f.hdf:MOD_Grid:NDVI"),
        is(new VirtualPaths.Subdataset("/d/f.hdf", "MOD_Grid:NDVI")));
    assertThat(VirtualPaths.subdataset("NETCDF:/vsicurl/https://h:8443/x.nc:sst"),
        is(new VirtualPaths.Subdataset("/vsicurl/https://h:8443/x.nc", "sst")));
    // an existing file with a colon in its name is taken whole
    Path colon = Files.createFile(dir.resolve("a.nc:v"));
    assertThat(VirtualPaths.subdataset("NETCDF:" + colon), is(new VirtualPaths.Subdataset(colon.toString(), "")));
    // not subdataset names
    for (String plain : new String[] {"/d/a.tif", "s3://b/a.tif", "https://h:8443/a.tif", "/vsisubfile/0_10,a.bin",
        "C:/d/a.tif"}) {
      assertThat(plain, VirtualPaths.subdataset(plain), is(nullValue()));
    }
  }

  @Test
  void aUrlsQueryAndFragmentAreNotPartOfItsFileName() {
    assertThat(VirtualPaths.withoutUrlQuery("/vsicurl/https://h/a.tif?sig=x.y"), is("/vsicurl/https://h/a.tif"));
    assertThat(VirtualPaths.withoutUrlQuery("HTTPS://h/a.tif#f?g"), is("HTTPS://h/a.tif"));
    assertThat(VirtualPaths.withoutUrlQuery("/vsis3/b/k?.tif"), is("/vsis3/b/k?.tif"));
    assertThat(VirtualPaths.withoutUrlQuery("/d/a#1.tif"), is("/d/a#1.tif"));
    // GDAL's option form: the file is the url option, decoded; a proxy password after it is no part of the name
    assertThat(VirtualPaths.withoutUrlQuery("/vsicurl?url=https%3A%2F%2Fh%2Fdir%2Fa.tif%3Fsig%3Dx"),
        is("https://h/dir/a.tif"));
    assertThat(VirtualPaths.withoutUrlQuery("/vsicurl?url=https://h/dir/a.tif&proxyuserpwd=user:pa.ss"),
        is("https://h/dir/a.tif"));
    assertThat(VirtualPaths.withoutUrlQuery("/vsicurl?proxyuserpwd=u:p&URL=https://h/b.tif"), is("https://h/b.tif"));
  }

  /** A '..' after a link is taken as the system takes it: beside the link's target, not beside the link. */
  @Test
  void aDotDotAfterALinkIsBesideTheLinksTarget(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("real/sub"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createSymbolicLink(work.resolve("lnk"), sub);
    Files.writeString(work.resolve("out.tif"), "precious");
    String viaLink = work + "/lnk/../out.tif";
    assertThat(GdalPaths.absolute(Path.of(viaLink)), is(dir.toRealPath().resolve("real/out.tif")));
    assertThat(VirtualPaths.sameFileKey(viaLink), is(VirtualPaths.sameFileKey(dir.resolve("real/out.tif").toString())));
    assertThat(VirtualPaths.sameFileKey(viaLink).equals(VirtualPaths.sameFileKey(work.resolve("out.tif").toString())),
        is(false));
    // without '..' the spelling is kept; the last part is not followed
    assertThat(GdalPaths.absolute(work.resolve("lnk")), is(work.resolve("lnk")));
    assertThat(GdalPaths.absolute(work.resolve("./a/./b.tif")), is(work.resolve("a/b.tif")));
  }
}
