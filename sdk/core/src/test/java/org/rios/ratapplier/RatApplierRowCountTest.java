package org.rios.ratapplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.rat.Rat;
import org.rios.progress.Progress;
import org.rios.testutil.RatTestImages;

/** Output growth per row-count method, truncation at the end, block states and progress. */
class RatApplierRowCountTest {
  @TempDir File tmp;

  /** Runs 10 rows in blocks of 3, each block emitting {@code perRow} rows per input row; returns row counts seen. */
  private List<Integer> run(String outImg, RatApplierControls controls, int perRow) {
    List<Integer> seen = new ArrayList<>();
    RatApplier.apply((info, in, out) -> {
      RatBlock o = out.get("out");
      seen.add(o.getRowCount());
      int[] v = new int[info.getBlockLen() * perRow];
      for (int i = 0; i < v.length; i++) {
        v[i] = info.getStartRow() * perRow + i;
      }
      o.setColumn("n", v);
    }, new RatAssociations(), new RatAssociations().put("out", new RatHandle(outImg)),
        controls.setRowCount(10).setBlockLength(3));
    return seen;
  }

  private static int[] upTo(int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  @Test
  void equalsInputGrowsToTheRunRowCount() {
    String out = RatTestImages.thematicImage(new File(tmp, "eq.img"));
    assertThat(run(out, new RatApplierControls(), 1), is(List.of(0, 10, 10, 10)));
    assertThat(Rat.getRowCount(out), is(10));
    assertThat(Rat.readIntColumn(out, "n"), is(upTo(10)));
  }

  @Test
  void equalsInputStillFitsMoreRowsThanTheInput() {
    String out = RatTestImages.thematicImage(new File(tmp, "more.img"));
    assertThat(run(out, new RatApplierControls(), 2), is(List.of(0, 10, 12, 18)));
    assertThat(Rat.readIntColumn(out, "n"), is(upTo(20)));
  }

  @Test
  void fixedGrowsToTotalSizeThenAsNeeded() {
    String out = RatTestImages.thematicImage(new File(tmp, "fixed.img"));
    RatApplierControls c = new RatApplierControls().setOutputRowCountHandling(RowCountMethod.RCM_FIXED, 7, null);
    assertThat(run(out, c, 1), is(List.of(0, 7, 7, 9)));
    assertThat(Rat.getRowCount(out), is(10));
  }

  @Test
  void incrementGrowsByIncrementSize() {
    String out = RatTestImages.thematicImage(new File(tmp, "inc.img"));
    RatApplierControls c = new RatApplierControls().outputRowCountHandling(RowCountMethod.RCM_INCREMENT, null, 4);
    assertThat(run(out, c, 1), is(List.of(0, 4, 8, 12)));
    // cut back to the 10 rows written
    assertThat(Rat.getRowCount(out), is(10));
    assertThat(Rat.readIntColumn(out, "n"), is(upTo(10)));
  }

  @Test
  void incrementWithoutSizeGrowsByTheBlock() {
    String out = RatTestImages.thematicImage(new File(tmp, "inc2.img"));
    RatApplierControls c = new RatApplierControls().setOutputRowCountHandling(RowCountMethod.RCM_INCREMENT,
        null, null);
    assertThat(run(out, c, 1), is(List.of(0, 3, 6, 9)));
  }

  @Test
  void blockStatesAndProgress() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "state.img"));
    List<String> states = new ArrayList<>();
    List<Integer> percents = new ArrayList<>();
    Progress p = new Progress() {
      @Override public void setTotalSteps(int steps) {
        assertThat(steps, is(100));
      }

      @Override public void setProgress(int progress) {
        percents.add(progress);
      }

      @Override public void reset() {}

      @Override public void setLabelText(String text) {}
    };
    RatApplier.apply((info, in, out) -> {
      int[] rows = info.getInputRowNumbers();
      states.add(info.getBlockNdx() + ":" + info.getStartRow() + ":" + info.getBlockLen() + ":" + rows[0] + ":"
          + rows[rows.length - 1] + ":" + info.getRowCount());
    }, new RatAssociations().put("in", new RatHandle(img)), null,
        new RatApplierControls().setBlockLength(100).setProgress(p));
    assertThat(states, is(List.of("0:0:100:0:99:256", "1:100:100:100:199:256", "2:200:56:200:255:256")));
    assertThat(percents, is(List.of(0, 33, 66, 100)));
  }
}
