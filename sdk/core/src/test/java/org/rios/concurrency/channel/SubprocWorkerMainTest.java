package org.rios.concurrency.channel;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.concurrency.internal.channel.ComputeWorkerMain;
import org.rios.concurrency.internal.channel.SubprocWorkerMain;
import org.rios.testutil.ChildJvm;
import org.rios.testutil.Stderr;

/** The arguments of the CW_SUBPROC workers' own entry point (written by the library) and its exit codes. */
class SubprocWorkerMainTest {
  @TempDir File tmp;

  @Test
  void anythingButItsThreeWordsIsAUsageErrorPointingPeopleToRiosComputeworker() {
    for (String[] args : new String[][] {{}, {"0"}, {"0", "--channaddr"}, {"-i", "0", "--channaddr", "a,1,sEcReT"},
        {"0", "--channel", "a,1,sEcReT"}, {"0", "--channaddr", "a,1,sEcReT", "extra"}}) {
      Stderr.Captured r = Stderr.capture(() -> SubprocWorkerMain.run(args));
      assertThat(String.join(" ", args), r.code(), is(2));
      assertThat(r.text(), allOf(containsString("expected ID --channaddrfile FILE or ID --channaddr"),
          containsString("rios-computeworker"), containsString("got " + args.length + " argument"),
          not(containsString("sEcReT"))));
    }
    Stderr.Captured r = Stderr.capture(() -> SubprocWorkerMain.run("zero", "--channaddr", "127.0.0.1,1,t"));
    assertThat(r.code(), is(2));
    assertThat(r.text(), containsString("not 'zero'"));
    r = Stderr.capture(() -> SubprocWorkerMain.run("-3", "--channaddr", "127.0.0.1,1,t"));
    assertThat(r.code(), is(2));
    assertThat(r.text(), containsString("0 or more, not -3"));
  }

  @Test
  void aMissingAddressFileIsNamed() {
    File missing = new File(tmp, "rios.chnl");
    Stderr.Captured r = Stderr.capture(() -> SubprocWorkerMain.run("0", "--channaddrfile", missing.getPath()));
    assertThat(r.code(), is(2));
    assertThat(r.text(), containsString("cannot read the channel address file --channaddrfile " + missing.getPath()
        + ": no such file"));
  }

  @Test
  void anUnreachableChannelIsExitCode3AndNamesWhereTheAddressCameFrom() throws Exception {
    int port = closedPort();
    String addr = "127.0.0.1," + port + ",secret-token";
    Stderr.Captured r = Stderr.capture(() -> SubprocWorkerMain.run("1", "--channaddr", addr));
    assertThat(r.code(), is(ComputeWorkerMain.EXIT_CHANNEL));
    assertThat(r.text(), allOf(containsString("compute worker 1: channel 127.0.0.1," + port + " from --channaddr"),
        not(containsString("secret-token"))));
    File file = new File(tmp, "rios.chnl");
    Files.writeString(file.toPath(), addr + "\n");
    r = Stderr.capture(() -> SubprocWorkerMain.run("0", "--channaddrfile", file.getPath()));
    assertThat(r.code(), is(ComputeWorkerMain.EXIT_CHANNEL));
    assertThat(r.text(), allOf(containsString("from --channaddrfile " + file.getPath()),
        not(containsString("secret-token"))));
  }

  @Test
  void anAddressThatIsNoAddressIsAUsageErrorNotACrash() {
    Stderr.Captured r = Stderr.capture(() -> SubprocWorkerMain.run("0", "--channaddrfile", "bad\0path"));
    assertThat(r.code(), is(2));
    assertThat(r.text(), containsString("CW_SUBPROC compute worker"));
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
    ChildJvm.Result r = ChildJvm.run(List.of("-Xlog:class+load=info"), Map.of(), main, args);
    return r.output() + "\nexit=" + r.exitCode();
  }
}
