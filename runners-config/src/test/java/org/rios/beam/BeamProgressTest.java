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
}
