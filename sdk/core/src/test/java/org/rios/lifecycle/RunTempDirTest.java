package org.rios.lifecycle;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunTempDirTest {
  @TempDir Path tmp;

  @Test
  void aRunsDirectoryIsPrivateNamedForItAndOwnedByThisProcess() throws Exception {
    try (RunTempDir a = new RunTempDir(tmp.toString()); RunTempDir b = new RunTempDir(tmp.toString(), "rios_writer_")) {
      Path da = a.file().toPath();
      Path db = b.file().toPath();
      assertThat(da.getParent(), equalTo(tmp.toAbsolutePath()));
      assertThat(da.getFileName().toString(), startsWith("rios_"));
      assertThat(db.getFileName().toString(), startsWith("rios_writer_"));
      assertThat(da, not(equalTo(db)));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(da)), equalTo("rwx------"));
      assertThat(Files.readString(da.resolve("rios-owner")),
          equalTo(ProcessHandle.current().pid() + "@" + RunTempDir.host()));
    }
    try (var left = Files.list(tmp)) {
      assertThat("closed directories are removed", left.count(), equalTo(0L));
    }
  }

  @Test
  void theHostIsTheKernelsNameAsTheJdkGivesIt() throws Exception {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    assumeTrue(Files.isReadable(kernel), "Linux only");
    assertThat(RunTempDir.host(), equalTo(Files.readString(kernel).trim()));
    // where the name resolves, it is the name older versions wrote (InetAddress.getLocalHost().getHostName())
    String jdk;
    try {
      jdk = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      jdk = null;
    }
    assumeTrue(jdk != null, "the host name does not resolve here");
    assertThat(RunTempDir.host(), equalTo(jdk));
  }

  @Test
  void aTakenNameIsSkippedAndNeverFollowed() throws Exception {
    // the first name drawn is taken by a symbolic link to another directory: the next name is used, and nothing
    // is created through the link
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(tmp.resolve("rios_7"), elsewhere);
    String[] draws = {"7", "7", "8"};
    int[] next = {0};
    Path made = RunTempDir.createPrivate(tmp, "rios_", () -> draws[next[0]++]);
    assertThat(made, equalTo(tmp.resolve("rios_8")));
    assertThat(Files.isSymbolicLink(made), is(false));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made)), equalTo("rwx------"));
    try (var inElsewhere = Files.list(elsewhere)) {
      assertThat(inElsewhere.count(), equalTo(0L));
    }
  }

  @Test
  @Timeout(30)
  void onlyTakenNamesGiveUpWithTheLastOne() throws Exception {
    Files.createDirectory(tmp.resolve("rios_5"));
    int[] calls = {0};
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> RunTempDir.createPrivate(tmp, "rios_", () -> { calls[0]++; return "5"; }));
    assertThat(e.getFile(), equalTo(tmp.resolve("rios_5").toString()));
    assertThat(calls[0], equalTo(RunTempDir.MAX_NAME_ATTEMPTS));
  }

  @Test
  void directoriesOfDeadProcessesOnThisHostAreRemovedOthersKept() throws Exception {
    long dead = deadPid();
    Path abandoned = ownedDir("rios_abandoned", dead + "@" + RunTempDir.host());
    Path live = ownedDir("rios_live", ProcessHandle.current().pid() + "@" + RunTempDir.host());
    Path otherHost = ownedDir("rios_elsewhere", dead + "@" + RunTempDir.host() + "-another-node");
    Path unowned = Files.createDirectory(tmp.resolve("rios_unowned"));
    try (RunTempDir run = new RunTempDir(tmp.toString())) {
      assertThat(Files.exists(abandoned), is(false));
      assertThat(Files.exists(live), is(true));
      assertThat(Files.exists(otherHost), is(true));
      assertThat(Files.exists(unowned), is(true));
    }
  }

  private Path ownedDir(String name, String owner) throws Exception {
    Path d = Files.createDirectory(tmp.resolve(name));
    Files.writeString(d.resolve("rios-owner"), owner);
    Files.writeString(d.resolve("scratch.tif"), "x");
    return d;
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").redirectError(new File("/dev/null")).start();
    p.waitFor();
    long pid = p.pid();
    assertThat(ProcessHandle.of(pid).isPresent(), is(false));
    return pid;
  }
}
