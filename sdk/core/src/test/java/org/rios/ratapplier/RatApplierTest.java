package org.rios.ratapplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.rat.Rat;
import org.rios.rat.RatColumnType;
import org.rios.progress.SilentProgress;
import org.rios.testutil.RatTestImages;
import org.rios.testutil.TestRasters;

/** RIOS testratapplier: the RAT applier on the 100 x 1 thematic test image. */
class RatApplierTest {
  @TempDir File tmp;

  private static double[] squares(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * v[i];
    }
    return out;
  }

  private static final RatUserFunction SQUARE = (info, in, out) ->
      out.get("out").setColumn("sqrd", squares(in.get("in").getDoubles("Value")));

  @Test
  void sameFileInAndOutBlockLength5() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "same.img"));
    List<Integer> starts = new ArrayList<>();
    RatApplier.apply((info, in, out) -> {
      starts.add(info.getStartRow());
      SQUARE.apply(info, in, out);
    }, new RatAssociations().put("in", new RatHandle(img)), new RatAssociations().put("out", new RatHandle(img)),
        new RatApplierControls().setBlockLength(5));

    double[] value = Rat.readRealColumn(img, "Value");
    assertThat(Rat.readRealColumn(img, "sqrd"), is(squares(value)));
    assertThat(value, is(RatTestImages.values(256)));
    assertThat(Rat.getRowCount(img), is(256));
    assertThat(starts.size(), is(52));   // ceil(256 / 5)
    assertThat(starts.get(51), is(255));
  }

  @Test
  void differentOutputFileBlockLength3() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    String outImg = RatTestImages.thematicImage(new File(tmp, "out.img"));
    RatApplier.apply(SQUARE, new RatAssociations().put("in", new RatHandle(img)),
        new RatAssociations().put("out", new RatHandle(outImg)), new RatApplierControls().setBlockLength(3));

    assertThat(Rat.readRealColumn(outImg, "sqrd"), is(squares(RatTestImages.values(256))));
    assertThat(Rat.getColumnNames(img), is(List.of("Histogram", "Value")));
  }

  @Test
  void rasterCopyThenReductionKeepsEvenRowsSequentially() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    String halved = new File(tmp, "halved.img").getPath();
    Applier.apply((info, in, out) -> {
      RasterArray a = in.get("img");
      RasterArray h = RasterArray.create(DataType.UINT8, 1, a.rows(), a.cols());
      for (int i = 0; i < a.size(); i++) {
        h.setLongAt(i, a.getLongAt(i) / 2);
      }
      out.put("out", h);
    }, new FilenameAssociations().put("img", img), new FilenameAssociations().put("out", halved),
        new ApplierControls().setOutputDriverName("HFA").setThematic(true).setProgress(new SilentProgress())
            .setTempdir(tmp.getPath()));
    RasterArray pixels = TestRasters.read(halved);
    for (int r = 0; r < RatTestImages.ROWS; r++) {
      assertThat(pixels.getLong(0, r, 0), is((long) (RatTestImages.pixel(r) / 2)));
    }

    RatApplier.apply((info, in, out) -> {
      double[] v = in.get("in").getDoubles("Value");
      int[] rows = info.getInputRowNumbers();
      double[] even = new double[v.length];
      int n = 0;
      for (int i = 0; i < v.length; i++) {
        if (rows[i] % 2 == 0) {
          even[n++] = v[i];
        }
      }
      out.get("out").setColumn("Value", Arrays.copyOf(even, n));
    }, new RatAssociations().put("in", new RatHandle(img)), new RatAssociations().put("out", new RatHandle(halved)),
        new RatApplierControls().setBlockLength(3));

    double[] all = RatTestImages.values(256);
    double[] expected = new double[128];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = all[2 * i];
    }
    assertThat(Rat.readRealColumn(halved, "Value"), is(expected));
    assertThat(Rat.getRowCount(halved), is(128));
  }

  @Test
  void outputOnlyNewRatWithRowCount256() {
    String outImg = RatTestImages.thematicImage(new File(tmp, "new.img"));
    RatApplier.apply((info, in, out) -> {
      int[] v = new int[info.getBlockLen()];
      for (int i = 0; i < v.length; i++) {
        v[i] = info.getStartRow() + i;
      }
      out.get("out").setColumn("newCol", v);
    }, new RatAssociations(), new RatAssociations().put("out", new RatHandle(outImg)),
        new RatApplierControls().setRowCount(256).setBlockLength(3));

    int[] expected = new int[256];
    Arrays.setAll(expected, i -> i);
    assertThat(Rat.readIntColumn(outImg, "newCol"), is(expected));
    assertThat(Rat.getTypeOfColumn(outImg, "newCol", 1), is(RatColumnType.INTEGER));
  }

  @Test
  void untypedLongsBeyond32BitsFillAnExistingRealColumn() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "counts.img"));
    Rat.writeColumn(img, "Count", new double[256], RatColumnType.REAL, 1, null);
    RatAssociations rats = new RatAssociations().put("img", new RatHandle(img));
    RatApplier.apply((info, in, out) -> {
      long[] v = new long[info.getBlockLen()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (1L << 33) + info.getStartRow() + i;
      }
      out.get("img").setColumn("Count", v);
    }, rats, rats, new RatApplierControls().setBlockLength(100));

    double[] counts = Rat.readRealColumn(img, "Count");
    assertThat(counts[255], is((double) ((1L << 33) + 255)));
    assertThat(Rat.getTypeOfColumn(img, "Count", 1), is(RatColumnType.REAL));
  }

  @Test
  void stringColumnFromValueReadsBackAsStrings() {
    String img = RatTestImages.thematicImageWithRat(new File(tmp, "str.img"));
    RatAssociations rats = new RatAssociations().put("img", new RatHandle(img));
    RatApplier.apply((info, in, out) -> out.get("img").setColumn("valueStr", in.get("img").getStrings("Value")),
        rats, rats, new RatApplierControls().setBlockLength(7).setUseStringDType(true));

    double[] values = RatTestImages.values(256);
    String[] expected = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      expected[i] = String.valueOf(values[i]);
    }
    assertThat(Rat.getTypeOfColumn(img, "valueStr", 1), is(RatColumnType.STRING));
    List<String[]> readBack = new ArrayList<>();
    RatApplier.apply((info, in, out) -> readBack.add(in.get("img").getStrings("valueStr")), rats,
        new RatAssociations(), new RatApplierControls().setBlockLength(100));
    String[] joined = new String[0];
    for (String[] block : readBack) {
      String[] next = Arrays.copyOf(joined, joined.length + block.length);
      System.arraycopy(block, 0, next, joined.length, block.length);
      joined = next;
    }
    assertThat(joined, is(expected));
    assertThat(joined[0], is("500.0"));
  }

  @Test
  void differentLayersOfOneFileShareTheDataset() {
    RasterArray two = RasterArray.create(DataType.UINT8, 2, 4, 4);
    String img = TestRasters.write(new File(tmp, "two.img"), "HFA", two, 0, 0, 1, TestRasters.wkt(28355), null);
    Rat.writeColumn(img, "Value", new double[] {1, 2, 3}, null, 1, null);
    RatApplier.apply((info, in, out) -> out.get("b2").setColumn("Sqrd", squares(in.get("b1").getDoubles("Value"))),
        new RatAssociations().put("b1", new RatHandle(img, 1)),
        new RatAssociations().put("b2", new RatHandle(img, 2)), null);
    double[] expected = new double[256];
    expected[0] = 1;
    expected[1] = 4;
    expected[2] = 9;
    assertThat(Rat.readRealColumn(img, "Sqrd", 2), is(expected));
    assertThat(Rat.getColumnNames(img, 1), is(List.of("Value")));
  }
}
