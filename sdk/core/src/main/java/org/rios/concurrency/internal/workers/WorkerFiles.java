package org.rios.concurrency.internal.workers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files the remote-worker launchers share: the user-only channel address file and worker logs. */
public final class WorkerFiles {
  private WorkerFiles() {}

  /** Writes {@code address} (host,port,token) to a new file in {@code dir} that only this user can read. */
  public static Path writeAddressFile(File dir, String prefix, String address) throws IOException {
    Path f = Files.createTempFile(dir.toPath(), prefix, ".chnl",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(f, address, StandardCharsets.UTF_8);
    return f;
  }

  /** The last {@code max} characters of a worker's log, or why there is none. */
  public static String tail(Path log, int max) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() > max ? "..." + s.substring(s.length() - max) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
