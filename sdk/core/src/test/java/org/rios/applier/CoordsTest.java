package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.testutil.TestRasters;

/**
 * RIOS testcoords: the pixel-centre coordinates from getBlockCoordArrays and the block position of a map
 * point from getPixRowColBlock, without overlap, with an overlap of 2, and with an overlap of 2 on the
 * intersection of ramp A and ramp B (B shifted 100 pixels right and down). The test point is the centre of
 * A's pixel (110, 110). Our getPixRowColBlock bounds are the actual block array, so the point must be found
 * in exactly one block.
 */
class CoordsTest {
  private static final double PIX = TestRasters.STD_PIX;
  private static final double XLEFT = TestRasters.STD_XLEFT;
  private static final double YTOP = TestRasters.STD_YTOP;
  private static final double POINT_X = XLEFT + 110.5 * PIX;
  private static final double POINT_Y = YTOP - 110.5 * PIX;

  @TempDir File tmp;
  private String a;
  private String b;

  @BeforeEach
  void files() {
    a = TestRasters.rampFile(new File(tmp, "rampA.img"));
    b = TestRasters.rampFile(new File(tmp, "rampB.img"), false, XLEFT + 100 * PIX, YTOP - 100 * PIX, null,
        TestRasters.STD_ROWS, TestRasters.STD_COLS);
  }

  /** What one run saw: top-left pixel centre of every block, and the hits of getPixRowColBlock. */
  private static final class Seen {
    final List<List<Double>> topLefts = new ArrayList<>();
    final List<List<Double>> expectedTopLefts = new ArrayList<>();
    final List<List<Integer>> hits = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
  }

  private Seen run(FilenameAssociations in, int overlap, double gridXmin, double gridYmax) {
    Seen seen = new Seen();
    Applier.apply((info, inputs, outputs) -> {
      RasterArray[] xy = info.getBlockCoordArrays();
      RasterArray x = xy[0];
      RasterArray y = xy[1];
      Size bs = info.getBlockSize();
      if (x.dataType() != DataType.FLOAT64 || x.bands() != 1 || x.rows() != bs.y() + 2 * overlap
          || x.cols() != bs.x() + 2 * overlap || y.rows() != x.rows() || y.cols() != x.cols()) {
        seen.errors.add("coordinate arrays have shape " + x.shapeString() + " " + x.dataType() + " for block "
            + bs + " with overlap " + overlap);
      }
      seen.topLefts.add(List.of(x.getDouble(0, 0, 0), y.getDouble(0, 0, 0)));
      Coord tl = info.getBlockTopLeft();
      int left = (int) Math.round((tl.x() - gridXmin) / PIX);
      int top = (int) Math.round((gridYmax - tl.y()) / PIX);
      seen.expectedTopLefts.add(List.of(gridXmin + (left - overlap) * PIX + PIX / 2,
          gridYmax - (top - overlap) * PIX - PIX / 2));
      // Every pixel centre is one pixel from its neighbours, rows going south.
      double lastX = x.getDouble(0, x.rows() - 1, x.cols() - 1);
      double lastY = y.getDouble(0, y.rows() - 1, y.cols() - 1);
      if (lastX != x.getDouble(0, 0, 0) + (x.cols() - 1) * PIX || lastY != y.getDouble(0, 0, 0) - (y.rows() - 1) * PIX) {
        seen.errors.add("coordinate spacing wrong in block at " + tl);
      }
      int[] rc = info.getPixRowColBlock(POINT_X, POINT_Y);
      if (rc != null) {
        seen.hits.add(List.of(rc[0], rc[1]));
        // The coordinate arrays and getPixRowColBlock must agree on where the point is.
        if (Math.abs(x.getDouble(0, rc[0], rc[1]) - POINT_X) > 1e-6
            || Math.abs(y.getDouble(0, rc[0], rc[1]) - POINT_Y) > 1e-6) {
          seen.errors.add("pixel " + rc[0] + "," + rc[1] + " has centre (" + x.getDouble(0, rc[0], rc[1]) + ", "
              + y.getDouble(0, rc[0], rc[1]) + ") not the test point");
        }
      }
    }, in, new FilenameAssociations(), AvgTest.quiet(tmp).setOverlap(overlap));
    return seen;
  }

  private static List<List<Double>> expectedTopLefts(double gridXmin, double gridYmax, int rows, int cols,
      int overlap) {
    List<List<Double>> out = new ArrayList<>();
    for (int top = 0; top < rows; top += 256) {
      for (int left = 0; left < cols; left += 256) {
        out.add(List.of(gridXmin + (left - overlap) * PIX + PIX / 2, gridYmax - (top - overlap) * PIX - PIX / 2));
      }
    }
    return out;
  }

  @Test
  void noOverlapOneFile() {
    Seen s = run(new FilenameAssociations().put("img", a), 0, XLEFT, YTOP);
    assertThat(s.errors, is(List.of()));
    assertThat(s.topLefts, is(expectedTopLefts(XLEFT, YTOP, 500, 500, 0)));
    assertThat(s.topLefts, is(s.expectedTopLefts));
    assertThat(s.hits, is(List.of(List.of(110, 110))));
  }

  @Test
  void overlapTwoOneFile() {
    Seen s = run(new FilenameAssociations().put("img", a), 2, XLEFT, YTOP);
    assertThat(s.errors, is(List.of()));
    assertThat(s.topLefts, is(expectedTopLefts(XLEFT, YTOP, 500, 500, 2)));
    // The first block's top-left centre lies outside the image: 2 pixels left of and above its corner.
    assertThat(s.topLefts.get(0), is(List.of(XLEFT - 2 * PIX + PIX / 2, YTOP + 2 * PIX - PIX / 2)));
    assertThat(s.hits, is(List.of(List.of(112, 112))));
  }

  @Test
  void overlapTwoIntersectionOfTwoFiles() {
    double gx = XLEFT + 100 * PIX;
    double gy = YTOP - 100 * PIX;
    Seen s = run(new FilenameAssociations().put("imgs", List.of(a, b)), 2, gx, gy);
    assertThat(s.errors, is(List.of()));
    assertThat(s.topLefts, is(expectedTopLefts(gx, gy, 400, 400, 2)));
    assertThat(s.hits, is(List.of(List.of(12, 12))));
  }

  @Test
  void pointOnBlockCornerIsInExactlyOneBlock() {
    // The centre of pixel (256, 256) is just past the far edge of block (0, 0); RIOS's inclusive bound would
    // also report it from blocks (0, 0), (0, 1) and (1, 0). Here only block (1, 1) has it, at (0, 0).
    double px = XLEFT + 256.5 * PIX;
    double py = YTOP - 256.5 * PIX;
    List<List<Integer>> hits = new ArrayList<>();
    Applier.apply((info, inputs, outputs) -> {
      int[] rc = info.getPixRowColBlock(px, py);
      if (rc != null) {
        hits.add(List.of(info.getBlockCount().x(), info.getBlockCount().y(), rc[0], rc[1]));
      }
      // Points outside the working grid are in no block.
      if (info.getPixRowColBlock(XLEFT - 5, YTOP + 5) != null) {
        hits.add(List.of(-1));
      }
      // nor are a NaN coordinate (an int cast made it column 0 of the first block) and a far one
      if (info.getPixRowColBlock(Double.NaN, YTOP - 0.5 * PIX) != null
          || info.getPixRowColBlock(XLEFT + 0.5 * PIX, Double.NaN) != null
          || info.getPixRowColBlock(XLEFT + 1e30, YTOP - 0.5 * PIX) != null
          || info.getPixRowColBlock(Double.NEGATIVE_INFINITY, YTOP - 0.5 * PIX) != null) {
        hits.add(List.of(-2));
      }
    }, new FilenameAssociations().put("img", a), new FilenameAssociations(), AvgTest.quiet(tmp));
    assertThat(hits, is(List.of(List.of(1, 1, 0, 0))));
  }
}
