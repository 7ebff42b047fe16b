package org.rios.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rios.applier.ApplierControls;

/**
 * A real S3-compatible server for tests: s3proxy (from Maven Central, copied by the integration-tests pom to
 * {@code rios.s3proxy.jar}) with its filesystem backend under {@code root/data}, in its own JVM on 127.0.0.1,
 * stopped by its process handle. A bucket is a directory of the backend and an object a file in it, so tests
 * can put inputs in place and check what the store holds without going through S3.
 */
final class S3Server implements AutoCloseable {
  static final String KEY = "rios-it-key";
  static final String SECRET = "rios-it-secret-value";

  private final Process process;
  private final Path root;
  private final int port;

  private S3Server(Process process, Path root, int port) {
    this.process = process;
    this.root = root;
    this.port = port;
  }

  /** Starts the server on a free port; fails with its log if it does not listen within a minute. */
  static S3Server start(Path root) throws IOException, InterruptedException {
    return start(root, List.of());
  }

  /**
   * {@link #start(Path)} with s3proxy properties of the test's own ({@code s3proxy.max-single-part-object-size=N}:
   * a store that refuses larger single-part uploads).
   */
  static S3Server start(Path root, List<String> extraProperties) throws IOException, InterruptedException {
    Files.createDirectories(root.resolve("data"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path props = root.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + KEY,
        "s3proxy.credential=" + SECRET,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + root.resolve("data")) + "\n" + String.join("\n", extraProperties) + "\n",
        StandardCharsets.UTF_8);
    String jar = System.getProperty("rios.s3proxy.jar", "target/s3proxy/s3proxy.jar");
    if (!Files.isRegularFile(Paths.get(jar))) {
      throw new IllegalStateException("s3proxy jar not found at " + jar + " (the integration-tests pom copies it "
          + "in pre-integration-test)");
    }
    Path log = root.resolve("s3proxy.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar, "--properties", props.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3Server server = new S3Server(p, root, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("s3proxy exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    server.close();
    throw new IllegalStateException("s3proxy did not listen on 127.0.0.1:" + port + " within 60 s: "
        + Files.readString(log));
  }

  String endpoint() {
    return "127.0.0.1:" + port;
  }

  /** GDAL's configuration for this server, with the right or a wrong secret. */
  Map<String, String> gdalConfig(String secret) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("AWS_S3_ENDPOINT", endpoint());
    m.put("AWS_HTTPS", "NO");
    m.put("AWS_VIRTUAL_HOSTING", "FALSE");
    m.put("AWS_ACCESS_KEY_ID", KEY);
    m.put("AWS_SECRET_ACCESS_KEY", secret);
    // GDAL caches what it learnt of a file by name for the life of the JVM; the tests rewrite keys
    m.put("CPL_VSIL_CURL_NON_CACHED", "/vsis3/");
    return m;
  }

  /** {@code controls} with this server's endpoint and credentials through {@link ApplierControls#setGdalConfig}. */
  ApplierControls configure(ApplierControls controls) {
    return configure(controls, SECRET);
  }

  ApplierControls configure(ApplierControls controls, String secret) {
    gdalConfig(secret).forEach(controls::setGdalConfig);
    return controls;
  }

  void createBucket(String bucket) throws IOException {
    Files.createDirectories(root.resolve("data").resolve(bucket));
  }

  /** Puts a local file in the store as {@code bucket/key} (through the backend's directory). */
  void put(String bucket, String key, Path file) throws IOException {
    Path target = object(bucket, key);
    Files.createDirectories(target.getParent());
    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Where the backend keeps {@code bucket/key}. */
  Path object(String bucket, String key) {
    return root.resolve("data").resolve(bucket).resolve(key);
  }

  /** Every object key of {@code bucket} (files of the backend, relative, '/'-separated). */
  List<String> keys(String bucket) throws IOException {
    Path b = root.resolve("data").resolve(bucket);
    if (!Files.isDirectory(b)) {
      return List.of();
    }
    try (var s = Files.walk(b)) {
      return s.filter(Files::isRegularFile).map(p -> b.relativize(p).toString().replace('\\', '/')).sorted()
          .toList();
    }
  }

  /** Stops the server now (a test of a store that goes away mid-run). */
  void stop() {
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
