package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.errors.FileOpenException;
import org.rios.rat.Rat;

/** Where GDAL opens nothing and says nothing, the message still says why (rios-calcstats, rios-info, RATs). */
class OpenFailuresTest {
  @TempDir
  File tmp;

  @Test
  void eachKindOfFileGDALCannotOpenHasItsReason() throws Exception {
    File dir = new File(tmp, "adir.tif");
    dir.mkdir();
    File text = new File(tmp, "text.tif");
    Files.writeString(text.toPath(), "hello");
    File empty = new File(tmp, "empty.tif");
    empty.createNewFile();
    assertThat(OpenFailures.reason(dir.getPath(), "", false), is("it is a directory"));
    assertThat(OpenFailures.reason(text.getPath(), null, false), is("not in a format GDAL recognises"));
    assertThat(OpenFailures.reason(empty.getPath(), " ", false), is("it is empty"));
    assertThat(OpenFailures.reason(new File(tmp, "none.tif").getPath(), "", false), is("file does not exist"));
    assertThat(OpenFailures.reason(text.getPath(), "", true), containsString("or in one it only reads"));
    assertThat("GDAL's own reason first", OpenFailures.reason(text.getPath(), "bad header", true), is("bad header"));
    // through the RAT functions (rios-calcstats opens files the same way)
    for (File f : new File[] {dir, text, empty}) {
      FileOpenException e = assertThrows(FileOpenException.class,
          () -> Rat.writeColumn(f.getPath(), "c", new int[] {1}));
      String m = e.getMessage();
      assertThat(m, allOf(containsString(f.getPath()), containsString(" for update: ")));
      assertThat("a reason after the colon: " + m, m.substring(m.indexOf(" for update: ") + 13).isBlank(), is(false));
    }
  }

  /** An object-store raster opened for update (rios-calcstats on s3://...) is said to be one, not unrecognised. */
  @Test
  void anObjectOpenedForUpdateIsSaidToBeReadOnly() {
    assertThat(OpenFailures.reason("s3://bucket/scene.tif", "", true),
        org.hamcrest.Matchers.containsString("cannot be opened for update"));
  }

  /** GDAL's "HTTP response code on URL: 0" (a server that stopped answering) is said to be no response. */
  @Test
  void noHttpResponseIsSaidToBeOne() {
    assertThat(OpenFailures.reason("s3://bucket/scene.tif", "HTTP response code on http://127.0.0.1:9/b/s.tif: 0",
        false), containsString("(no response: the server did not answer in time"));
    assertThat(OpenFailures.explained("HTTP response code on http://h/x: 404"),
        is("HTTP response code on http://h/x: 404"));
  }

  @Test
  void whatStopsALocalFileBeforeGdalIsAsked() throws Exception {
    File plain = new File(tmp, "plain.tif");
    Files.writeString(plain.toPath(), "x");
    File link = Files.createSymbolicLink(new File(tmp, "dangling.tif").toPath(), new File(tmp, "nowhere.tif")
        .toPath()).toFile();
    File fifo = new File(tmp, "fifo.tif");
    assertThat(new ProcessBuilder("mkfifo", fifo.getPath()).start().waitFor(), is(0));
    assertThat(OpenFailures.beforeOpening(plain.getPath()), is((String) null));
    assertThat(OpenFailures.beforeOpening(new File(tmp, "none.tif").getPath()), is("file does not exist"));
    assertThat(OpenFailures.beforeOpening(link.getPath()), containsString("symbolic link whose target does not exist"));
    assertThat(OpenFailures.beforeOpening(fifo.getPath()), containsString("not a regular file"));
    assertThat("GDAL judges virtual names itself", OpenFailures.beforeOpening("/vsimem/none.tif"), is((String) null));
    // the throwing form names the file, and a missing name as such (not a NullPointerException)
    org.rios.errors.FileOpenException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.FileOpenException.class, () -> OpenFailures.requireOpenable(fifo.getPath()));
    assertThat(e.getMessage(), is("Unable to open " + fifo.getPath()
        + ": it is not a regular file (a device, FIFO or socket)"));
    assertThat(org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.FileOpenException.class,
        () -> OpenFailures.requireOpenable(null)).getMessage(), is("No file name given (null)"));
    OpenFailures.requireOpenable(plain.getPath()); // no exception
  }
}
