package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * An upload with write-only credentials: the store takes the objects but refuses to delete or list, so the
 * earlier object's side-cars the new raster lacks can be neither removed nor seen to be absent. The upload
 * stands and a warning names them (they used to be passed over without a word).
 */
class WriteOnlyStoreTest {
  @TempDir File tmp;

  private static final String DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
      + "<Message>Access Denied</Message></Error>";

  @Test
  void sideCarsThatCanBeNeitherDeletedNorListedAreWarnedOf() throws Exception {
    List<String> puts = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        body.readAllBytes();
      }
      if (exchange.getRequestMethod().equals("PUT")) {
        puts.add(exchange.getRequestURI().getPath());
        exchange.getResponseHeaders().add("ETag", "\"etag\"");
        exchange.sendResponseHeaders(200, -1);
      } else {
        byte[] denied = DENIED.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(403, head ? -1 : denied.length);
        if (!head) {
          exchange.getResponseBody().write(denied);
        }
      }
      exchange.close();
    });
    server.start();
    PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    try {
      String in = TestRasters.rampFile(new File(tmp, "in.img"));
      ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
          .setOutputDriverName("GTiff").setCalcStats(false);
      for (String[] kv : new String[][] {{"AWS_S3_ENDPOINT", "127.0.0.1:" + server.getAddress().getPort()},
          {"AWS_HTTPS", "NO"}, {"AWS_VIRTUAL_HOSTING", "FALSE"}, {"AWS_ACCESS_KEY_ID", "writer"},
          {"AWS_SECRET_ACCESS_KEY", "write-only"}, {"GDAL_HTTP_MAX_RETRY", "0"}}) {
        c.setGdalConfig(kv[0], kv[1]);
      }
      System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
      Applier.apply((info, inputs, outputs) -> outputs.put("o", inputs.get("a")),
          new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", "s3://bucket/dir/out.tif"), c);
    } finally {
      System.setErr(err);
      server.stop(0);
    }
    assertThat(puts, hasItem("/bucket/dir/out.tif"));
    String warning = said.toString(StandardCharsets.UTF_8);
    assertThat(warning, allOf(containsString("WARNING: output 'o'"), containsString("/vsis3/bucket/dir/out.tif.ovr"),
        containsString("/vsis3/bucket/dir/out.tif.aux.xml"), containsString("neither deleted nor listed")));
    assertThat(warning.contains("write-only"), is(false));
  }
}
