package org.rios.concurrency.channel;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.rios.concurrency.internal.channel.ComputeWorkerMain;

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
}
