package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * A warning GDAL raises while decoding pixels (here PackBits tiles whose runs overrun the tile) is passed on,
 * naming the file and the window; GDAL's own tools print it, and the read succeeds with wrong pixels.
 */
class ReadWarningsTest {
  @TempDir
  File tmp;

  @Test
  void aDecoderWarningIsPassedOnNamingTheFile() throws Exception {
    GdalRuntime.ensureLoaded();
    String clean = new File(tmp, "clean.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(clean, 1024, 1024, 1, gdalconstConstants.GDT_Byte,
        new String[] {"TILED=YES", "COMPRESS=PACKBITS"});
    byte[] pixels = new byte[1024 * 1024];
    Random r = new Random(1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : (i / 1024) % 7);   // runs and literals
    }
    ds.GetRasterBand(1).WriteRaster(0, 0, 1024, 1024, pixels);
    ds.delete();
    long len = new File(clean).length();
    // runs of "repeat the next byte 128 times" written into a tile's data make it overrun its tile: GDAL then
    // discards the excess with a warning, or (where the corruption ends the tile early) fails; a place that
    // gives the warning is searched for, as the tiles' offsets are not known here
    String seen = null;
    for (int k = 1; k < 20 && seen == null; k++) {
      String path = new File(tmp, "packbits" + k + ".tif").getPath();
      java.nio.file.Files.copy(new File(clean).toPath(), new File(path).toPath());
      try (RandomAccessFile f = new RandomAccessFile(path, "rw")) {
        f.seek(len * k / 20);
        for (int i = 0; i < 300; i++) {
          f.write(0x81);
          f.write(0);
        }
      }
      PrintStream old = System.err;
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Dataset in = gdal.Open(path);
      try {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        RasterIO.read(in, 0, 0, 1024, 1024, new int[] {1}, RasterArray.create(DataType.UINT8, 1, 1024, 1024));
        String text = err.toString(StandardCharsets.UTF_8);
        if (text.contains("Discarding")) {
          seen = text;
          assertThat(text, allOf(containsString("Warning: GDAL warned while reading window (0, 0, 1024, 1024) of "
              + path), containsString("may be wrong")));
        }
      } catch (org.rios.errors.FileOpenException e) {
        // this place ended a tile early: a read error, as before
      } finally {
        System.setErr(old);
        in.delete();
      }
    }
    assertThat("a corrupt file whose read only warns", seen != null, is(true));
  }

  /**
   * A truncated GTiff read with GDAL's decoding threads (as runs do where cores are free) fails with GDAL's own
   * reason: GDAL 3.6's multi-threaded read gives none, and the message said only "GDAL gives no reason".
   */
  @Test
  void aFailedReadWithDecodingThreadsStillSaysWhy() throws Exception {
    GdalRuntime.ensureLoaded();
    String path = new File(tmp, "truncated.tif").getPath();
    Dataset ds = gdal.GetDriverByName("GTiff").Create(path, 1024, 1024, 1, gdalconstConstants.GDT_UInt16);
    ds.GetRasterBand(1).Fill(7);
    ds.delete();
    try (RandomAccessFile f = new RandomAccessFile(path, "rw")) {
      f.setLength(600_000);
    }
    java.util.Vector<String> threads = new java.util.Vector<>();
    threads.add("NUM_THREADS=2");
    Dataset in = gdal.OpenEx(path, gdalconstConstants.OF_RASTER, null, threads);
    try {
      org.rios.errors.FileOpenException e = org.junit.jupiter.api.Assertions.assertThrows(
          org.rios.errors.FileOpenException.class, () -> RasterIO.read(in, 0, 256, 256, 256, new int[] {1},
              RasterArray.create(DataType.UINT16, 1, 256, 256)));
      assertThat(e.getMessage(), allOf(containsString(path), containsString("TIFFReadEncodedStrip"),
          org.hamcrest.Matchers.not(containsString("gives no reason"))));
    } finally {
      in.delete();
    }
  }

  @Test
  void aFileWarnsAtMostAFewTimesAndEveryFileGetsItsOwn() {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      for (int f = 0; f < 30; f++) {
        for (int w = 0; w < 20; w++) {
          ReadWarnings.report("/data/many-" + f + ".tif", w, 0, 1, 1, "Discarding " + w + " bytes");
        }
      }
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().filter(l -> l.contains("many-29.tif:")).count(), is((long) ReadWarnings.PER_FILE));
    assertThat(text.lines().filter(l -> l.contains("many-29.tif; further warnings")).count(), is(1L));
    assertThat(text.lines().count(), is(30L * (ReadWarnings.PER_FILE + 1)));
  }
}
