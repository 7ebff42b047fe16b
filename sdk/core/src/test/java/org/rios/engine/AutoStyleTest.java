package org.rios.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.array.RasterArray;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** ConcurrencyStyle.auto(): the choice from measured read and compute times, and runs equal to sequential. */
class AutoStyleTest {
  @TempDir File tmp;

  /** Styles with 2 compute threads cannot be built on one CPU (and auto() stays sequential there). */
  private static void needsTwoCores() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1,
        "needs 2 CPUs");
  }

  @Test
  void theChoiceFollowsTheBalanceOfReadingAndComputing() {
    needsTwoCores();
    AutoStyle.Choice io = AutoStyle.decide(20, 2, 2);
    assertThat(io.style().numReadWorkers(), is(1));
    assertThat(io.style().computeWorkerKind(), is(ComputeWorkerKind.CW_NONE));
    assertThat(io.reason(), containsString("so 1 read worker"));
    AutoStyle.Choice cpu = AutoStyle.decide(2, 50, 2);
    assertThat(cpu.style().computeWorkerKind(), is(ComputeWorkerKind.CW_THREADS));
    assertThat(cpu.style().numComputeWorkers(), is(2));
    assertThat(cpu.style().numReadWorkers(), is(1));
    AutoStyle.Choice both = AutoStyle.decide(10, 12, 2);
    assertThat("one reader cannot feed two threads", both.style().numReadWorkers(), is(2));
    assertThat(both.reason(), containsString("reading 10.0 ms, computing 12.0 ms, writing 0.0 ms per block on 2 "
        + "cores; estimated 22.0 ms sequential, 12.0 with 1 read worker"));
  }

  /**
   * Writing counts: compute threads leave GDAL one encoder thread on 2 cores, so a run whose writing outweighs
   * its computing keeps them off (a DEFLATE level 9 copy chose 2 reads + 2 threads, and ran 1.3x slower than
   * sequential).
   */
  @Test
  void aRunBoundByWritingGetsNoComputeThreads() {
    needsTwoCores();
    AutoStyle.Choice write = AutoStyle.decide(new AutoStyle.Times(3, true, 10, 60, 0), 2, null);
    assertThat(write.style().computeWorkerKind(), is(ComputeWorkerKind.CW_NONE));
    assertThat(write.style().numReadWorkers(), is(1));
    assertThat(write.reason(), containsString("writing 60.0 ms"));
    AutoStyle.Choice compute = AutoStyle.decide(new AutoStyle.Times(3, true, 60, 10, 0), 2, null);
    assertThat(compute.style().computeWorkerKind(), is(ComputeWorkerKind.CW_THREADS));
  }

  /** The choice comes from the blocks after the JVM has warmed up: the later half, a true median. */
  @Test
  void timesAreTheMedianOfTheLaterHalf() {
    assertThat(AutoStyle.warmed(List.of(57.0, 30.0, 0.4, 0.3, 0.5, 0.2)), is(0.3));
    assertThat(AutoStyle.warmed(List.of(9.0, 1.0, 3.0)), is(2.0));
    assertThat(AutoStyle.warmed(List.of(4.0)), is(4.0));
    assertThat(AutoStyle.warmed(List.of()), is(0.0));
    // the blocks whose encoding is timed are exactly those warmed() counts: probe 0 untimed, then the later half
    for (int probes = AutoStyle.MIN_PROBE_BLOCKS; probes <= AutoStyle.MAX_PROBE_BLOCKS; probes++) {
      List<Double> timed = new java.util.ArrayList<>();
      for (int i = 1; i < probes; i++) {
        timed.add(i >= AutoStyle.firstCounted(probes) ? 1.0 : 1000.0);
      }
      assertThat("probes " + probes, AutoStyle.warmed(timed), is(1.0));
      assertThat("probes " + probes, AutoStyle.median(timed.subList(AutoStyle.firstCounted(probes) - 1,
          timed.size())), is(1.0));
      assertThat("probes " + probes, timed.size() - (AutoStyle.firstCounted(probes) - 1),
          is(timed.size() - timed.size() / 2));
    }
  }

  /**
   * The timing blocks encode only the blocks whose times count (probe 0 is not timed; of the rest the later
   * half counts), every output of each, and the report's writing time is the sum over outputs per block.
   */
  @Test
  void onlyTheCountedTimingBlocksAreEncoded() {
    needsTwoCores();
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    FilenameAssociations infiles = new FilenameAssociations().put("img", in);
    FilenameAssociations outfiles = new FilenameAssociations().put("a", new File(tmp, "a.img").getPath())
        .put("b", new File(tmp, "b.img").getPath());
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setWindowSize(50, 50);
    org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(infiles, outfiles, c);
    assertThat(plan.numBlocks(), is(100));
    int probes = AutoStyle.MAX_PROBE_BLOCKS;   // 100 blocks / 8 is more than the most probe blocks
    List<String> encoded = new java.util.ArrayList<>();
    UserFunctionWithArgs<Void> twoOutputs = (info, i, o, a) -> {
      o.put("a", i.get("img"));
      o.put("b", i.get("img"));
    };
    AutoStyle.Choice choice = AutoStyle.choose(plan, new BlockStages(plan, infiles, outfiles), twoOutputs, null, 2,
        null, null, null, (spec, block) -> {
          assertThat(block.rows() + "x" + block.cols(), is("50x50"));
          encoded.add(spec.name());
          return 7.0;
        });
    int counted = probes - AutoStyle.firstCounted(probes);
    assertThat(counted, is(4));
    assertThat(encoded, is(java.util.Collections.nCopies(counted, List.of("a", "b")).stream()
        .flatMap(List::stream).collect(java.util.stream.Collectors.toList())));
    assertThat(choice.reason(), containsString("writing 14.0 ms per block"));
    assertThat(choice.reason(), containsString("(timing " + probes + " blocks took "));
  }

  /** Copies "img" and counts the pixels it saw; slow enough per block to be compute-bound. */
  private static final UserFunctionWithArgs<OtherInputs> SLOW_COPY = (info, in, out, a) -> {
    RasterArray img = in.get("img");
    double spin = 0;
    for (int k = 0; k < 40; k++) {
      for (int i = 0; i < img.size(); i++) {
        spin += Math.sqrt(img.getDoubleAt(i) + k);
      }
    }
    a.put("count", a.getLong("count") + (long) info.getBlockSize().x() * info.getBlockSize().y());
    a.put("spin", spin);
    out.put("out", img);
  };

  @Test
  void autoRunsLikeSequentialSaysWhatItChoseAndCountsEveryBlockOnce() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    FilenameAssociations infiles = new FilenameAssociations().put("img", in);
    ApplierControls auto = new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100)
        .setConcurrencyStyle(ConcurrencyStyle.auto());
    String autoOut = new File(tmp, "auto.img").getPath();
    OtherInputs callers = new OtherInputs().put("count", 0L);
    ApplierReturn<OtherInputs> r = Applier.apply(SLOW_COPY, infiles, new FilenameAssociations().put("out", autoOut),
        callers, auto);
    String seqOut = new File(tmp, "seq.img").getPath();
    Applier.apply(SLOW_COPY, infiles, new FilenameAssociations().put("out", seqOut), new OtherInputs().put("count", 0L),
        new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100));
    assertThat(TestRasters.read(autoOut).contentEquals(TestRasters.read(seqOut)), is(true));
    long counted = r.otherArgsList().stream().mapToLong(a -> a.getLong("count")).sum();
    assertThat("the probe blocks are not counted", counted, is(500L * 500));
    assertThat(r.timings().formatReport(), containsString("auto: "));
    assertThat("the caller's controls keep auto()", auto.getConcurrencyStyle().isAuto(), is(true));
    // compute-bound, but given otherArgs: no compute threads, each of which would count on its own copy, so the
    // caller's object sees every block, as in a sequential run (it used to see none)
    assertThat(callers.getLong("count"), is(500L * 500));
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertThat(r.timings().formatReport(), containsString("otherArgs are given and compute "
          + "threads would each work on a copy of them, so 1 read worker (not timed"));
      assertThat("no block is timed", r.timings().formatReport(), org.hamcrest.Matchers.not(
          containsString("(timing ")));
    }
  }

  /** Serializable by its type, but holding what cannot be serialized. */
  static final class Log implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final java.util.List<Object> seen = new java.util.ArrayList<>(java.util.List.of(new Object()));
  }

  /**
   * otherArgs that cannot be copied: 1 read worker, which works on the caller's object (the timing blocks
   * used to need a copy, and such a run went sequential).
   */
  @Test
  void otherArgsThatCannotBeCopiedAreFine() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    Log log = new Log();
    ApplierReturn<Log> r = Applier.apply((info, i, o, a) -> {
      a.seen.add(info.getBlockCount());
      o.put("out", i.get("img"));
    }, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "o.img").getPath()), log,
        new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100)
            .setConcurrencyStyle(ConcurrencyStyle.auto()));
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertThat(r.timings().formatReport(), containsString("auto: otherArgs are given"));
    }
    assertThat("every block, once, in the caller's object", log.seen.size(), is(1 + 25));
  }

  /** The timing blocks are spread from the first block to the last, so costs that vary along the image count. */
  @Test
  void theTimingBlocksSpanTheRun() {
    List<Integer> at = new java.util.ArrayList<>();
    for (int i = 0; i < 9; i++) {
      at.add(AutoStyle.probeIndex(i, 9, 100));
    }
    // never the last block: a function that acts on info.isLastBlock() does so once, in the run
    assertThat(at, is(List.of(0, 12, 24, 36, 49, 61, 73, 85, 98)));
    assertThat(AutoStyle.probeIndex(1, 3, 8), is(3));
    assertThat(AutoStyle.probeIndex(2, 3, 8), is(6));
  }

  /** The timing blocks never include the last one: a function acting on isLastBlock() does so once. */
  @Test
  void theLastBlockIsComputedOnce() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger();
    Applier.apply((info, i, o) -> {
      if (info.isLastBlock()) {
        last.incrementAndGet();
      }
      o.put("out", i.get("img"));
    }, new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", new File(tmp, "o.img").getPath()),
        new ApplierControls().setProgress(new SilentProgress()).setWindowSize(50, 50)
            .setConcurrencyStyle(ConcurrencyStyle.auto()));
    assertThat(last.get(), is(1));
  }

  /**
   * auto()'s styles wait for a block as long as sequential would: RIOS's default timeouts (10 to 20 s a
   * block) failed a slow function that a sequential run finishes.
   */
  @Test
  void theChosenStylesHaveNoTimeouts() {
    needsTwoCores();
    for (AutoStyle.Choice c : List.of(AutoStyle.decide(20, 2, 2), AutoStyle.decide(2, 50, 2),
        AutoStyle.decide(10, 12, 2))) {
      ConcurrencyStyle st = c.style();
      assertThat(c.reason(), java.util.Arrays.asList(st.readBufferInsertTimeout(), st.readBufferPopTimeout(),
          st.computeBufferInsertTimeout(), st.computeBufferPopTimeout(), st.computeBarrierTimeout()),
          is(java.util.Arrays.asList(null, null, null, null, null)));
    }
  }

  /**
   * Only what GDAL spreads over its threads is divided by them: an output it encodes on one thread (HFA, an
   * uncompressed GTiff) takes as long with any GDAL threads.
   */
  @Test
  void onlyEncodingGdalSpreadsIsDividedByItsThreads() {
    needsTwoCores();
    java.util.function.ToIntFunction<ConcurrencyStyle> gdal = st -> st.numComputeWorkers() > 1 ? 1 : 2;
    AutoStyle.Choice shared = AutoStyle.decide(new AutoStyle.Times(3, false, 10, 60, 0), 2, gdal);
    assertThat(shared.reason(), containsString("40.0 with 1 read worker"));
    AutoStyle.Choice alone = AutoStyle.decide(new AutoStyle.Times(3, false, 10, 0, 60), 2, gdal);
    assertThat(alone.reason(), containsString("73.0 ms sequential, 70.0 with 1 read worker"));
    org.rios.plan.OutputSettings deflate = settings("GTiff",
        List.of("COMPRESS=DEFLATE", "TILED=YES"));
    assertThat(AutoStyle.encodesOnGdalThreads(new org.rios.plan.OutputSpec("o", null, "o.tif", deflate)), is(true));
    org.rios.plan.OutputSettings plain = settings("GTiff", List.of("TILED=YES"));
    assertThat(AutoStyle.encodesOnGdalThreads(new org.rios.plan.OutputSpec("o", null, "o.tif", plain)), is(false));
    org.rios.plan.OutputSettings hfa = settings("HFA", List.of("COMPRESSED=YES"));
    assertThat(AutoStyle.encodesOnGdalThreads(new org.rios.plan.OutputSpec("o", null, "o.img", hfa)), is(false));
  }

  private static org.rios.plan.OutputSettings settings(String driver, List<String> options) {
    return new org.rios.plan.OutputSettings(driver, options, null, false, null, false, false, false, null, 0, null,
        "NEAREST", null, null, null, false, null, null);
  }

  /** A driver that cannot write into memory is not timed, and the report says so instead of "0.0 ms". */
  @Test
  void anUntimedOutputIsReportedAsSuch() {
    needsTwoCores();
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    FilenameAssociations infiles = new FilenameAssociations().put("img", in);
    FilenameAssociations outfiles = new FilenameAssociations().put("a", new File(tmp, "a.img").getPath());
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100);
    org.rios.plan.WorkingPlan plan = org.rios.plan.WorkingPlanBuilder.build(infiles, outfiles, c);
    AutoStyle.Choice choice = AutoStyle.choose(plan, new BlockStages(plan, infiles, outfiles),
        (UserFunctionWithArgs<Void>) (info, i, o, a) -> o.put("a", i.get("img")), null, 2, null, null, null,
        (spec, block) -> Double.NaN);
    assertThat(choice.reason(), containsString("; writing a not timed"));
  }

  /** The timing blocks stop when the run is cancelled, and nothing is written. */
  @Test
  void cancellingWhileTimingStopsTheRun() {
    needsTwoCores();
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "o.img").getPath();
    List<String> labels = new java.util.ArrayList<>();
    org.rios.progress.Progress cancelled = new org.rios.progress.Progress() {
      @Override public void setTotalSteps(int steps) {}

      @Override public void setProgress(int progress) {}

      @Override public void reset() {}

      @Override public void setLabelText(String text) {
        labels.add(text);
      }

      @Override public boolean wasCancelled() {
        return true;
      }
    };
    org.rios.errors.ProcessCancelledException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.ProcessCancelledException.class, () -> Applier.apply((info, i, o) -> o.put("out", i.get("img")),
            new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", out),
            new ApplierControls().setProgress(cancelled).setWindowSize(100, 100)
                .setConcurrencyStyle(ConcurrencyStyle.auto())));
    assertThat(e.getMessage(), containsString("while timing"));
    assertThat(labels.get(0), containsString("Timing 3 blocks"));
    assertThat("the run's own label again", labels.get(labels.size() - 1), is((String) null));
    assertThat(new File(out).exists(), is(false));
  }

  /**
   * The timing blocks rasterize vectors into the run's own temp directory, for the run to reuse: they used
   * the controls' temp directory itself (the working directory by default), and the run rasterized again.
   */
  @Test
  void theTimingBlocksRasterizeIntoTheRunsTempDirectory() {
    String ramp = TestRasters.rampFile(new File(tmp, "in.img"));
    String vec = org.rios.testutil.TestVectors.twoSquares(new File(tmp, "squares.shp"));
    File temp = new File(tmp, "temp");
    assertThat(temp.mkdir(), is(true));
    List<String> strays = new java.util.concurrent.CopyOnWriteArrayList<>();
    ApplierReturn<Void> r = Applier.apply((info, i, o) -> {
      java.io.File[] direct = temp.listFiles((d, n) -> n.startsWith(org.rios.io.RasterizationCache.PREFIX));
      if (direct != null && direct.length > 0) {
        strays.add(direct[0].getName());
      }
      o.put("out", i.get("vec"));
    }, new FilenameAssociations().put("img", ramp).put("vec", vec),
        new FilenameAssociations().put("out", new File(tmp, "o.img").getPath()),
        new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100).setTempdir(temp.getPath())
            .setConcurrencyStyle(ConcurrencyStyle.auto()));
    assertThat(r.timings().formatReport(), containsString("auto: "));
    assertThat("rasterized right in the controls' temp directory", strays, is(List.of()));
    assertThat(org.rios.testutil.TestVectors.namesStartingWith(temp, org.rios.io.RasterizationCache.PREFIX),
        is(List.of()));
  }

  @Test
  void aSmallRunStaysSequential() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    ApplierReturn<Void> r = Applier.apply((info, i, o) -> o.put("out", i.get("img")),
        new FilenameAssociations().put("img", in), new FilenameAssociations().put("out", new File(tmp, "o.img").getPath()),
        new ApplierControls().setProgress(new SilentProgress()).setConcurrencyStyle(ConcurrencyStyle.auto()));
    assertThat(r.timings().formatReport(), containsString("blocks, so sequential"));
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertThat("the report says GDAL's share", r.timings().formatReport(), containsString("GDAL threads: "));
    }
  }
}
