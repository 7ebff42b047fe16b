package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.array.RasterArray;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * testreaderinfo part 2: in worker processes fed by two read workers, every block's info object still maps
 * each input array to its file and null value; mismatches are collected in the otherArgs copies.
 */
class ReaderInfoSubprocTest {
  @TempDir File tmp;

  @Test
  void filenamesAndNullsAreRightInEveryBlockOfEveryWorker() {
    List<String> files = new ArrayList<>();
    for (int nodata : new int[] {253, 254, 255}) {
      files.add(TestRasters.rampFile(new File(tmp, "r" + nodata + ".img"), false, TestRasters.STD_XLEFT,
          TestRasters.STD_YTOP, (double) nodata, 500, 500));
    }
    int workers = Math.min(2, Runtime.getRuntime().availableProcessors());
    ConcurrencyStyle style = ConcurrencyStyle.builder().numReadWorkers(2).numComputeWorkers(workers)
        .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).build();
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath())
        .setConcurrencyStyle(style).setWindowSize(128, 128);
    ArrayList<String> errors = new ArrayList<>();
    String f0 = files.get(0);
    String f1 = files.get(1);
    String f2 = files.get(2);
    ApplierReturn<ArrayList<String>> rtn = Applier.apply((info, inputs, outputs, errs) -> {
      RasterArray a = inputs.get("img1");
      check(errs, info.getFilenameFor(a), f0, info.getNoDataValueFor(a), 253.0);
      List<RasterArray> list = inputs.getList("img2");
      check(errs, info.getFilenameFor(list.get(0)), f1, info.getNoDataValueFor(list.get(0)), 254.0);
      check(errs, info.getFilenameFor(list.get(1)), f2, info.getNoDataValueFor(list.get(1)), 255.0);
      errs.add("block " + info.getBlockCount());
    }, new FilenameAssociations().put("img1", f0).put("img2", List.of(f1, f2)), new FilenameAssociations(), errors,
        c);
    assertThat(rtn.otherArgsList().size(), is(workers));
    List<String> all = new ArrayList<>();
    rtn.otherArgsList().forEach(all::addAll);
    assertThat(all.stream().filter(s -> !s.startsWith("block ")).toList(), is(List.of()));
    assertThat(all.size(), is(16)); // 4 x 4 blocks, each seen exactly once
  }

  static void check(List<String> errs, String file, String expectedFile, Double nodata, double expected) {
    if (!file.equals(expectedFile)) {
      errs.add("file " + file + " != " + expectedFile);
    }
    if (nodata == null || nodata != expected) {
      errs.add("nodata " + nodata + " != " + expected);
    }
  }
}
