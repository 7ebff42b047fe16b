package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.RiosException;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/**
 * The per-output writers of RiosIO: blocks in any order and more than once give one complete file and one
 * record; a failure on the writer's thread reaches the caller and leaves nothing behind; abort deletes.
 */
class OutputWritersTest {
  @TempDir File tmp;

  private OutputTarget target(String run, File outDir) {
    return target(run, outDir, 256);
  }

  private OutputTarget target(String run, File outDir, int window) {
    outDir.mkdirs();
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(outDir, "out.tif").getPath()),
        controls(window).setTempdir(tmp.getPath()));
    return new OutputTarget(run, "job", plan.forOutput(plan.outputs().get(0)), plan.numBlocks(), 1,
        false);
  }

  /**
   * An abort that comes once every block has been handed over (the last ones still in the writer's buffer)
   * stops the writer there: it used to write the buffered blocks, finish the file and put it in place (its
   * earlier file kept aside), though its job had failed.
   */
  @Test
  void anAbortAfterTheLastBlockIsHandedOverFinishesNothing() throws Exception {
    File dir = new File(tmp, "drain");
    dir.mkdirs();
    String out = new File(dir, "out.tif").getPath();
    java.nio.file.Files.write(new File(out).toPath(), new byte[] {1, 2, 3});
    SlowOutput slow = slowOutput("run-drain", out, 2);
    OutputTarget t = slow.target();
    List<BlockDefn> blocks = slow.blocks();
    List<RasterArray> arrays = slow.arrays();
    OutputWriter w = OutputWriters.open(t);
    ReadyOutput[] returned = new ReadyOutput[1];
    Thread feeder = new Thread(() -> returned[0] = w.write(blocks, arrays));
    feeder.start();
    while (feeder.isAlive() && !(feeder.getState() == Thread.State.WAITING
        && java.util.Arrays.stream(feeder.getStackTrace()).anyMatch(f -> f.getClassName().equals(java.util.concurrent.CountDownLatch.class.getName())
            && f.getMethodName().equals("await")))) {
      Thread.sleep(1);   // until every block is handed over: the feeder then waits for the writer's thread
    }
    OutputWriters.abort(t.key());
    feeder.join();
    assertThat(returned[0], is(nullValue()));
    assertThat(OutputWriters.finished(t.key()), is(nullValue()));
    assertThat(java.nio.file.Files.readAllBytes(new File(out).toPath()), is(new byte[] {1, 2, 3}));
    assertThat(dir.list(), is(new String[] {"out.tif"}));
  }

  /** An output's target and every block of it, whose writing takes a while (random Float32, DEFLATE). */
  private record SlowOutput(OutputTarget target, List<BlockDefn> blocks, List<RasterArray> arrays) {}

  /**
   * A 2048 x 2048 output {@code out} in 256 blocks of 128 x 128 random floats: its writer's buffer (32 blocks)
   * fills faster than the writer compresses them.
   */
  private SlowOutput slowOutput(String run, String out, int jobOutputs) {
    File big = new File(tmp, "big.img");
    String in = big.exists() ? big.getPath()
        : TestRasters.rampFile(big, false, 500000, 7000000, null, 2048, 2048);
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out), controls(128).setTempdir(tmp.getPath()));
    OutputTarget t = new OutputTarget(run, "job", plan.forOutput(plan.outputs().get(0)), plan.numBlocks(),
        jobOutputs, false);
    List<RasterArray> arrays = new ArrayList<>();
    java.util.Random r = new java.util.Random(3);
    for (BlockDefn b : plan.blocks()) {
      RasterArray a = RasterArray.create(DataType.FLOAT32, 1, b.nrows(), b.ncols());
      float[] f = a.floats();
      for (int i = 0; i < f.length; i++) {
        f[i] = r.nextFloat();
      }
      arrays.add(a);
    }
    return new SlowOutput(t, plan.blocks(), arrays);
  }

  /** {@code t} as one of two outputs of its job: finished under its partial name, for the job's commit. */
  private static OutputTarget oneOfTwo(OutputTarget t) {
    return new OutputTarget(t.runId(), t.jobId(), t.plan(), t.numBlocks(), 2, false);
  }

  /** The whole plan the writer's target was cut from: its blocks. */
  private WorkingPlan fullPlan(OutputTarget t) {
    return WorkingPlanBuilder.build(new FilenameAssociations().put("img", new File(tmp, "in.img").getPath()),
        new FilenameAssociations().put("out", t.spec().filename()),
        controls(t.plan().windowXsize()));
  }

  /** GTiff outputs whose tiles are the window's size. */
  private static ApplierControls controls(int window) {
    return new ApplierControls().setProgress(new SilentProgress()).setWindowSize(window, window)
        .setOutputDriverName("GTiff").setCreationOptions(List.of("TILED=YES", "COMPRESS=DEFLATE",
            "BLOCKXSIZE=" + window, "BLOCKYSIZE=" + window));
  }

  private static RasterArray block(BlockDefn b, double value) {
    return RasterArray.filled(DataType.FLOAT32, 1, b.nrows(), b.ncols(), value);
  }

  /**
   * Opens {@code t}'s writer and hands it every block but the last at once: with small blocks, its thread is
   * still writing them when the call returns.
   */
  private void handAllButTheLastBlock(OutputTarget t) {
    WorkingPlan full = fullPlan(t);
    List<BlockDefn> most = full.blocks().subList(0, full.numBlocks() - 1);
    List<RasterArray> arrays = new ArrayList<>();
    most.forEach(b -> arrays.add(block(b, 1)));
    OutputWriters.open(t).write(most, arrays);
  }

  @Test
  void blocksInAnyOrderAndTwiceGiveOneCompleteFileAndOneRecord() {
    File dir = new File(tmp, "ok");
    OutputTarget t = oneOfTwo(target("run-ok", dir));
    WorkingPlan full = fullPlan(t);
    List<BlockDefn> all = new ArrayList<>(full.blocks());
    Collections.reverse(all);
    OutputWriter w = OutputWriters.open(t);
    ReadyOutput record = null;
    for (int i = 0; i < all.size(); i += 3) {
      List<BlockDefn> chunk = all.subList(i, Math.min(all.size(), i + 3));
      List<RasterArray> arrays = new ArrayList<>();
      chunk.forEach(b -> arrays.add(block(b, b.index())));
      // every chunk twice, as a re-run bundle would send it: the second is skipped
      ReadyOutput first = w.write(chunk, arrays);
      ReadyOutput again = w.write(chunk, arrays);
      assertThat(again, nullValue());
      if (first != null) {
        record = first;
      }
    }
    assertThat(record, notNullValue());
    assertThat(record.record().width(), is(500));
    assertThat(w.blocksWritten(), is(full.numBlocks()));
    assertThat(OutputWriters.isOpen(t.key()), is(false));
    assertThat(OutputWriters.finished(t.key()), is(record));
    assertThat("in place (no earlier file to keep aside)", record.file().earlierKept(), is(false));
    RasterArray back = TestRasters.read(t.spec().filename());
    BlockDefn last = full.blocks().get(full.numBlocks() - 1);
    assertThat(back.getDouble(0, last.top(), last.left()), is((double) last.index()));
  }

  @Test
  void aFailureOnTheWritersThreadReachesTheCallerAndLeavesNothing() {
    File dir = new File(tmp, "fail");
    OutputTarget t = target("run-fail", dir);
    WorkingPlan full = fullPlan(t);
    OutputWriter w = OutputWriters.open(t);
    BlockDefn b0 = full.blocks().get(0);
    assertThat(w.write(List.of(b0), List.of(block(b0, 1))), nullValue());
    // a block whose array has the wrong number of bands: the writer's thread fails on it
    BlockDefn b1 = full.blocks().get(1);
    w.write(List.of(b1), List.of(RasterArray.filled(DataType.FLOAT32, 2, b1.nrows(), b1.ncols(), 1)));
    List<BlockDefn> rest = full.blocks().subList(2, full.numBlocks());
    List<RasterArray> arrays = new ArrayList<>();
    rest.forEach(b -> arrays.add(block(b, 1)));
    RiosException e = assertThrows(RiosException.class, () -> w.write(rest, arrays));
    assertThat(e.getMessage(), containsString("bands"));
    assertThat(OutputWriters.isOpen(t.key()), is(false));
    assertThat("nothing left in " + dir, List.of(dir.list()), is(List.of()));
  }

  /**
   * Two jobs' writers of one file open at once in this JVM (two RiosIO.process steps writing one path) each
   * wrote it, the last replacing the other, and both were reported written: the second is refused, naming both
   * jobs; once the first is no longer open, the path is free.
   */
  @Test
  void aSecondJobsWriterOfAnOpenPathIsRefused() {
    File dir = new File(tmp, "shared");
    OutputTarget a = target("run-a", dir);
    OutputTarget b = new OutputTarget("run-b", "other", a.plan(), a.numBlocks(), 1, false);
    OutputWriters.open(a);
    org.rios.errors.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.rios.errors.ParameterException.class, () -> OutputWriters.open(b));
    assertThat(e.getMessage(), org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("job 'other'"),
        org.hamcrest.Matchers.containsString("job 'job'"), org.hamcrest.Matchers.containsString("out.tif")));
    assertThat(OutputWriters.isOpen(b.key()), is(false));
    OutputWriters.abort(a.key());
    OutputWriters.open(b);
    assertThat(OutputWriters.isOpen(b.key()), is(true));
    OutputWriters.abort(b.key());
  }

  @Test
  void abortDeletesThePartialFile() {
    File dir = new File(tmp, "abort");
    OutputTarget t = target("run-abort", dir);
    WorkingPlan full = fullPlan(t);
    OutputWriter w = OutputWriters.open(t);
    BlockDefn b0 = full.blocks().get(0);
    w.write(List.of(b0), List.of(block(b0, 1)));
    OutputWriters.abort(t.key());
    assertThat(OutputWriters.isOpen(t.key()), is(false));
    assertThat("nothing left in " + dir, dir.list(), emptyArray());
    assertThat("a late block is not written", w.write(List.of(full.blocks().get(1)),
        List.of(block(full.blocks().get(1), 1))), nullValue());
    assertThat(dir.list(), emptyArray());
  }

  @Test
  void abortFromAnInterruptedThreadStillWaitsForTheWriterAndDeletes() throws Exception {
    File dir = new File(tmp, "interrupted");
    OutputTarget t = target("run-interrupted", dir, 16);
    handAllButTheLastBlock(t);
    // Flink interrupts a task it cancels and then tears its DoFns down with the interrupt still set: the
    // abort must not return before the writer's thread has stopped and the partial file is gone
    Thread.currentThread().interrupt();
    try {
      OutputWriters.abort(t.key());
      assertThat("the interrupt is kept for the caller", Thread.currentThread().isInterrupted(), is(true));
    } finally {
      Thread.interrupted();
    }
    assertThat("the writer's thread has stopped", Thread.getAllStackTraces().keySet().stream()
        .anyMatch(th -> th.getName().equals("rios-writer job/out")), is(false));
    assertThat(OutputWriters.isOpen(t.key()), is(false));
    assertThat("nothing left in " + dir, List.of(dir.list()), is(List.of()));
  }

  @Test
  void stopRunReturnsOnlyWhenEveryWriterOfTheRunHasDeletedItsFileAndLeavesOtherRunsAlone() throws Exception {
    File other = new File(tmp, "other-run");
    OutputTarget b = oneOfTwo(target("run-stop-b", other));
    File dir = new File(tmp, "stopped-run");
    OutputTarget t = target("run-stop-a", dir, 16);
    handAllButTheLastBlock(t);
    OutputWriter wb = OutputWriters.open(b);
    WorkingPlan fullB = fullPlan(b);
    BlockDefn b0 = fullB.blocks().get(0);
    wb.write(List.of(b0), List.of(block(b0, 1)));
    // the runner's teardown is aborting the writer on another thread (it has left the open writers and is
    // waiting for the writer's thread) when the launcher learns that the run failed
    Thread teardown = new Thread(() -> OutputWriters.abort(t.key()), "teardown");
    teardown.start();
    while (OutputWriters.isOpen(t.key())) {
      Thread.onSpinWait();
    }
    OutputWriters.stopRun("run-stop-a");
    assertThat("nothing left in " + dir + " when stopRun returns", dir.list(), emptyArray());
    teardown.join();
    assertThat("another run's writer is not touched", OutputWriters.isOpen(b.key()), is(true));
    List<BlockDefn> restB = fullB.blocks().subList(1, fullB.numBlocks());
    List<RasterArray> arraysB = new ArrayList<>();
    restB.forEach(blk -> arraysB.add(block(blk, 2)));
    assertThat(wb.write(restB, arraysB), notNullValue());
    assertThat(new File(b.spec().filename()).isFile(), is(true));
  }

  /** Writes every block of {@code t} with {@code value}; the writer's record. */
  private ReadyOutput writeAll(OutputTarget t, int value) {
    WorkingPlan full = fullPlan(t);
    List<RasterArray> arrays = new ArrayList<>();
    full.blocks().forEach(blk -> arrays.add(block(blk, value)));
    return OutputWriters.open(t).write(full.blocks(), arrays);
  }

  @Test
  void oneOfSeveralOutputsKeepsItsEarlierFileUntilItsJobIsConfirmedOrTakenBack() {
    File dir = new File(tmp, "kept");
    writeAll(target("run-kept-0", dir), 1);
    // one of two outputs of a job: in place, the earlier file kept aside for the job's commit step
    OutputTarget t = oneOfTwo(target("run-kept-1", dir));
    ReadyOutput second = writeAll(t, 2);
    assertThat(second.file().earlierKept(), is(true));
    assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat(new File(dir, "out.tif.rios-replaced.tif").isFile(), is(true));
    org.rios.io.OutputCommit.confirm(List.of(second.file()));
    assertThat(new File(dir, "out.tif.rios-replaced.tif").exists(), is(false));
    assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(2.0));
    // the next: its job fails elsewhere, and it is taken back
    OutputTarget u = oneOfTwo(target("run-kept-2", dir));
    org.rios.io.OutputCommit.undo(List.of(writeAll(u, 3).file()));
    assertThat(TestRasters.read(u.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
  }

  /**
   * A chunk of a finished output that comes again (a re-run compute bundle of the same attempt, writing in
   * process) finds no writer: it used to open a second one beside the complete file, which could never finish
   * and left its partial file until the orphan clean-up.
   */
  @Test
  void aFinishedOutputIsNotOpenedAgainInProcess() throws Exception {
    File dir = new File(tmp, "again");
    OutputTarget t = target("run-again", dir);
    WorkingPlan full = fullPlan(t);
    List<RasterArray> arrays = new ArrayList<>();
    full.blocks().forEach(blk -> arrays.add(block(blk, 1)));
    assertThat(OutputWriters.openUnlessAborted(t).writeCounted(full.blocks(), arrays), notNullValue());
    assertThat(OutputWriters.openUnlessAborted(t), nullValue());
    assertThat(OutputWriters.isOpen(t.key()), is(false));
    assertThat(OutputWriters.finished(t.key()), notNullValue());
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
  }

  /**
   * A job failing the pipeline from one output's writer (no failed-job routing: no commit step will settle
   * it) is taken back here: its output finished in this JVM goes back to the earlier file, and one finishing
   * after that takes itself back; the job replaces none of its earlier outputs.
   */
  @Test
  void takeBackJobRestoresTheJobsFinishedOutputsAndThoseFinishingLater() {
    File dirA = new File(tmp, "job-a");
    File dirB = new File(tmp, "job-b");
    writeAll(target("run-tb-before", dirA), 1);
    writeAll(target("run-tb-before", dirB), 1);
    OutputTarget a = oneOfTwo(target("run-tb", dirA));
    ReadyOutput done = writeAll(a, 2);
    assertThat(TestRasters.read(a.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat(OutputWriters.takeBackJob(done.jobKey()), is(empty()));
    assertThat(TestRasters.read(a.spec().filename()).getDouble(0, 0, 0), is(1.0));
    // the same job's other output, finished after the take-back, takes itself back
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", new File(tmp, "in.img").getPath()),
        new FilenameAssociations().put("other", new File(dirB, "out.tif").getPath()), controls(256));
    OutputTarget b = new OutputTarget("run-tb", "job", plan.forOutput(plan.outputs().get(0)), plan.numBlocks(), 2,
        false);
    assertThat(b.key(), is("run-tb/job/other"));
    writeAll(b, 2);
    assertThat(TestRasters.read(b.spec().filename()).getDouble(0, 0, 0), is(1.0));
    for (File d : new File[] {dirA, dirB}) {
      assertThat(List.of(d.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
    }
  }

  @Test
  void stopRunTakesBackTheRunsOutputsItsCommitStepHasNotConfirmed() {
    File dir = new File(tmp, "taken-back");
    writeAll(target("run-before", dir), 1);
    OutputTarget t = oneOfTwo(target("run-finished-stop", dir));
    writeAll(t, 3);
    // the run failed elsewhere before its commit step heard from the job's other output
    OutputWriters.stopRun("run-finished-stop");
    assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(1.0));
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
  }

  @Test
  void stopRunLeavesAJobItsCommitStepConfirmedAlone() {
    File dir = new File(tmp, "confirmed-then-stopped");
    writeAll(target("run-c-before", dir), 1);
    OutputTarget t = oneOfTwo(target("run-c", dir));
    ReadyOutput done = writeAll(t, 2);
    // the commit step decides first (as CommitJobFn does, before it deletes the earlier file)
    assertThat(OutputWriters.settle(done.jobKey(), true), is(true));
    org.rios.io.OutputCommit.confirm(List.of(done.file()));
    OutputWriters.stopRun("run-c");
    assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat("decided once", OutputWriters.settle(done.jobKey(), false), is(false));
  }

  /**
   * A job one of whose two outputs never reaches the commit step, with no failure reported for it: the output
   * that came is taken back (the earlier file restored) and the job fails naming it, routed or failing the
   * pipeline. It used to be taken back without a word.
   */
  @Test
  void aJobWhoseOutputsDidNotAllComeIsTakenBackAloud() throws Exception {
    for (boolean routed : new boolean[] {true, false}) {
      File dir = new File(tmp, "incomplete-" + routed);
      writeAll(target("run-inc-before-" + routed, dir), 1);
      ReadyOutput half = writeAll(oneOfTwo(target("run-inc-" + routed, dir)), 2);
      TupleTag<WrittenRaster> writtenTag = new TupleTag<>("written");
      TupleTag<FailedJob> failedTag = new TupleTag<>("failed");
      Pipeline p = Pipeline.create(RiosOptions.fromArgs("--runner=DirectRunner"));
      PCollectionTuple r = p.apply(Create.of(KV.of(half.jobKey(), half))
              .withCoder(KvCoder.of(StringUtf8Coder.of(), ByEncodingCoder.forType(ReadyOutput.class))))
          .apply(ParDo.of(new CommitJobFn(writtenTag, routed ? failedTag : null, false))
              .withOutputTags(writtenTag, TupleTagList.of(failedTag)));
      Path written = tmp.toPath().resolve("written-" + routed + ".bin");
      Path failed = tmp.toPath().resolve("failed-" + routed + ".bin");
      r.get(writtenTag).setCoder(ByEncodingCoder.forType(WrittenRaster.class)).apply(CollectToFile.to(written));
      r.get(failedTag).setCoder(ByEncodingCoder.forType(FailedJob.class)).apply("Failed", CollectToFile.to(failed));
      String said;
      if (routed) {
        p.run().waitUntilFinish();
        List<FailedJob> f = CollectToFile.read(failed, ByEncodingCoder.forType(FailedJob.class));
        assertThat(f.size(), is(1));
        said = f.get(0).message();
        assertThat(CollectToFile.read(written, ByEncodingCoder.forType(WrittenRaster.class)), empty());
      } else {
        RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
          sb.append(t.getMessage()).append('\n');
        }
        said = sb.toString();
      }
      assertThat(said, allOf(containsString("Job 'job'"), containsString("only 1 of its 2 outputs was finished, so it was taken back"),
          containsString(new File(dir, "out.tif").getPath())));
      assertThat("the earlier file is back", TestRasters.read(new File(dir, "out.tif").getPath()).getDouble(0, 0, 0),
          is(1.0));
      assertThat("nothing of the new file is left", java.util.Arrays.stream(dir.list())
          .filter(n -> n.contains("rios")).toList(), empty());
    }
  }

  /** Of one job's failures, the one naming the cause wins over the commit step's "taken back", in any order. */
  @Test
  void aFailureNamingItsCauseIsKeptOverTheTakingBack() {
    FailedJob cause = new FailedJob("j", "Job 'j': zz disk full");
    FailedJob after = new FailedJob("j", "Job 'j': a output taken back", true);
    RiosIO.FirstFailure first = new RiosIO.FirstFailure();
    assertThat(first.apply(cause, after), is(cause));
    assertThat(first.apply(after, cause), is(cause));
  }

  @Test
  void aRunIsForgottenOnlyOnceIdleAndWithNothingOfItLeftOpenHere() {
    File dir = new File(tmp, "forgotten");
    OutputTarget t = oneOfTwo(target("run-forget-done", dir));
    ReadyOutput done = writeAll(t, 5);
    OutputWriters.settle(done.jobKey(), true);
    OutputTarget open = target("run-forget-open", new File(tmp, "forgotten-open"));
    handAllButTheLastBlock(open);
    OutputWriters.abort("run-forget-failed/job/out");

    assertThat("used just now", OutputWriters.forgetRunsIdleFor(60_000_000_000L).contains("run-forget-done"),
        is(false));
    assertThat(OutputWriters.finished(t.key()), is(done));

    java.util.Set<String> forgotten = OutputWriters.forgetRunsIdleFor(0);
    assertThat(forgotten.contains("run-forget-done"), is(true));
    assertThat(forgotten.contains("run-forget-failed"), is(true));
    assertThat("a writer of it still open", forgotten.contains("run-forget-open"), is(false));
    assertThat(OutputWriters.finished(t.key()), nullValue());
    assertThat(OutputWriters.confirmed(done.jobKey()), nullValue());
    assertThat(OutputWriters.wasAborted("run-forget-failed/job/out"), is(false));
    assertThat(OutputWriters.isOpen(open.key()), is(true));
    assertThat("the file is untouched", TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(5.0));

    OutputWriters.abort(open.key());
    assertThat(OutputWriters.forgetRunsIdleFor(0).contains("run-forget-open"), is(true));
  }

  /** {@code t} in a run its launcher confirms (Applier.apply with CW_BEAM). */
  private static OutputTarget confirmedByLauncher(OutputTarget t) {
    return new OutputTarget(t.runId(), t.jobId(), t.plan(), t.numBlocks(), t.jobOutputs(), true);
  }

  /**
   * Once the launcher confirms a run whose writers carry an attempt (every pipeline's do), taking the run's
   * finished outputs back (what the shutdown hook does when it cannot wait for the confirmation) leaves them in
   * place: the confirmation was settled under "run/job" and the writers' records under "run~attempt/job", so
   * the take-back deleted the confirmed output, its earlier file already gone.
   */
  @Test
  void aConfirmedRunWithAnAttemptIsNotTakenBackAfterwards() {
    File dir = new File(tmp, "attempt");
    writeAll(target("run-a-0", dir), 1);
    OutputTarget t = target("run-a", dir);
    OutputTarget withAttempt = new OutputTarget(t.runId(), "attempt-1", t.jobId(), t.plan(), t.numBlocks(),
        t.jobOutputs(), true);
    ReadyOutput done = writeAll(withAttempt, 2);
    assertThat(done.keptEarlier(), is(true));
    OutputWriters.confirmRun("run-a", withAttempt.jobId(), withAttempt.plan().outputs());
    assertThat(OutputWriters.confirmed(done.jobKey()), is(true));
    OutputWriters.takeBackFinished("run-a");
    assertThat(TestRasters.read(withAttempt.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
  }

  @Test
  void anOnlyOutputTheLauncherConfirmsKeepsItsEarlierFileUntilTheLauncherConfirmsOrTakesItBack() {
    File dir = new File(tmp, "launcher");
    File aside = new File(dir, "out.tif.rios-replaced.tif");
    writeAll(target("run-l-0", dir), 1);
    // the run succeeds: in place at its writer, the earlier file aside until the launcher confirms
    OutputTarget ok = confirmedByLauncher(target("run-l-ok", dir));
    ReadyOutput done = writeAll(ok, 2);
    assertThat(done.keptEarlier(), is(true));
    assertThat(TestRasters.read(ok.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat(aside.isFile(), is(true));
    OutputWriters.confirmRun("run-l-ok", ok.jobId(), ok.plan().outputs());
    assertThat(aside.exists(), is(false));
    assertThat(TestRasters.read(ok.spec().filename()).getDouble(0, 0, 0), is(2.0));
    // the next fails after its output was put in place: taken back by the file's identity in this JVM
    OutputTarget failed = confirmedByLauncher(target("run-l-failed", dir));
    writeAll(failed, 3);
    assertThat(OutputWriters.takeBackRun("run-l-failed", failed.plan().outputs()), empty());
    assertThat(TestRasters.read(failed.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
    // written by a writer in another JVM (this JVM has no record of it): taken back by its name
    OutputTarget elsewhere = confirmedByLauncher(target("run-l-elsewhere", dir));
    writeAll(elsewhere, 4);
    OutputWriters.forgetRunsIdleFor(0);
    assertThat(OutputWriters.finished(elsewhere.key()), nullValue());
    OutputWriters.takeBackRun("run-l-elsewhere", elsewhere.plan().outputs());
    assertThat(TestRasters.read(elsewhere.spec().filename()).getDouble(0, 0, 0), is(2.0));
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
  }

  /**
   * An output of a failed launcher run that cannot be taken back (written in place: a virtual file here, an
   * upload to an object store in use) is named in what takeBackRun returns, which the launcher attaches to
   * the run's failure; it used to be passed over without a word.
   */
  @Test
  void anOutputOfAFailedRunThatCannotBeTakenBackIsNamed() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = "/vsimem/rios-left-" + System.nanoTime() + "/out.tif";
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out), controls(256).setTempdir(tmp.getPath()));
    OutputTarget t = new OutputTarget("run-left", "job", plan.forOutput(plan.outputs().get(0)), plan.numBlocks(),
        1, true);
    WorkingPlan full = t.plan();
    List<RasterArray> arrays = new ArrayList<>();
    fullPlan(t).blocks().forEach(blk -> arrays.add(block(blk, 5)));
    assertThat(OutputWriters.open(t).write(fullPlan(t).blocks(), arrays), notNullValue());
    List<RuntimeException> left = OutputWriters.takeBackRun("run-left", full.outputs());
    assertThat(left.size(), is(1));
    assertThat(left.get(0).getMessage(), allOf(containsString(out), containsString("of job 'job'"),
        containsString("stays")));
    assertThat(TestRasters.read(out).getDouble(0, 0, 0), is(5.0));
    org.gdal.gdal.gdal.Unlink(out);
  }

  @Test
  void aWriterFinishingAfterItsRunWasStoppedTakesItsOwnOutputBack() {
    File dir = new File(tmp, "late");
    writeAll(target("run-late-0", dir), 1);
    OutputTarget t = confirmedByLauncher(target("run-late", dir));
    handAllButTheLastBlock(t);
    // the JVM shuts down under the run (the hook does not wait for writers still at work) ...
    OutputWriters.takeBackFinished("run-late");
    // ... and the writer finishes after that: it puts its file in place, then takes it back itself
    WorkingPlan full = fullPlan(t);
    BlockDefn last = full.blocks().get(full.numBlocks() - 1);
    assertThat(OutputWriters.open(t).write(List.of(last), List.of(block(last, 7))), notNullValue());
    assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(1.0));
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
  }

  /**
   * The output's record cannot be made once its file is in place (reading the file back fails): the writer
   * fails, and the final path holds the earlier file again, for a job's only output as for one of several.
   * A job's only output used to stay in place, its earlier file gone, while its job was reported failed.
   */
  @Test
  void anOutputWhoseRecordCannotBeMadeIsTakenBack() {
    for (boolean several : new boolean[] {false, true}) {
      File dir = new File(tmp, "no-record-" + several);
      writeAll(target("run-no-record-0-" + several, dir), 1);
      OutputTarget plain = target("run-no-record-1-" + several, dir);
      OutputTarget t = several ? oneOfTwo(plain) : plain;
      OutputWriter.beforeRecord = target -> {
        if (target.key().equals(t.key())) {
          throw new org.rios.errors.OutputWriteException("cannot read " + target.spec().filename() + " back");
        }
      };
      try {
        RiosException e = assertThrows(RiosException.class, () -> writeAll(t, 2));
        assertThat(e.getMessage(), containsString("cannot read"));
      } finally {
        OutputWriter.beforeRecord = target -> { };
      }
      assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(1.0));
      assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
    }
  }

  /**
   * A writer that cannot be made (an earlier output left aside by a killed run cannot be moved back: a directory
   * holds its name) fails naming the output and leaves no scratch directory of its own behind.
   */
  @Test
  void aWriterThatCannotBeMadeLeavesNoScratchDirectory() throws Exception {
    File dir = new File(tmp, "unmakeable");
    OutputTarget t = target("run-unmakeable", dir);
    java.nio.file.Files.write(new File(dir, "out.tif.rios-replaced.tif").toPath(), new byte[] {1, 2, 3});
    File blocking = new File(dir, "out.tif");
    assertThat(new File(blocking, "inside").mkdirs(), is(true));
    RuntimeException e = assertThrows(RuntimeException.class, () -> OutputWriters.open(t));
    assertThat(e.getMessage(), containsString("out.tif"));
    assertThat(OutputWriters.isOpen(t.key()), is(false));
    assertThat(tmp.list((d, n) -> n.startsWith("rios_writer_")), emptyArray());
  }

  /**
   * Writers aborted together (a worker's teardown, a failed job's outputs) are all told before any is waited
   * for: two writers whose threads are busy are both marked aborted at once. They used to be aborted one after
   * the other, each waited for up to ABORT_WAIT_SECONDS, which could outlast Flink's cancellation timeout.
   */
  @Test
  void writersAbortedTogetherAreAllToldBeforeAnyIsWaitedFor() throws Exception {
    OutputTarget a = target("run-together-a", new File(tmp, "together-a"));
    OutputTarget b = target("run-together-b", new File(tmp, "together-b"));
    java.util.concurrent.CountDownLatch inHook = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    OutputWriter.beforeRecord = target -> {
      inHook.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    List<Thread> threads = new ArrayList<>();
    try {
      OutputWriter wa = OutputWriters.open(a);
      OutputWriter wb = OutputWriters.open(b);
      for (OutputTarget t : List.of(a, b)) {
        Thread w = new Thread(() -> writeAll(t, 1), "writing " + t.key());
        w.start();
        threads.add(w);
      }
      assertThat("both writers' threads busy", inHook.await(30, java.util.concurrent.TimeUnit.SECONDS), is(true));
      Thread aborting = new Thread(() -> OutputWriters.abort(List.of(a.key(), b.key())), "aborting both");
      aborting.start();
      threads.add(aborting);
      long until = System.nanoTime() + 10_000_000_000L;
      while (!(wa.aborted() && wb.aborted()) && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat("both writers told while both are still busy", wa.aborted() && wb.aborted(), is(true));
    } finally {
      release.countDown();
      for (Thread th : threads) {
        th.join(60_000);
      }
      OutputWriter.beforeRecord = target -> { };
    }
  }

  /** A job's only output, written over an earlier file: in place, and the earlier file gone. */
  @Test
  void aJobsOnlyOutputReplacesTheEarlierFile() {
    File dir = new File(tmp, "only-replacing");
    writeAll(target("run-only-replacing-0", dir), 1);
    OutputTarget t = target("run-only-replacing-1", dir);
    ReadyOutput done = writeAll(t, 3);
    // confirmed by its writer: the commit step must not delete by name what another writer sets aside later
    assertThat(done.file().earlierKept(), is(false));
    assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(3.0));
    assertThat(List.of(dir.list()).stream().filter(n -> n.contains("rios-")).toList(), is(List.of()));
  }

  @Test
  void aJobsOnlyOutputIsPutInPlaceByItsWriter() {
    File dir = new File(tmp, "only-output");
    OutputTarget t = target("run-only", dir);
    WorkingPlan full = fullPlan(t);
    List<RasterArray> arrays = new ArrayList<>();
    full.blocks().forEach(blk -> arrays.add(block(blk, 4)));
    ReadyOutput done = OutputWriters.open(t).write(full.blocks(), arrays);
    assertThat(done.file().earlierKept(), is(false));
    assertThat(new File(t.spec().filename()).isFile(), is(true));
    assertThat(TestRasters.read(t.spec().filename()).getDouble(0, 0, 0), is(4.0));
  }


  /**
   * A writer runs on a thread an earlier writer used (GDAL state per thread, its PROJ context above all, is
   * costly to build for every small output), named after its output only while it writes it.
   */
  @Test
  void writersReuseTheThreadsOfEarlierWriters() {
    writeAll(target("run-reuse-1", new File(tmp, "reuse-1")), 1);
    java.util.Set<Thread> idle = writerThreads();
    assertThat("the first writer's thread is kept", idle.isEmpty(), is(false));
    assertThat(idle.stream().allMatch(th -> th.getName().equals(OutputWriter.IDLE_WRITER_THREAD)), is(true));
    for (int i = 2; i <= 4; i++) {
      ReadyOutput done = writeAll(target("run-reuse-" + i, new File(tmp, "reuse-" + i)), i);
      assertThat(new File(done.record().path()).isFile(), is(true));
    }
    assertThat("no new writer thread", idle.containsAll(writerThreads()), is(true));
  }

  private static java.util.Set<Thread> writerThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().startsWith("rios-writer"))
        .collect(java.util.stream.Collectors.toSet());
  }
  @Test
  void abortReturnsOnlyOnceAnAbortUnderWayOnAnotherThreadHasDeletedTheFile() throws Exception {
    // two compute workers failing one job: the second's abort must not return before the first's is done
    File dir = new File(tmp, "aborted-twice");
    OutputTarget t = target("run-abort-twice", dir, 16);
    handAllButTheLastBlock(t);
    Thread first = new Thread(() -> OutputWriters.abort(t.key()), "first-abort");
    first.start();
    while (OutputWriters.isOpen(t.key())) {
      Thread.onSpinWait();
    }
    OutputWriters.abort(t.key());
    assertThat("nothing left in " + dir + " when the second abort returns", dir.list(), emptyArray());
    first.join();
    assertThat(OutputWriters.wasAborted(t.key()), is(true));
  }

  /**
   * One compute worker opens an output's writer in process while another, whose chunk of the same job failed,
   * aborts it: whichever comes first, nothing is left open or on disk once both have returned. A writer still
   * being made when the abort looked at the live writers (making one creates its file) was left open and its
   * partial file behind (PipelineAuthorTest, 1 run in 40).
   */
  @Test
  void anAbortWhileAWriterIsBeingOpenedInProcessLeavesNothing() throws Exception {
    for (int i = 0; i < 12; i++) {
      File dir = new File(tmp, "opening-" + i);
      OutputTarget t = target("run-opening-" + i, dir, 16);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      Thread aborter = new Thread(() -> {
        await(start);
        OutputWriters.abort(t.key());
      }, "aborting-worker");
      aborter.start();
      await(start);
      OutputWriter w = OutputWriters.openUnlessAborted(t);
      aborter.join();
      assertThat("open after the abort, run " + i, OutputWriters.isOpen(t.key()), is(false));
      assertThat("nothing left in " + dir, dir.list(), emptyArray());
      if (w != null) {
        BlockDefn b0 = fullPlan(t).blocks().get(0);
        assertThat("a block after the abort is not written", w.write(List.of(b0), List.of(block(b0, 1))),
            nullValue());
      }
      assertThat(OutputWriters.openUnlessAborted(t), nullValue());
    }
  }

  /**
   * A writer opened after its run was stopped (a late bundle on a runner still tearing down) is refused with
   * the run's reason and leaves no file: it used to fail with the map's "Recursive update" and stay open.
   */
  @Test
  void aWriterOpenedAfterItsRunWasStoppedIsRefusedAndLeavesNothing() {
    File dir = new File(tmp, "stopped");
    OutputTarget t = target("run-stopped-before-open", dir, 16);
    OutputWriters.stopRun(t.runId());
    RiosException e = assertThrows(RiosException.class, () -> OutputWriters.open(t));
    assertThat(e.getMessage(), containsString("has already failed"));
    assertThat(OutputWriters.isOpen(t.key()), is(false));
    assertThat("nothing left in " + dir, dir.list(), emptyArray());
    assertThat("the run is forgotten once idle: no writer of it is left live",
        OutputWriters.forgetRunsIdleFor(0).contains(t.runId()), is(true));
  }

  private static void await(java.util.concurrent.CyclicBarrier b) {
    try {
      b.await();
    } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRunsOutputsAreAbortedOnlyWhenItsLastInProcessWorkerIsGoneForTheGrace() throws Exception {
    // run "kept": its only worker is torn down, and another set up within the grace (a Flink subtask that
    // initialized late); run "orphaned": its last worker torn down, none follows (the run failed)
    File keptDir = new File(tmp, "kept");
    OutputTarget kept = target("run-kept", keptDir, 16);
    handAllButTheLastBlock(kept);
    File orphanedDir = new File(tmp, "orphaned");
    OutputTarget orphaned = target("run-orphaned", orphanedDir, 16);
    handAllButTheLastBlock(orphaned);
    OutputWriters.inProcessWorkerUp("run-kept");
    OutputWriters.inProcessWorkerUp("run-orphaned");
    OutputWriters.inProcessWorkerDown("run-kept");
    OutputWriters.inProcessWorkerDown("run-orphaned");
    assertThat("not at once", OutputWriters.isOpen(orphaned.key()), is(true));
    OutputWriters.inProcessWorkerUp("run-kept");
    long end = System.nanoTime() + (OutputWriters.ORPHAN_GRACE_SECONDS + 20) * 1_000_000_000L;
    while (System.nanoTime() < end && (OutputWriters.isOpen(orphaned.key()) || orphanedDir.list().length > 0)) {
      Thread.sleep(50);
    }
    assertThat(OutputWriters.isOpen(orphaned.key()), is(false));
    assertThat("nothing left in " + orphanedDir, orphanedDir.list(), emptyArray());
    assertThat("a run with a worker set up again keeps its writer", OutputWriters.isOpen(kept.key()), is(true));
    OutputWriters.abort(kept.key());
    OutputWriters.inProcessWorkerDown("run-kept");
  }

  @Test
  void aRunBusyComputingIsNotIdleHoweverLongAChunkTakes() throws Exception {
    // its last worker torn down and another set up (a Flink subtask that initialized late): the run's
    // outputs are then aborted once no block was written for the idle limit, but not while a chunk of a
    // heavy user function is being computed
    File dir = new File(tmp, "busy");
    OutputTarget busy = target("run-busy", dir, 16);
    handAllButTheLastBlock(busy);
    long limit = OutputWriters.orphanIdleNanos;
    OutputWriters.orphanIdleNanos = 1_000_000_000L;
    try {
      OutputWriters.inProcessWorkerUp("run-busy");
      OutputWriters.inProcessWorkerDown("run-busy");
      OutputWriters.inProcessWorkerUp("run-busy");
      OutputWriters.computing("run-busy", true);
      Thread.sleep((OutputWriters.ORPHAN_GRACE_SECONDS * 2 + 1) * 1000);   // two checks, both past the limit
      assertThat("busy computing", OutputWriters.isOpen(busy.key()), is(true));
      OutputWriters.computing("run-busy", false);
      long end = System.nanoTime() + (OutputWriters.ORPHAN_GRACE_SECONDS + 20) * 1_000_000_000L;
      while (System.nanoTime() < end && OutputWriters.isOpen(busy.key())) {
        Thread.sleep(50);
      }
      assertThat("idle once the chunk is done", OutputWriters.isOpen(busy.key()), is(false));
    } finally {
      OutputWriters.orphanIdleNanos = limit;
      OutputWriters.abort(busy.key());
      OutputWriters.inProcessWorkerDown("run-busy");
    }
  }

  /**
   * A hand-over interrupted while it waits for room in the writer's buffer: the blocks it had not handed
   * over yet are written when they come again (a retried bundle), not skipped as already handed over.
   */
  @Test
  void blocksOfAnInterruptedHandOverAreWrittenWhenTheyComeAgain() throws Exception {
    File dir = new File(tmp, "again");
    dir.mkdirs();
    SlowOutput slow = slowOutput("run-again", new File(dir, "out.tif").getPath(), 1);
    OutputTarget t = slow.target();
    List<BlockDefn> blocks = slow.blocks();
    List<RasterArray> arrays = slow.arrays();
    OutputWriter w = OutputWriters.open(t);
    Throwable[] interrupted = new Throwable[1];
    Thread feeder = new Thread(() -> {
      try {
        w.write(blocks, arrays);
      } catch (RuntimeException e) {
        interrupted[0] = e;
      }
    });
    feeder.start();
    while (feeder.isAlive() && !((feeder.getState() == Thread.State.WAITING
        || feeder.getState() == Thread.State.TIMED_WAITING)
        && java.util.Arrays.stream(feeder.getStackTrace()).anyMatch(f -> f.getMethodName().equals("acquireSlot")))) {
      Thread.sleep(1);   // until the buffer is full and the feeder waits for room
    }
    feeder.interrupt();
    feeder.join();
    try {
      assertThat(String.valueOf(interrupted[0]), interrupted[0] instanceof RiosException, is(true));
      ReadyOutput done = w.write(blocks, arrays);   // the retried bundle
      assertThat(done, is(notNullValue()));
      assertThat(TestRasters.read(t.spec().filename()).rows(), is(2048));
    } finally {
      OutputWriters.abort(t.key());   // a writer left waiting for blocks (the test failed) is stopped
    }
  }
}
