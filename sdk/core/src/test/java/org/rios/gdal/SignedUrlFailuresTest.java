package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.FileOpenException;
import org.rios.testutil.TestRasters;

/**
 * A URL signed in its query string (a presigned S3 URL) answers only to exactly that query: GDAL's look for
 * side-cars appends ".hdr", ".xml", ... after the query and gets 403s. A reachable object that is no raster was
 * reported with such a 403 as its reason, the same message as a URL the server refused; now the reason says
 * which it is.
 */
class SignedUrlFailuresTest {
  @TempDir File tmp;
  private HttpServer server;
  private byte[] raster;

  @BeforeEach
  void start() throws IOException {
    raster = Files.readAllBytes(new File(TestRasters.write(new File(tmp, "r.tif"), "GTiff",
        TestRasters.ramp(20, 20, false), 0, 0, 10, TestRasters.wkt(28355), null)).toPath());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String q = ex.getRequestURI().getRawQuery();
      String path = ex.getRequestURI().getPath();
      byte[] body = path.equals("/text.tif") ? "hello, not a raster".getBytes(StandardCharsets.UTF_8)
          : path.equals("/r.tif") ? raster : null;
      if (body == null || !"sig=good".equals(q)) {
        ex.sendResponseHeaders(403, -1);
        ex.close();
        return;
      }
      String range = ex.getRequestHeaders().getFirst("Range");
      int from = 0;
      int to = body.length - 1;
      if (range != null && range.startsWith("bytes=")) {
        String[] r = range.substring(6).split("-");
        from = Integer.parseInt(r[0]);
        to = r.length > 1 && !r[1].isEmpty() ? Math.min(to, Integer.parseInt(r[1])) : to;
        ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
      }
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.getResponseHeaders().add("Accept-Ranges", "bytes");
      ex.sendResponseHeaders(range != null ? 206 : 200, head ? -1 : to - from + 1);
      if (!head) {
        try (OutputStream o = ex.getResponseBody()) {
          o.write(body, from, to - from + 1);
        }
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path, String sig) {
    return "/vsicurl/http://127.0.0.1:" + server.getAddress().getPort() + path + "?sig=" + sig;
  }

  private String failure(String name) {
    try {
      OpenFailures.open(name, gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY, "").delete();
      throw new AssertionError(name + " opened");
    } catch (FileOpenException e) {
      return e.getMessage();
    }
  }

  @Test
  void aReachableObjectThatIsNoRasterIsNotReportedAsRefused() {
    GdalRuntime.ensureLoaded();
    OpenFailures.open(url("/r.tif", "good"), gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY, "")
        .delete();
    String text = failure(url("/text.tif", "good"));
    assertThat(text, allOf(not(containsString(": 403")), containsString("the URL answers, but not with a raster")));
    // an input of a run says the same
    FileOpenException e = org.junit.jupiter.api.Assertions.assertThrows(FileOpenException.class,
        () -> org.rios.applier.Applier.apply((info, in, out) -> out.put("o", in.get("a")),
            new org.rios.applier.FilenameAssociations().put("a", url("/text.tif", "good")),
            new org.rios.applier.FilenameAssociations().put("o", new File(tmp, "o.tif").getPath()),
            new org.rios.applier.ApplierControls().setProgress(new org.rios.progress.SilentProgress())
                .setTempdir(tmp.getPath())));
    assertThat(e.getMessage(), containsString("the URL answers, but not with a raster"));
    String refused = failure(url("/r.tif", "bad"));
    assertThat(refused, allOf(containsString("403"), not(containsString("the URL answers"))));
  }
}
