package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the DirectRunner, which runs every ready compute bundle before the writers' bundles queued behind it,
 * blocks sent through the runner to the writers wait in memory until computing is done, so the heap a
 * collection needs grows with its total output. With the compute workers writing in process (the
 * DirectRunner's default) it stays a few blocks per file: 16 jobs whose outputs add up to 256 MB run in a
 * 128 MB heap (sent through the runner they ran out of memory in 160 MB).
 */
class SmallHeapCollectionTest {
  @TempDir Path tmp;

  @Test
  void aCollectionWhoseOutputsOutweighTheHeapRunsInIt() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        SmallHeapCollectionMain.class.getName(), tmp.toString(), "16", "2048")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    boolean ended = p.waitFor(300, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String log = Files.readString(tmp.resolve("child.log"), StandardCharsets.UTF_8);
    assertThat(log, ended && p.exitValue() == 0, is(true));
    for (int i = 0; i < 16; i++) {
      File out = tmp.resolve("out" + i + ".tif").toFile();
      assertThat(out + " written", out.length() > 0, is(true));
    }
    assertThat(List.of(tmp.toFile().list()).stream().anyMatch(n -> n.contains("rios-partial")), is(false));
  }
}
