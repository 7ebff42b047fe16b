package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

class VirtualPathsTest {
  @Test
  void s3UrlsAreGdalsVsis3() {
    assertThat(VirtualPaths.toGdal("s3://bucket/dir/a.tif"), is("/vsis3/bucket/dir/a.tif"));
    assertThat(VirtualPaths.toGdal("S3://bucket/a.tif"), is("/vsis3/bucket/a.tif"));
    assertThat(VirtualPaths.toGdal("/data/a.tif"), is("/data/a.tif"));
    assertThat(GdalPaths.forGdal("s3://b/k.tif"), is("/vsis3/b/k.tif"));
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
}
