package org.rios.applier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.WarpOptions;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.grid.PixelGrid;
import org.rios.testutil.TestRasters;

/**
 * RIOS testreproj. Part 1: ramp A (null 0, EPSG:28355) and B, GDAL's own nearest-neighbour warp of A to
 * EPSG:3577 at 10 m as a VRT; with B as the reference, A reprojected by the applier equals B at every pixel.
 * Part 2: a 2-band Int16 image of 50s whose top-left 10 x 10 pixels are null (-10), reprojected with cubic
 * onto an EPSG:3577 grid: every non-null band-1 value is still exactly 50 (the null is honoured by the warp,
 * nothing is smeared).
 */
class ReprojTest {
  private static final int ALBERS = 3577;

  @TempDir File tmp;

  @Test
  void reprojectedInputEqualsGdalWarp() {
    String ramp = TestRasters.rampFile(new File(tmp, "ramp.img"), false, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, 0.0, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    long[] counts = comparedWithGdalWarp(ramp, "near", 10, gdalWarp(ramp, "near", 10));
    assertThat("pixels that differ", counts[1], is(0L));
    assertThat("pixels with data in GDAL's warp", counts[0] > 0, is(true));
  }

  /**
   * Every method the controls accept resamples as GDAL's own warp of the whole image does, onto a grid 2.5
   * times coarser than the input (so the averaging and order-statistic methods each see several input
   * pixels per output pixel), at all but a few pixels in ten thousand: GDAL's approximate transformer
   * interpolates coordinates per chunk of the warp, so a pixel at the edge of a source pixel's footprint may
   * be counted in or out, and a value near .5 may round either way; gdalwarp itself, run once to a VRT and once
   * to a GTiff with the same arguments, gives images that differ like that (86 of this grid's 49 280 pixels
   * for bilinear on the ramp, measured with GDAL 3.6.2). Nearest, the averaging and the order-statistic
   * methods are compared on an image of random values, on which each gives an image of its own (it differs
   * from nearest's at a tenth of the pixels or more), so a method passed on as another would differ almost
   * everywhere; the interpolating ones on a ramp, where they differ by one grey level at most.
   */
  @ParameterizedTest
  @MethodSource("methods")
  void everyResampleMethodEqualsGdalWarp(String method) {
    boolean interpolating = INTERPOLATING.contains(method);
    String in = interpolating
        ? TestRasters.rampFile(new File(tmp, "ramp.img"), false, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, 0.0,
            TestRasters.STD_ROWS, TestRasters.STD_COLS)
        : noise(new File(tmp, "noise.img"));
    String warped = gdalWarp(in, method, 25);
    long[] counts = comparedWithGdalWarp(in, method, 25, warped);
    assertThat(method + " compared no pixels", counts[0], greaterThan(0L));
    assertThat(method + ": pixels unlike gdalwarp's", counts[1], lessThan(counts[0] / 500));
    if (interpolating) {
      assertThat(method + ": largest difference from gdalwarp's", counts[2], lessThanOrEqualTo(1L));
    } else {
      if (!method.equals("near")) {
        long[] vsNear = comparedWithGdalWarp(in, "near", 25, warped);
        assertThat(method + ": gdalwarp's image is nearest's", vsNear[1], greaterThan(vsNear[0] / 10));
      }
    }
  }

  private static final Set<String> INTERPOLATING = Set.of("bilinear", "cubic", "cubicspline", "lanczos");

  static List<String> methods() {
    return ApplierControls.RESAMPLE_METHODS;
  }

  /** A standard-grid Byte image of random values 1..255 (null 0), the same each time. */
  private static String noise(File file) {
    RasterArray a = RasterArray.create(DataType.UINT8, 1, TestRasters.STD_ROWS, TestRasters.STD_COLS);
    java.util.Random r = new java.util.Random(11);
    for (int i = 0; i < a.size(); i++) {
      a.setLongAt(i, 1 + r.nextInt(255));
    }
    return TestRasters.write(file, "HFA", a, TestRasters.STD_XLEFT, TestRasters.STD_YTOP, TestRasters.STD_PIX,
        TestRasters.wkt(TestRasters.STD_EPSG), 0.0);
  }

  /** GDAL's own warp of {@code in} to EPSG:3577 at {@code res} m with {@code method}, as a VRT. */
  private String gdalWarp(String in, String method, double res) {
    double[] e = TestRasters.extent(in);
    double p = TestRasters.STD_PIX;
    double[][] enlarged = {{e[0] - p, e[3] + p}, {e[1] + p, e[3] + p}, {e[1] + p, e[2] - p}, {e[0] - p, e[2] - p}};
    double[] box = TestRasters.snapOutwards(TestRasters.transformedBox(TestRasters.STD_EPSG, ALBERS, enlarged), res);
    String b = new File(tmp, new File(in).getName() + "_3577_" + method + ".vrt").getPath();
    Vector<String> opts = new Vector<>();
    String tr = Double.toString(res);
    for (String s : new String[] {"-of", "VRT", "-t_srs", "EPSG:3577", "-tr", tr, tr, "-r", method, "-te",
        Double.toString(box[0]), Double.toString(box[2]), Double.toString(box[1]), Double.toString(box[3])}) {
      opts.add(s);
    }
    Dataset src = gdal.Open(in, gdalconstConstants.GA_ReadOnly);
    Dataset warped = gdal.Warp(b, new Dataset[] {src}, new WarpOptions(opts));
    warped.delete();
    src.delete();
    return b;
  }

  /**
   * {non-null pixels of {@code reference}, pixels where the applier's input {@code in} resampled with
   * {@code method} onto {@code reference}'s grid differs from it, the largest difference}.
   */
  private long[] comparedWithGdalWarp(String in, String method, double res, String reference) {
    long[] counts = new long[3];
    Applier.apply((info, inputs, outputs) -> {
      RasterArray ia = inputs.get("a");
      RasterArray ib = inputs.get("b");
      for (int i = 0; i < ia.size(); i++) {
        if (ib.getLongAt(i) != 0) {
          counts[0]++;
        }
        long diff = Math.abs(ia.getLongAt(i) - ib.getLongAt(i));
        if (diff != 0) {
          counts[1]++;
          counts[2] = Math.max(counts[2], diff);
        }
      }
    }, new FilenameAssociations().put("a", in).put("b", reference), new FilenameAssociations(),
        AvgTest.quiet(tmp).setReferenceImage("b").setResampleMethod(method));
    return counts;
  }

  @Test
  void negativeNullIsNotSmearedByCubic() {
    int n = 100;
    RasterArray data = RasterArray.create(DataType.INT16, 2, n, n).fill(50);
    for (int b = 0; b < 2; b++) {
      for (int r = 0; r < 10; r++) {
        for (int c = 0; c < 10; c++) {
          data.setLong(b, r, c, -10);
        }
      }
    }
    String img = TestRasters.write(new File(tmp, "int16.img"), "HFA", data, TestRasters.STD_XLEFT,
        TestRasters.STD_YTOP, TestRasters.STD_PIX, TestRasters.wkt(TestRasters.STD_EPSG), -10.0);
    double[] box = TestRasters.snapOutwards(
        TestRasters.transformedBox(TestRasters.STD_EPSG, ALBERS, TestRasters.corners(img)), 10);
    PixelGrid ref = PixelGrid.fromBounds(TestRasters.wkt(ALBERS), box[0], box[1], box[2], box[3], 10, 10);

    long[] counts = new long[3]; // {values 50, nulls, other}
    Double[] nulls = new Double[2];
    Applier.apply((info, inputs, outputs) -> {
      RasterArray a = inputs.get("img");
      nulls[0] = info.getNoDataValueFor(a, 1);
      nulls[1] = info.getNoDataValueFor(a, 2);
      for (int r = 0; r < a.rows(); r++) {
        for (int c = 0; c < a.cols(); c++) {
          long v = a.getLong(0, r, c);
          counts[v == 50 ? 0 : v == -10 ? 1 : 2]++;
        }
      }
    }, new FilenameAssociations().put("img", img), new FilenameAssociations(),
        AvgTest.quiet(tmp).setReferencePixgrid(ref).setResampleMethod("cubic").setWindowSize(64, 64));

    assertThat(nulls, is(new Double[] {-10.0, -10.0}));
    assertThat(counts[0], greaterThan(0L));
    assertThat(counts[1], greaterThan(0L));
    assertThat(counts[2], is(0L));
  }

  /** GDA94 / MGA 55 as Imagine files carry it: with its own shift to WGS84, zeroed by the GDA94 fix. */
  private static final String IMAGINE_GDA94_MGA55 = "PROJCS[\"GDA94 / MGA zone 55\",GEOGCS[\"GDA94\","
      + "DATUM[\"Geocentric_Datum_of_Australia_1994\",SPHEROID[\"GRS 1980\",6378137,298.257222101],"
      + "TOWGS84[-16.237,3.51,9.939,1.4157e-06,2.1477e-06,1.3429e-06,1.9373e-07]],PRIMEM[\"Greenwich\",0],"
      + "UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
      + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",147],"
      + "PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],"
      + "PARAMETER[\"false_northing\",10000000],UNIT[\"metre\",1]]";

  /**
   * An Imagine input in GDA94 with Imagine's TOWGS84, and a reference image (not an input) of the same grid and
   * projection: the warp's source and target both pass through the GDA94 fix, as in RIOS, so it is the
   * identity and every pixel is copied unchanged. Only the source was fixed: GDAL applied the shift between
   * the two and moved half the pixels.
   */
  @Test
  void aGda94ReferenceImageIsFixedAsTheInputIs() {
    RasterArray ramp = TestRasters.ramp(100, 100, false);
    String in = TestRasters.write(new File(tmp, "in.img"), "HFA", ramp, 500000, 7000000, 10, IMAGINE_GDA94_MGA55,
        null);
    String ref = TestRasters.write(new File(tmp, "ref.img"), "HFA", ramp, 500000, 7000000, 10, IMAGINE_GDA94_MGA55,
        null);
    String out = new File(tmp, "gda94-out.img").getPath();
    Applier.apply((info, inputs, outputs) -> outputs.put("o", inputs.get("a")),
        new FilenameAssociations().put("a", in), new FilenameAssociations().put("o", out),
        new ApplierControls().setProgress(new org.rios.progress.SilentProgress()).setTempdir(tmp.getPath())
            .setReferenceImage(ref).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE).setStatsIgnore(null));
    RasterArray got = TestRasters.read(out);
    int moved = 0;
    for (int r = 0; r < 100; r++) {
      for (int c = 0; c < 100; c++) {
        moved += got.getLong(0, r, c) != ramp.getLong(0, r, c) ? 1 : 0;
      }
    }
    assertThat("pixels moved by the warp", moved, is(0));
  }

  /**
   * A Float32 band of a stack whose first band is Byte, selected and warped (the same grid shifted 3 m): its
   * values come through as Float32. GDAL's warped VRT gave every band the first band's type, clamping 1000.5
   * to 255 in a FLOAT32 array (read without a warp, the same file gave 1000.5).
   */
  @Test
  void aWarpedBandKeepsItsOwnTypeWhateverTheFirstBandsType() {
    RasterArray b1 = RasterArray.create(DataType.UINT8, 1, 10, 10).fillBand(0, 5);
    RasterArray b2 = RasterArray.create(DataType.FLOAT32, 1, 10, 10).fillBand(0, 1000.5);
    String wkt = TestRasters.wkt(28355);
    String f1 = TestRasters.write(new File(tmp, "b1.tif"), "GTiff", b1, 500000, 7000000, 10, wkt, null);
    String f2 = TestRasters.write(new File(tmp, "b2.tif"), "GTiff", b2, 500000, 7000000, 10, wkt, null);
    String vrt = new File(tmp, "stack.vrt").getPath();
    gdal.BuildVRT(vrt, new Vector<>(List.of(f1, f2)), new org.gdal.gdal.BuildVRTOptions(
        new Vector<>(List.of("-separate")))).delete();
    PixelGrid shifted = PixelGrid.fromBounds(wkt, 500003, 500093, 6999903, 6999997, 10, 10);
    double[] seen = new double[1];
    DataType[] type = new DataType[1];
    Applier.apply((info, inputs, outputs) -> {
      seen[0] = inputs.get("a").getDouble(0, 0, 0);
      type[0] = inputs.get("a").dataType();
    }, new FilenameAssociations().put("a", vrt), new FilenameAssociations(),
        new ApplierControls().setProgress(new org.rios.progress.SilentProgress()).setTempdir(tmp.getPath())
            .setReferencePixgrid(shifted).setFootprintType(Footprint.BOUNDS_FROM_REFERENCE)
            .selectInputImageLayers(List.of(2)));
    assertThat(type[0], is(DataType.FLOAT32));
    assertThat(seen[0], is(1000.5));
  }

  /**
   * A null list of one value for one selected band of three, on an input that is warped: RIOS hands the list to
   * GDAL's warp, which gives the bands beyond it the list's last value; it was refused as one value short of the
   * file's three bands (and taken when no warp was needed).
   */
  @Test
  void aShortNullListIsExtendedForTheWarpAsGdalDoes() {
    RasterArray a = RasterArray.create(DataType.UINT8, 3, 20, 20).fillBand(2, 9);
    String f = TestRasters.write(new File(tmp, "three.tif"), "GTiff", a, 500000, 7000000, 10, TestRasters.wkt(28355),
        null);
    for (boolean warped : new boolean[] {false, true}) {
      ApplierControls c = new ApplierControls().setProgress(new org.rios.progress.SilentProgress())
          .setTempdir(tmp.getPath()).selectInputImageLayers(List.of(3)).setInputNoDataValues(List.of(0.0));
      if (warped) {
        c.setReferencePixgrid(PixelGrid.fromBounds(TestRasters.wkt(28355), 500003, 500193, 6999803, 6999997, 10, 10))
            .setFootprintType(Footprint.BOUNDS_FROM_REFERENCE);
      }
      double[] seen = new double[2];
      Applier.apply((info, inputs, outputs) -> {
        seen[0] = info.getNoDataValueFor(inputs.get("a"), 1);
        seen[1] = inputs.get("a").getDouble(0, 5, 5);
      }, new FilenameAssociations().put("a", f), new FilenameAssociations(), c);
      assertThat("warped " + warped, seen[0], is(0.0));
      assertThat("warped " + warped, seen[1], is(9.0));
    }
  }
}
