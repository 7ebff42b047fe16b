package org.rios.concurrency.channel;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

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
    for (String[] args : new String[][] {{}, {"0"}, {"0", "--channaddr"}, {"-i", "0", "--channaddr", "a,1,sEcReT"},
        {"0", "--channel", "a,1,sEcReT"}, {"0", "--channaddr", "a,1,sEcReT", "extra"}}) {
      String[] r = run(() -> SubprocWorkerMain.run(args));
      assertThat(String.join(" ", args), r[0], is("2"));
      assertThat(r[1], allOf(containsString("expected ID --channaddrfile FILE or ID --channaddr"),
          containsString("rios-computeworker"), containsString("got " + args.length + " argument"),
          not(containsString("sEcReT"))));
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
    int port = closedPort();
    String addr = "127.0.0.1," + port + ",secret-token";
    String[] r = run(() -> SubprocWorkerMain.run("1", "--channaddr", addr));
    assertThat(r[0], is(Integer.toString(ComputeWorkerMain.EXIT_CHANNEL)));
    assertThat(r[1], allOf(containsString("compute worker 1: channel 127.0.0.1," + port + " from --channaddr"),
        not(containsString("secret-token"))));
    File file = new File(tmp, "rios.chnl");
    Files.writeString(file.toPath(), addr + "\n");
    r = run(() -> SubprocWorkerMain.run("0", "--channaddrfile", file.getPath()));
    assertThat(r[0], is(Integer.toString(ComputeWorkerMain.EXIT_CHANNEL)));
    assertThat(r[1], allOf(containsString("from --channaddrfile " + file.getPath()),
        not(containsString("secret-token"))));
  }

  @Test
  void anAddressThatIsNoAddressIsAUsageErrorNotACrash() {
    String[] r = run(() -> SubprocWorkerMain.run("0", "--channaddrfile", "bad\0path"));
    assertThat(r[0], is("2"));
    assertThat(r[1], containsString("CW_SUBPROC compute worker"));
  }

  /**
   * The point of this entry point: a worker JVM started with it never loads picocli (whose set-up cost each
   * worker about 0.2 s), while rios-computeworker's does. Both run against a closed port and exit 3.
   */
  @Test
  void aWorkerJvmStartedWithItNeverLoadsPicocli() throws Exception {
    int port = closedPort();
    String addr = "127.0.0.1," + port + ",tok";
    String own = childJvm(SubprocWorkerMain.class.getName(), "0", "--channaddr", addr);
    assertThat(own, allOf(containsString("org.rios.concurrency.internal.channel.WorkerSession"),
        containsString("exit=3"), not(containsString("picocli."))));
    String command = childJvm(ComputeWorkerMain.class.getName(), "-i", "0", "--channaddr", addr);
    assertThat("the check can tell", command, allOf(containsString("picocli.CommandLine"), containsString("exit=3")));
  }

  /** A loopback port that nothing listens on (it was free a moment ago). */
  private static int closedPort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** What a child JVM running {@code main} printed, with its class loading, and its exit code. */
  private static String childJvm(String main, String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load=info",
        "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(main + " did not exit within 60 s");
    }
    return out + "\nexit=" + p.exitValue();
  }
}
