package org.rios.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP server on 127.0.0.1 for the files of one directory, with HEAD and single-range GET requests
 * (HTTP 206), as GDAL's {@code /vsicurl/} needs; it counts the body bytes it sends, so a benchmark or test
 * can measure how much of a file GDAL fetched. Built on the JDK's own {@code com.sun.net.httpserver}.
 *
 * <pre>{@code
 * try (RangeFileServer server = RangeFileServer.start(Path.of("/data"))) {
 *   String url = "/vsicurl/" + server.url("scene.tif");   // /vsicurl/http://127.0.0.1:PORT/scene.tif
 *   ...
 *   long fetched = server.bytesSent();
 * }
 * }</pre>
 */
public final class RangeFileServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private final HttpServer server;
  private final ExecutorService pool;
  private final Path root;
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  private RangeFileServer(HttpServer server, ExecutorService pool, Path root) {
    this.server = server;
    this.pool = pool;
    this.root = root;
  }

  /** Serves {@code root}'s files on a free port of 127.0.0.1. */
  public static RangeFileServer start(Path root) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ExecutorService pool = Executors.newFixedThreadPool(4, t -> {
      Thread th = new Thread(t, "range-file-server");
      th.setDaemon(true);
      return th;
    });
    RangeFileServer r = new RangeFileServer(s, pool, root.toAbsolutePath().normalize());
    s.createContext("/", r::handle);
    s.setExecutor(pool);
    s.start();
    return r;
  }

  /** {@code http://127.0.0.1:PORT/name}. */
  public String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  /** Body bytes sent so far (not headers). */
  public long bytesSent() {
    return bytesSent.get();
  }

  public long requests() {
    return requests.get();
  }

  public void resetCounters() {
    bytesSent.set(0);
    requests.set(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.incrementAndGet();
      Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      long size = Files.size(file);
      boolean head = "HEAD".equals(ex.getRequestMethod());
      long start = 0;
      long end = size - 1;
      int status = 200;
      long[] range = head ? null : range(ex.getRequestHeaders().getFirst("Range"), size);
      if (range != null && range.length == 0) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
        ex.sendResponseHeaders(416, -1);
        return;
      }
      if (range != null) {
        start = range[0];
        end = range[1];
        status = 206;
        ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
      }
      long length = end - start + 1;
      ex.getResponseHeaders().set("Accept-Ranges", "bytes");
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      if (head) {
        ex.getResponseHeaders().set("Content-Length", Long.toString(size));
        ex.sendResponseHeaders(200, -1);
        return;
      }
      ex.sendResponseHeaders(status, length);
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r"); OutputStream out = ex.getResponseBody()) {
        f.seek(start);
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
          int n = f.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break;
          }
          out.write(buf, 0, n);
          bytesSent.addAndGet(n);
          left -= n;
        }
      }
    }
  }

  /**
   * The one range a {@code Range} header asks for, as {first, last} byte; an empty array when it cannot be
   * satisfied (starts past the end: 416); null when there is none or it is not a single byte range this server
   * understands (several ranges, bad syntax, a reversed range), in which case the whole file is sent, as HTTP
   * allows.
   */
  static long[] range(String header, long size) {
    if (header == null) {
      return null;
    }
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    try {
      long start;
      long end = size - 1;
      if (m.group(1).isEmpty()) { // the last N bytes
        start = Math.max(0, size - Long.parseLong(m.group(2)));
      } else {
        start = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          long last = Long.parseLong(m.group(2));
          if (last < start) {
            return null;
          }
          end = Math.min(size - 1, last);
        }
      }
      return start >= size ? new long[0] : new long[] {start, end};
    } catch (NumberFormatException tooLarge) {
      return null;
    }
  }

  /** Stops serving at once, and its threads. */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
