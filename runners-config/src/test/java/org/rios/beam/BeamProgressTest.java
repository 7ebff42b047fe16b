package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.Progress;

/** CW_BEAM on the DirectRunner moves the progress bar block by block, not from 0 straight to 100 %. */
class BeamProgressTest {
  @TempDir File tmp;

  /** Records every percentage it is given. */
  static final class Recording implements Progress {
    final List<Integer> percents = new CopyOnWriteArrayList<>();

    @Override
    public void setTotalSteps(int steps) {}

    @Override
    public void setProgress(int progress) {
      percents.add(progress);
    }

    @Override
    public void reset() {}

    @Override
    public void setLabelText(String text) {}
  }

  @Test
  void theProgressBarAdvancesWhileThePipelineRuns() {
    Recording progress = new Recording();
    String in = BeamFixtures.ramp(tmp, "a.img", false);
    Applier.apply((info, i, o) -> {
      Thread.sleep(40);
      o.put("out", i.get("img"));
    }, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath()),
        BeamFixtures.controls(tmp, BeamFixtures.beam(2, 0, null)).setProgress(progress));
    long between = progress.percents.stream().filter(p -> p > 0 && p < 100).count();
    assertThat("intermediate percentages in " + progress.percents, between > 2, is(true));
    assertThat(progress.percents.get(progress.percents.size() - 1), is(100));
  }

  static final java.util.Set<String> DISTINCT = java.util.concurrent.ConcurrentHashMap.newKeySet();
  static final java.util.concurrent.atomic.AtomicBoolean FAILED_ONCE = new java.util.concurrent.atomic.AtomicBoolean();
  static volatile int distinctAt100 = -1;

  /**
   * On Flink [local] with one restart (the function fails once, at its 20th block of 25), the blocks the first
   * attempt computed and the restarted attempt computes again are counted once: the bar shows 100 % only when
   * every block has been computed. They were counted again, and the bar reached 100 % early.
   */
  @Test
  void aBlockComputedAgainAfterARestartIsCountedOnce() {
    String in = BeamFixtures.ramp(tmp, "r.img", false);
    Progress progress = new Progress() {
      @Override
      public void setTotalSteps(int steps) {}

      @Override
      public void setProgress(int p) {
        if (p == 100 && distinctAt100 < 0) {
          distinctAt100 = DISTINCT.size();
        }
      }

      @Override
      public void reset() {}

      @Override
      public void setLabelText(String text) {}
    };
    java.util.concurrent.atomic.AtomicInteger computed = new java.util.concurrent.atomic.AtomicInteger();
    Applier.apply((info, i, o) -> {
      Thread.sleep(30);
      if (computed.incrementAndGet() == 20 && FAILED_ONCE.compareAndSet(false, true)) {
        throw new IllegalStateException("transient failure, once");
      }
      DISTINCT.add(info.getBlockCount().x() + "," + info.getBlockCount().y());
      o.put("out", i.get("img"));
    }, new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "r-out.img").getPath()),
        BeamFixtures.controls(tmp, BeamFixtures.beam(1, 0, null)).setProgress(progress)
            .setBeamPipelineOptions("--runner=FlinkRunner", "--flinkMaster=[local]", "--numberOfExecutionRetries=1",
                "--executionRetryDelay=100"));
    assertThat(FAILED_ONCE.get(), is(true));
    assertThat("distinct blocks computed when the bar showed 100 %", distinctAt100, is(25));
  }
}
