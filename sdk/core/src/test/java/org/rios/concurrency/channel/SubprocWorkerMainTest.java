package org.rios.concurrency.channel;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.concurrency.internal.channel.ComputeWorkerMain;
import org.rios.concurrency.internal.channel.SubprocWorkerMain;

/** The arguments of the CW_SUBPROC workers' own entry point (written by the library) and its exit codes. */
class SubprocWorkerMainTest {
  @TempDir File tmp;

  /** The exit code of {@code run}, and what it printed on stderr. */
  private static String[] run(IntSupplier run) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = run.getAsInt();
    } finally {
      System.setErr(old);
    }
    return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void anythingButItsThreeWordsIsAUsageErrorPointingPeopleToRiosComputeworker() {
    for (String[] args : new String[][] {{}, {"0"}, {"0", "--channaddr"}, {"-i", "0", "--channaddr", "a,1,t"},
        {"0", "--channel", "a,1,t"}, {"0", "--channaddr", "a,1,t", "extra"}}) {
      String[] r = run(() -> SubprocWorkerMain.run(args));
      assertThat(String.join(" ", args), r[0], is("2"));
      assertThat(r[1], allOf(containsString("expected ID --channaddrfile FILE or ID --channaddr"),
          containsString("rios-computeworker")));
    }
    String[] r = run(() -> SubprocWorkerMain.run("zero", "--channaddr", "127.0.0.1,1,t"));
    assertThat(r[0], is("2"));
    assertThat(r[1], containsString("not 'zero'"));
    r = run(() -> SubprocWorkerMain.run("-3", "--channaddr", "127.0.0.1,1,t"));
    assertThat(r[0], is("2"));
    assertThat(r[1], containsString("0 or more, not -3"));
  }

  @Test
  void aMissingAddressFileIsNamed() {
    File missing = new File(tmp, "rios.chnl");
    String[] r = run(() -> SubprocWorkerMain.run("0", "--channaddrfile", missing.getPath()));
    assertThat(r[0], is("2"));
    assertThat(r[1], containsString("cannot read the channel address file --channaddrfile " + missing.getPath()
        + ": no such file"));
  }

  @Test
  void anUnreachableChannelIsExitCode3AndNamesWhereTheAddressCameFrom() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String addr = "127.0.0.1," + port + ",secret-token";
    String[] r = run(() -> SubprocWorkerMain.run("1", "--channaddr", addr));
    assertThat(r[0], is(Integer.toString(ComputeWorkerMain.EXIT_CHANNEL)));
    assertThat(r[1], allOf(containsString("compute worker 1: channel 127.0.0.1," + port + " from --channaddr"),
        org.hamcrest.Matchers.not(containsString("secret-token"))));
    File file = new File(tmp, "rios.chnl");
    Files.writeString(file.toPath(), addr + "\n");
    r = run(() -> SubprocWorkerMain.run("0", "--channaddrfile", file.getPath()));
    assertThat(r[0], is(Integer.toString(ComputeWorkerMain.EXIT_CHANNEL)));
    assertThat(r[1], containsString("from --channaddrfile " + file.getPath()));
  }
}
