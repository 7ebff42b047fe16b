package org.rios.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The Flink configuration directory for an embedded MiniCluster ({@code --flinkMaster=[local]}) that keeps
 * it on the loopback interface: by default Flink's BLOB server listens on every interface, even in a
 * MiniCluster. Written once per JVM into a private temp directory (removed at exit) and passed as
 * {@code --flinkConfDir} by {@link RiosOptions#fromArgs} unless the arguments or {@code FLINK_CONF_DIR}
 * name one.
 */
final class EmbeddedFlinkConf {
  static final String CONFIG = String.join("\n",
      "# Written by rios-beam for an embedded Flink MiniCluster ([local]): listen on 127.0.0.1 only.",
      "jobmanager.bind-host: 127.0.0.1",
      "taskmanager.bind-host: 127.0.0.1",
      "taskmanager.host: 127.0.0.1",
      "rest.bind-address: 127.0.0.1",
      "rest.address: 127.0.0.1",
      "");

  private static Path dir;

  private EmbeddedFlinkConf() {}

  /** The directory holding {@code config.yaml}, created on first use. */
  static synchronized Path directory() {
    if (dir == null || !Files.isRegularFile(dir.resolve("config.yaml"))) {
      try {
        Path d = Files.createTempDirectory("rios-flink-local-conf-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        d.toFile().deleteOnExit(); // registered first, so deleted after the file (reverse order)
        Files.writeString(d.resolve("config.yaml"), CONFIG).toFile().deleteOnExit();
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException("Could not write the embedded Flink configuration directory", e);
      }
    }
    return dir;
  }
}
