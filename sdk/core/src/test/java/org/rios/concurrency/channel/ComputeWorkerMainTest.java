package org.rios.concurrency.channel;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.rios.concurrency.internal.channel.ComputeWorkerMain;
import org.rios.testutil.Stderr;

/** The rios-computeworker command's argument handling and exit codes. */
class ComputeWorkerMainTest {
  @Test
  void missingOrConflictingArgumentsAreUsageErrors() {
    assertThat(ComputeWorkerMain.run("-i", "0"), is(2));
    assertThat(ComputeWorkerMain.run("--channaddr", "127.0.0.1,1,t"), is(2));
    assertThat(ComputeWorkerMain.run("-i", "0", "--channaddr", "a", "--channaddrfile", "f"), is(2));
    assertThat(ComputeWorkerMain.run("-i", "zero", "--channaddr", "a"), is(2));
    assertThat(ComputeWorkerMain.run("-i", "0", "--channaddrfile", "/nonexistent/rios.chnl"), is(2));
  }

  @Test
  void anUnreachableChannelIsExitCode3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(ComputeWorkerMain.run("-i", "0", "--channaddr", "127.0.0.1," + port + ",token"),
        is(ComputeWorkerMain.EXIT_CHANNEL));
  }

  @Test
  void aServerThatNeverAnswersIsGivenUpOnAndBadAddressesAreNamed() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      // accepts (the kernel's backlog) and never writes: the worker used to wait forever
      long t0 = System.nanoTime();
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> new org.rios.concurrency.internal.channel.ChannelClient("127.0.0.1," + silent.getLocalPort()
              + ",token", 0, 500));
      assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("within 500 ms"));
      assertThat((System.nanoTime() - t0) / 1_000_000 < 10_000, is(true));
    }
    java.io.IOException port = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> new org.rios.concurrency.internal.channel.ChannelClient("127.0.0.1,abc,secret", 0, 500));
    assertThat(port.getMessage(), org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("port"),
        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret"))));
    assertThat(ComputeWorkerMain.run("-i", "0", "--channaddr", "127.0.0.1,99999,t"), is(ComputeWorkerMain.EXIT_CHANNEL));
    assertThat(ComputeWorkerMain.run("-i", "0", "--channaddrfile", System.getProperty("java.io.tmpdir")), is(2));
  }

  @Test
  void aNegativeIdAndABadAddressFileAreNamed() throws Exception {
    assertThat(ComputeWorkerMain.run("-i", "-5", "--channaddr", "127.0.0.1,1,t"), is(2));
    java.io.File bad = java.io.File.createTempFile("rios-chnl", ".txt");
    try {
      java.nio.file.Files.writeString(bad.toPath(), "127.0.0.1,1\n");
      Stderr.Captured r = Stderr.capture(() -> ComputeWorkerMain.run("-i", "0", "--channaddrfile", bad.getPath()));
      assertThat(r.code(), is(ComputeWorkerMain.EXIT_CHANNEL));
      assertThat(r.text(), org.hamcrest.Matchers.allOf(
          org.hamcrest.Matchers.containsString("--channaddrfile " + bad.getPath()),
          org.hamcrest.Matchers.containsString("host,port,token")));
    } finally {
      bad.delete();
    }
  }

  /** A misspelt option is named, though a required one is missing too (picocli named only the missing one). */
  @Test
  void anUnknownOptionIsNamedBeforeAMissingOne() {
    Stderr.Captured r = Stderr.capture(() -> ComputeWorkerMain.run("--idnumber", "0", "--channaddr", "127.0.0.1,1,t"));
    assertThat(r.code(), is(2));
    assertThat(r.text(), org.hamcrest.Matchers.containsString("Unknown option: '--idnumber'"));
  }
}
