package org.rios.calcstats;

import java.util.ArrayList;
import java.util.List;
import org.gdal.gdal.Band;

/**
 * Which overview (pyramid) levels an output gets, and how to find the overview band of a level.
 *
 * <pre>{@code
 * List<Integer> used = OverviewLevels.select(List.of(4, 8, 16, 32), 2048, 2048, 128);   // [4, 8]
 * }</pre>
 */
final class OverviewLevels {
  private OverviewLevels() {}

  /**
   * The levels used for an image of {@code nrows x ncols}: as many leading entries of {@code levels} as
   * there are entries whose overview would still be larger than {@code minDim}, i.e. with
   * {@code min(nrows, ncols) / level > minDim} (integer division). Counting first and then taking that many
   * leading entries is what RIOS does; for the usual ascending list it is the same as keeping the levels
   * that pass.
   */
  public static List<Integer> select(List<Integer> levels, int nrows, int ncols, int minDim) {
    if (levels == null || levels.isEmpty()) {
      return List.of();
    }
    int mindim = Math.min(nrows, ncols);
    int n = 0;
    for (Integer lvl : levels) {
      if (lvl != null && lvl > 0 && mindim / lvl > minDim) {
        n++;
      }
    }
    return List.copyOf(new ArrayList<>(levels.subList(0, n)));
  }

  /** GDAL's size of an overview of decimation {@code level} along an axis of {@code size} pixels. */
  public static int overviewSize(int size, int level) {
    return (size + level - 1) / level;
  }

  /**
   * The overview band of {@code band} made for {@code level}: the one whose size matches GDAL's rounding for
   * that level, else the overview at {@code indexHint} (position of the level in the requested list), else
   * null. Matching by size keeps this right even if a driver stores overviews in another order.
   */
  public static Band find(Band band, int level, int indexHint) {
    int want = overviewSize(band.getXSize(), level);
    int wantY = overviewSize(band.getYSize(), level);
    int count = band.GetOverviewCount();
    for (int i = 0; i < count; i++) {
      Band ov = band.GetOverview(i);
      if (ov != null && ov.getXSize() == want && ov.getYSize() == wantY) {
        return ov;
      }
    }
    return indexHint >= 0 && indexHint < count ? band.GetOverview(indexHint) : null;
  }
}
