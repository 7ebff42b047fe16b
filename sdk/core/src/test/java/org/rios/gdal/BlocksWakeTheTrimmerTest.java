package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.io.BlockReader;
import org.rios.io.BlockWriter;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;
import org.rios.timing.Timers;

/** The process's trimmer is woken by the stages every driver shares: a block read, a block written. */
class BlocksWakeTheTrimmerTest {
  @TempDir File tmp;

  /** Waits (up to the idle time and a margin) until the process trimmer's thread has ended. */
  private static NativeHeapTrimmer idleTrimmer() throws InterruptedException {
    NativeHeapTrimmer t = NativeHeapTrimmer.processTrimmer();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(NativeHeapTrimmer.IDLE_EXIT_SECONDS + 10);
    while (t.thread() != null && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertThat("the trimmer's thread ends when no block moves", t.thread(), is((Thread) null));
    return t;
  }

  @Test
  void aBlockReadAndABlockWrittenEachStartTheTrimmer() throws InterruptedException {
    String env = System.getenv(NativeHeapTrimmer.ENV);
    assumeTrue(env == null || !env.trim().equals("0"), "trimming is not turned off in this environment");
    NativeHeapTrimmer trimmer = NativeHeapTrimmer.processTrimmer();
    assumeTrue(!trimmer.stopped(), "trimming works in this JVM");
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()),
        new ApplierControls().setProgress(new SilentProgress()).setTempdir(tmp.getPath()).setWindowSize(100, 100));
    idleTrimmer();
    try (BlockReader reader = new BlockReader(plan)) {
      reader.read(plan.inputs().get(0), plan.blocks().get(0));
    }
    assertThat("a block read starts it", trimmer.thread(), notNullValue());
    idleTrimmer();
    var array = TestRasters.read(in).subWindow(0, 0, 100, 100);
    try (BlockWriter writer = new BlockWriter(plan, tmp, new Timers(), null)) {
      writer.write(plan.blocks().get(0), spec -> array);
    }
    assertThat("a block written starts it", trimmer.thread(), notNullValue());
  }
}
