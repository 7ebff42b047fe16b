package org.rios.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;
import org.rios.timing.Timers;

/**
 * Two writers of the same output (a task restarted elsewhere after a failure, while the first attempt's
 * writer is still open): the newer one takes the partial name over, and the older one's clean-up does not
 * delete the newer one's file.
 */
class AtomicOutputTest {
  @TempDir File tmp;

  @Test
  void anOlderWriterDoesNotDeleteTheNewerWritersPartialFile() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.img").getPath();
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out),
        new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100));
    File partial = new File(tmp, "out.img.rios-partial.img");
    var block = plan.blocks().get(0);
    var array = TestRasters.read(in).subWindow(0, 0, 100, 100);
    BlockWriter older = new BlockWriter(plan, tmp, new Timers(), null);
    older.write(block, spec -> array);
    assertThat(partial.exists(), is(true));
    BlockWriter newer = new BlockWriter(plan, tmp, new Timers(), null);
    newer.write(block, spec -> array);
    older.close();
    assertThat("the newer writer's partial file survives the older one's abort", partial.exists(), is(true));
    newer.close();
    assertThat(partial.exists(), is(false));
    assertThat(new File(out).exists(), is(false));
  }

  /** A whole output written by one BlockWriter as one of a job's several outputs: its earlier file kept aside. */
  private FinishedOutput writtenKeepingEarlier(WorkingPlan plan, String in) {
    BlockWriter w = new BlockWriter(plan, tmp, new Timers(), null);
    var all = TestRasters.read(in);
    for (var block : plan.blocks()) {
      var array = all.subWindow(block.top(), block.left(), block.nrows(), block.ncols());
      w.write(block, spec -> array);
    }
    return w.finishKeepingEarlier().get(0);
  }

  @Test
  void anOutputTakenBackIsDeletedOnlyIfItIsStillTheFileItsWriterPutThere() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    String out = new File(tmp, "out.img").getPath();
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", out),
        new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100));
    FinishedOutput first = writtenKeepingEarlier(plan, in);
    assertThat(first.earlierKept(), is(false));
    assertThat(new File(out).isFile(), is(true));
    // a later run has written the same output since (same size: uncompressed): taking the first back must
    // not delete the later one's file
    FinishedOutput later = writtenKeepingEarlier(plan, in);
    assertThat(later.earlierKept(), is(true));
    assertThat(later.bytes(), is(first.bytes()));
    OutputCommit.confirm(java.util.List.of(later));
    OutputCommit.undo(java.util.List.of(first));
    assertThat(new File(out).isFile(), is(true));
    // confirming again (a re-run commit step) finds nothing to delete; taking back the later one leaves none
    OutputCommit.confirm(java.util.List.of(later));
    OutputCommit.undo(java.util.List.of(later));
    assertThat(new File(out).exists(), is(false));
  }

  @Test
  void theShutdownCleanUpDoesNotWaitForAnUploadUnderWayBeyondItsLimit() throws Exception {
    AtomicOutput o = AtomicOutput.of(new File(tmp, "up.tif").getPath(), tmp);
    o.prepare();
    File partial = new File(tmp, "up.tif.rios-partial.tif");
    assertThat(partial.createNewFile(), is(true));
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    // stands for the commit uploading a large file: it holds the output's lock for as long as the upload lasts
    Thread uploader = new Thread(() -> {
      o.lock.lock();
      try {
        held.countDown();
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        o.lock.unlock();
      }
    });
    uploader.start();
    held.await();
    long t0 = System.nanoTime();
    assertThat(o.deleteOnShutdown(300), is(false));
    assertThat("gave up after its limit", (System.nanoTime() - t0) / 1_000_000 < 5_000, is(true));
    assertThat("left alone while the upload holds it", partial.exists(), is(true));
    release.countDown();
    uploader.join();
    assertThat(o.deleteOnShutdown(300), is(true));
    assertThat(partial.exists(), is(false));
    o.discard();
  }
}
