package org.rios.examples.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server the /vsicurl/ benchmark and tests read through: single ranges, HEAD, and what it counts. */
class RangeFileServerTest {
  @TempDir Path dir;

  @Test
  void rangesAsHttpDefinesThem() {
    assertThat(RangeFileServer.range("bytes=0-9", 100), is(new long[] {0, 9}));
    assertThat(RangeFileServer.range("bytes=90-", 100), is(new long[] {90, 99}));
    assertThat(RangeFileServer.range("bytes=-10", 100), is(new long[] {90, 99}));
    assertThat(RangeFileServer.range("bytes=95-200", 100), is(new long[] {95, 99}));
    assertThat(RangeFileServer.range("bytes=100-200", 100).length, is(0));   // unsatisfiable: 416
    assertThat(RangeFileServer.range("bytes=9-3", 100), is(nullValue()));      // ignored: the whole file
    assertThat(RangeFileServer.range("bytes=0-1,5-6", 100), is(nullValue()));  // several ranges: the whole file
    assertThat(RangeFileServer.range("bytes=99999999999999999999-", 100), is(nullValue()));
    assertThat(RangeFileServer.range(null, 100), is(nullValue()));
  }

  @Test
  void servesRangesAndCountsTheBodyBytes() throws Exception {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    Files.write(dir.resolve("f.bin"), data);
    HttpClient http = HttpClient.newHttpClient();
    try (RangeFileServer s = RangeFileServer.start(dir)) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(s.url("f.bin")))
          .header("Range", "bytes=10-19").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode(), is(206));
      assertThat(r.body().length, is(10));
      assertThat(r.body()[0], is((byte) 10));
      assertThat(r.headers().firstValue("Content-Range").orElse(""), is("bytes 10-19/1000"));
      HttpResponse<Void> h = http.send(HttpRequest.newBuilder(URI.create(s.url("f.bin")))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(h.statusCode(), is(200));
      assertThat(h.headers().firstValue("Content-Length").orElse(""), is("1000"));
      HttpResponse<byte[]> all = http.send(HttpRequest.newBuilder(URI.create(s.url("f.bin")))
          .header("Range", "bytes=0-1,5-6").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(all.statusCode(), is(200));
      assertThat(all.body().length, is(1000));
      assertThat(http.send(HttpRequest.newBuilder(URI.create(s.url("../etc/passwd"))).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode(), is(404));
      assertThat(s.bytesSent(), is(1010L));
    }
  }
}
