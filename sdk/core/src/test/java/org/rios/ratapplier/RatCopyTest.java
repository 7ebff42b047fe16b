package org.rios.ratapplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.FileOpenException;
import org.rios.rat.Rat;
import org.rios.rat.RatColumnType;
import org.rios.rat.RatColumnUsage;
import org.rios.progress.SilentProgress;
import org.rios.testutil.RatTestImages;
import org.rios.testutil.TestRasters;

/** RatApplier.copyRat into existing HFA and GTiff rasters. */
class RatCopyTest {
  @TempDir File tmp;

  @Test
  void copiesAllColumnsWithUsagesIntoHfa() {
    String in = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    Rat.writeColumn(in, "Label", new String[] {"zero", "one"});
    String out = RatTestImages.thematicImage(new File(tmp, "out.img"));
    RatApplier.copyRat(in, out, new SilentProgress(), null);

    assertThat(Rat.getColumnNames(out), is(List.of("Histogram", "Value", "Label")));
    assertThat(Rat.getUsageOfColumn(out, "Histogram"), is(RatColumnUsage.PIXEL_COUNT));
    assertThat(Rat.readRealColumn(out, "Histogram"), is(Rat.readRealColumn(in, "Histogram")));
    assertThat(Rat.readRealColumn(out, "Value"), is(Rat.readRealColumn(in, "Value")));
    assertThat(Rat.readStringColumn(out, "Label"), is(Rat.readStringColumn(in, "Label")));
    assertThat(Rat.getTypeOfColumn(out, "Label", 1), is(RatColumnType.STRING));
  }

  /** Copying again, or into a file calcstats gave a histogram, writes into HFA's existing special columns. */
  @Test
  void copiesTwiceIntoHfa() {
    String in = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    String out = RatTestImages.thematicImage(new File(tmp, "out.img"));
    RatApplier.copyRat(in, out, new SilentProgress(), null);
    RatApplier.copyRat(in, out, new SilentProgress(), null);
    assertThat(Rat.getColumnNames(out), is(List.of("Histogram", "Value")));
    assertThat(Rat.readRealColumn(out, "Histogram"), is(Rat.readRealColumn(in, "Histogram")));
  }

  @Test
  void omitsColumnsAndWritesGtiffAuxTable() {
    String in = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    String out = TestRasters.write(new File(tmp, "out.tif"), "GTiff", RasterArray.create(DataType.UINT16, 1, 3, 3),
        0, 0, 1, TestRasters.wkt(28355), null);
    RatApplier.copyRat(in, out, null, Set.of("Histogram"));
    assertThat(Rat.getColumnNames(out), is(List.of("Value")));
    assertThat(Rat.readRealColumn(out, "Value"), is(RatTestImages.values(256)));
    assertThat(new File(tmp, "out.tif.aux.xml").exists(), is(true));
  }

  @Test
  void missingOutputIsAClearError() {
    String in = RatTestImages.thematicImageWithRat(new File(tmp, "in.img"));
    FileOpenException e = assertThrows(FileOpenException.class,
        () -> RatApplier.copyRat(in, new File(tmp, "new.zarr").getPath()));
    assertThat(e.getMessage(), containsString("must be an existing raster"));
  }
}
