package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrimPolicyTest {
  private static final long MB = 1L << 20;

  @Test
  void theFirstLookSetsTheCeiling() {
    TrimPolicy p = new TrimPolicy(32 * MB);
    for (long l : new long[] {300, 290, 310, 331, 250, 299}) {
      assertThat(l + " MB", p.trimNow(l * MB), is(false));
    }
    assertThat("32 MB above the first look", p.trimNow(332 * MB), is(true));
  }

  /** Tile buffers glibc kept: they pile up to the ceiling and each trim gives them back. */
  @Test
  void memoryKeptForNothingIsTrimmedWheneverItReachesTheCeiling() {
    TrimPolicy p = new TrimPolicy(32 * MB);
    long rss = 300;
    List<Integer> trimmedAt = new ArrayList<>();
    for (int look = 0; look < 40; look++) {
      if (p.trimNow(rss * MB)) {
        trimmedAt.add(look);
        rss = 300;   // all but what is in use given back
        p.trimmed(rss * MB);
      }
      rss += 10;
    }
    assertThat(trimmedAt, is(List.of(4, 8, 12, 16, 20, 24, 28, 32, 36)));
    assertThat(p.ceiling(), is(332 * MB));
  }

  /**
   * Memory in use grows (a bigger cache, a bigger heap): a trim that cannot give it back raises the ceiling,
   * so the same memory does not make every look trim.
   */
  @Test
  void memoryATrimLeavesRaisesTheCeiling() {
    TrimPolicy p = new TrimPolicy(32 * MB);
    assertThat(p.trimNow(300 * MB), is(false));
    assertThat(p.trimNow(560 * MB), is(true));
    p.trimmed(540 * MB);   // 20 MB given back: 540 MB in use
    assertThat(p.ceiling(), is(572 * MB));
    for (long l : new long[] {560, 571, 480, 565}) {
      assertThat("used again, under the ceiling: " + l + " MB", p.trimNow(l * MB), is(false));
    }
    assertThat(p.trimNow(600 * MB), is(true));
    p.trimmed(450 * MB);   // a trim that leaves less keeps the ceiling
    assertThat(p.ceiling(), is(572 * MB));
  }
}
