package org.rios.grid;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rios.errors.IntersectionException;
import org.rios.errors.ParameterException;

class GridRegionsTest {
  // The testfootprint removeSurrounding grids.
  private static final PixelGrid GLOBAL = PixelGrid.fromBounds(Fixtures.wkt(4326), -180, 180, -90, 90, 1, 1);
  private static final PixelGrid BOX = Fixtures.box(3577, 300000, -3000000, 800000, 100);
  private static final PixelGrid SMALL = Fixtures.box(3577, 300000, -3000000, 400000, 100);
  private static final PixelGrid OFFSET = PixelGrid.fromBounds(Fixtures.wkt(3577), 300000, 1100000, -3800000, -3000000,
      100, 100);
  private static final PixelGrid UTM = Fixtures.box(32756, 500000, 4200000, 800000, 100);

  private static Set<PixelGrid> set(PixelGrid... grids) {
    return new HashSet<>(List.of(grids));
  }

  private static Set<PixelGrid> removed(PixelGrid... grids) {
    return new HashSet<>(GridRegions.removeSurrounding(List.of(grids)));
  }

  @Test
  void globalGridIsDroppedFromBoxes() {
    assertThat(removed(GLOBAL, BOX, OFFSET), is(set(BOX, OFFSET)));
  }

  @Test
  void onlyTheGridSurroundingAllOthersIsDropped() {
    // BOX surrounds SMALL but not OFFSET, so it stays.
    assertThat(removed(GLOBAL, SMALL, BOX, OFFSET), is(set(BOX, SMALL, OFFSET)));
  }

  @Test
  void overlappingBoxesAreKept() {
    assertThat(GridRegions.removeSurrounding(List.of(BOX, OFFSET)), is(List.of(BOX, OFFSET)));
  }

  @Test
  void globalGridIsDroppedAcrossProjections() {
    assertThat(GridRegions.removeSurrounding(List.of(GLOBAL, UTM)), is(List.of(UTM)));
  }

  @Test
  void aSingleGridIsAlwaysKept() {
    assertThat(GridRegions.removeSurrounding(List.of(UTM)), is(List.of(UTM)));
    assertThat(GridRegions.removeSurrounding(List.of(BOX, BOX)), is(List.of(BOX)));
  }

  @Test
  void argumentListIsNotModified() {
    List<PixelGrid> grids = new ArrayList<>(List.of(GLOBAL, BOX));
    GridRegions.removeSurrounding(grids);
    assertThat(grids, is(List.of(GLOBAL, BOX)));
  }

  @Test
  void footprintsOfTwoShiftedRasters() {
    // testfootprint: ramp B is 100 pixels right of and below ramp A; reference = A.
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid b = Fixtures.standard(100, 100);
    PixelGrid inter = GridRegions.findCommonRegion(List.of(a, b), a, false);
    assertThat(inter, is(a.intersection(b)));
    assertThat(new double[] {inter.xMin(), inter.xMax(), inter.yMin(), inter.yMax()},
        is(new double[] {501000, 505000, 6995000, 6999000}));
    PixelGrid union = GridRegions.findCommonRegion(List.of(a, b), a, true);
    assertThat(new double[] {union.xMin(), union.xMax(), union.yMin(), union.yMax()},
        is(new double[] {500000, 506000, 6994000, 7000000}));
  }

  @Test
  void referenceBoundsCountOnlyWhenItIsAnInput() {
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid b = Fixtures.standard(100, 100);
    assertThat(GridRegions.findCommonRegion(List.of(b), a, false), is(b));
    assertThat(GridRegions.findCommonRegion(List.of(b), a, true), is(b));
  }

  @Test
  void filesForExtentCombinations() {
    // testfilesforextent: ramp2 is 100 pixels right of ramp1, ramp3 100 pixels below.
    PixelGrid r1 = Fixtures.standard(0, 0);
    PixelGrid r2 = Fixtures.standard(100, 0);
    PixelGrid r3 = Fixtures.standard(0, 100);
    PixelGrid all = GridRegions.findCommonRegion(List.of(r1, r2, r3), r1, false);
    assertThat(new int[] {all.nrows(), all.ncols()}, is(new int[] {400, 400}));
    assertThat(new double[] {all.xMin(), all.yMax()}, is(new double[] {501000, 6999000}));
    PixelGrid two = GridRegions.findCommonRegion(List.of(r1, r2), r1, false);
    assertThat(new int[] {two.nrows(), two.ncols()}, is(new int[] {500, 400}));
    PixelGrid one = GridRegions.findCommonRegion(List.of(r1), r1, false);
    assertThat(one, is(r1));
  }

  @Test
  void misalignedInputIsSnappedOntoTheReference() {
    // testresample: B shifted +9 m x, -19 m y; the working grid is (498 rows, 499 cols).
    PixelGrid a = Fixtures.standard(0, 0);
    PixelGrid b = Fixtures.standard(0.9, 1.9);
    PixelGrid w = GridRegions.findCommonRegion(List.of(a, b), a, false);
    assertThat(new int[] {w.nrows(), w.ncols()}, is(new int[] {498, 499}));
    assertThat(w.toString(), is("xMin:500010.0,xMax:505000.0,yMin:6995000.0,yMax:6999980.0,xRes:10.0,yRes:10.0"));
    assertThat(w.alignedWith(a), is(true));
  }

  @Test
  void intersectionIgnoresASurroundingGlobalGrid() {
    PixelGrid w = GridRegions.findCommonRegion(List.of(GLOBAL, BOX, OFFSET), BOX, false);
    assertThat(w, is(PixelGrid.fromBounds(BOX.projection(), 300000, 700000, -3400000, -3000000, 100, 100)));
  }

  @Test
  void otherProjectionsAreReprojectedOntoTheReference() {
    PixelGrid mga = Fixtures.standard(0, 0);
    PixelGrid ref = PixelGrid.fromBounds(Fixtures.wkt(3577), 0, 10, 0, 10, 10, 10);
    PixelGrid w = GridRegions.findCommonRegion(List.of(mga), ref, false);
    assertThat(w, is(mga.reproject(ref)));
    assertThat(w.alignedWith(ref), is(true));
  }

  @Test
  void badArgumentsAndEmptyRegions() {
    PixelGrid a = Fixtures.standard(0, 0);
    assertThrows(ParameterException.class, () -> GridRegions.findCommonRegion(List.of(), a, false));
    assertThrows(ParameterException.class, () -> GridRegions.findCommonRegion(List.of(a), null, false));
    assertThrows(IntersectionException.class,
        () -> GridRegions.findCommonRegion(List.of(a, Fixtures.standard(600, 0)), a, false));
    PixelGrid coarse = PixelGrid.fromBounds(a.projection(), 0, 1000000, 0, 1000000, 1000000, 1000000);
    PixelGrid tiny = PixelGrid.fromBounds(a.projection(), 100, 110, 100, 110, 10, 10);
    assertThrows(IntersectionException.class, () -> GridRegions.findCommonRegion(List.of(tiny), coarse, false));
  }
}
