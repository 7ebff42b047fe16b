package org.rios.array;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.rios.errors.ArrayShapeException;

/** RasterArray: storage per type, unsigned reads, C-style conversion, copies, windows and bands. */
class RasterArrayTest {

  /** A value every type holds exactly (and its own sign where the type is signed). */
  private static double sample(DataType t, int i) {
    double v = (i * 37) % 100;
    if (t.isSigned() && i % 3 == 0 && v != 0) {
      v = -v;
    }
    return t.isFloatingPoint() ? v + 0.5 : v;
  }

  @ParameterizedTest
  @EnumSource(DataType.class)
  void everyTypeRoundTripsThroughDoubleAndLongAccessors(DataType t) {
    RasterArray a = RasterArray.create(t, 2, 3, 4);
    assertThat(a.dataType(), is(t));
    assertThat(a.bands(), is(2));
    assertThat(a.rows(), is(3));
    assertThat(a.cols(), is(4));
    assertThat(a.size(), is(24));
    assertThat(a.bandSize(), is(12));
    assertThat(a.shapeString(), is("(2, 3, 4)"));
    assertThat(java.lang.reflect.Array.getLength(a.data()), is(24));
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.getDoubleAt(i), is(0.0));
    }
    for (int b = 0; b < 2; b++) {
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 4; c++) {
          a.setDouble(b, r, c, sample(t, a.index(b, r, c)));
        }
      }
    }
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.getDoubleAt(i), is(sample(t, i)));
    }
    assertThat(a.index(1, 2, 3), is(23));
    assertThat(a.getDouble(1, 2, 3), is(sample(t, 23)));

    RasterArray l = RasterArray.create(t, 1, 1, 3);
    l.setLong(0, 0, 0, 7);
    l.setLongAt(1, 100);
    assertThat(l.getLong(0, 0, 0), is(7L));
    assertThat(l.getLongAt(1), is(100L));
    assertThat(l.getDoubleAt(1), is(100.0));
    if (t.isSigned()) {
      l.setLongAt(2, -5);
      assertThat(l.getLongAt(2), is(-5L));
      assertThat(l.getDoubleAt(2), is(-5.0));
    }
    assertThat(RasterArray.filled(t, 1, 2, 2, 9).getDouble(0, 1, 1), is(9.0));
  }

  @ParameterizedTest
  @EnumSource(DataType.class)
  void backingArrayMatchesTheTypeWidth(DataType t) {
    RasterArray a = RasterArray.create(t, 1, 1, 1);
    Class<?> expected;
    switch (t) {
      case UINT8: case INT8: expected = byte[].class; assertThat(a.bytes(), sameInstance(a.data())); break;
      case UINT16: case INT16: expected = short[].class; assertThat(a.shorts(), sameInstance(a.data())); break;
      case UINT32: case INT32: expected = int[].class; assertThat(a.ints(), sameInstance(a.data())); break;
      case UINT64: case INT64: expected = long[].class; assertThat(a.longs(), sameInstance(a.data())); break;
      case FLOAT32: expected = float[].class; assertThat(a.floats(), sameInstance(a.data())); break;
      default: expected = double[].class; assertThat(a.doubles(), sameInstance(a.data()));
    }
    assertThat(a.data(), instanceOf(expected));
    if (t != DataType.FLOAT64) {
      assertThrows(ArrayShapeException.class, a::doubles);
    } else {
      assertThrows(ArrayShapeException.class, a::bytes);
    }
  }

  @Test
  void unsignedTypesReadBackUnsigned() {
    RasterArray u8 = RasterArray.wrap(DataType.UINT8, 1, 1, 1, new byte[] {(byte) 0xFF});
    assertThat(u8.getDoubleAt(0), is(255.0));
    assertThat(u8.getLongAt(0), is(255L));
    RasterArray u16 = RasterArray.wrap(DataType.UINT16, 1, 1, 1, new short[] {(short) 0xFFFF});
    assertThat(u16.getDoubleAt(0), is(65535.0));
    assertThat(u16.getLongAt(0), is(65535L));
    RasterArray u32 = RasterArray.wrap(DataType.UINT32, 1, 1, 1, new int[] {-1});
    assertThat(u32.getDoubleAt(0), is(4294967295.0));
    assertThat(u32.getLongAt(0), is(4294967295L));
    RasterArray u64 = RasterArray.wrap(DataType.UINT64, 1, 1, 2, new long[] {-1L, Long.MIN_VALUE + 2048});
    assertThat(u64.getDoubleAt(0), is(18446744073709551615.0)); // 2^64 - 1, nearest double
    assertThat(u64.getDoubleAt(1), is(9223372036854777856.0)); // 2^63 + 2048, exact
    assertThat(u64.getLongAt(0), is(-1L)); // bit pattern, as documented

    RasterArray i8 = RasterArray.wrap(DataType.INT8, 1, 1, 1, new byte[] {(byte) 0xFF});
    assertThat(i8.getDoubleAt(0), is(-1.0));
    RasterArray i32 = RasterArray.wrap(DataType.INT32, 1, 1, 1, new int[] {-1});
    assertThat(i32.getDoubleAt(0), is(-1.0));
  }

  @ParameterizedTest(name = "{1} <- {0} gives {2}")
  @CsvSource({
      "300.7, UINT8, 44",
      "-1.5, UINT8, 255",
      "NaN, UINT8, 0",
      "255.99, UINT8, 255",
      "-0.9, UINT8, 0",
      "256, UINT8, 0",
      "200, INT8, -56",
      "-129.5, INT8, 127",
      "65536.5, UINT16, 0",
      "-1, UINT16, 65535",
      "40000.9, INT16, -25536",
      "-2.7, INT16, -2",
      "4294967296, UINT32, 0",
      "-1, UINT32, 4294967295",
      "2147483648, INT32, -2147483648",
      "-7.99, INT32, -7",
      "-1, UINT64, 18446744073709551615",
      "1e19, UINT64, 10000000000000000000",
      "NaN, INT64, 0",
      "-3.5, INT64, -3",
      "9.223372036854775807E18, INT64, -9223372036854775808",
  })
  void setDoubleTruncatesTowardZeroAndWrapsLikeC(double value, DataType t, String expected) {
    RasterArray a = RasterArray.create(t, 1, 1, 1);
    a.setDoubleAt(0, value);
    java.math.BigInteger want = new java.math.BigInteger(expected);
    assertThat(new java.math.BigDecimal(a.getDoubleAt(0)).toBigInteger(),
        is(new java.math.BigDecimal(want.doubleValue()).toBigInteger()));
    if (t == DataType.UINT64) {
      assertThat(Long.toUnsignedString(a.getLongAt(0)), is(expected));
    } else {
      assertThat(a.getLongAt(0), is(want.longValueExact()));
    }
    assertThat(RasterArray.filled(t, 1, 1, 2, value).getLongAt(1), is(a.getLongAt(0)));
  }

  @Test
  void floatTypesKeepFractionsAndSpecialValues() {
    RasterArray f = RasterArray.create(DataType.FLOAT32, 1, 1, 3);
    f.setDoubleAt(0, 0.1);
    f.setDoubleAt(1, Double.NaN);
    f.setDoubleAt(2, Double.NEGATIVE_INFINITY);
    assertThat(f.getDoubleAt(0), is((double) 0.1f));
    assertThat(Double.isNaN(f.getDoubleAt(1)), is(true));
    assertThat(f.getDoubleAt(2), is(Double.NEGATIVE_INFINITY));
    assertThat(f.getLongAt(0), is(0L));
    RasterArray d = RasterArray.create(DataType.FLOAT64, 1, 1, 1);
    d.setDoubleAt(0, -2.75);
    assertThat(d.getDoubleAt(0), is(-2.75));
    assertThat(d.getLongAt(0), is(-2L));
  }

  @Test
  void astypeConvertsElementwise() {
    RasterArray f = RasterArray.wrap(DataType.FLOAT32, 1, 1, 4, new float[] {300.7f, -1.5f, Float.NaN, 12.25f});
    RasterArray b = f.astype(DataType.UINT8);
    assertThat(b.dataType(), is(DataType.UINT8));
    assertThat(b.getLongAt(0), is(44L));
    assertThat(b.getLongAt(1), is(255L));
    assertThat(b.getLongAt(2), is(0L));
    assertThat(b.getLongAt(3), is(12L));

    RasterArray i8 = RasterArray.wrap(DataType.INT8, 1, 1, 2, new byte[] {-1, 5});
    RasterArray u64 = i8.astype(DataType.UINT64); // integer -> integer keeps the bit pattern (numpy wrap)
    assertThat(Long.toUnsignedString(u64.getLongAt(0)), is("18446744073709551615"));
    assertThat(u64.getLongAt(1), is(5L));
    RasterArray back = u64.astype(DataType.FLOAT64);
    assertThat(back.getDoubleAt(0), is(18446744073709551615.0));

    RasterArray u16 = RasterArray.wrap(DataType.UINT16, 1, 1, 1, new short[] {(short) 60000});
    assertThat(u16.astype(DataType.INT16).getLongAt(0), is(-5536L));
    assertThat(u16.astype(DataType.FLOAT32).getDoubleAt(0), is(60000.0));
    assertThat(u16.astype(DataType.INT64).getLongAt(0), is(60000L));

    RasterArray same = u16.astype(DataType.UINT16);
    assertThat(same, not(sameInstance(u16)));
    assertThat(same.contentEquals(u16), is(true));
    same.setLongAt(0, 1);
    assertThat(u16.getLongAt(0), is(60000L)); // a copy, not a view
  }

  /**
   * astype to FLOAT64 and FLOAT32 runs typed loops: every element as the element-wise conversion gives it
   * (setDoubleAt(getDoubleAt)), for every source type, its extremes, negative values, unsigned values above
   * the signed range, NaN and infinities, over more elements than one pass of the FLOAT32 conversion holds,
   * fewer, and none.
   */
  @ParameterizedTest
  @EnumSource(DataType.class)
  void astypeToFloatingTypesEqualsTheElementwiseConversion(DataType source) {
    // 6150 elements: one full pass of the FLOAT32 conversion (4096) and a part; fewer than one pass; none
    for (int[] shape : new int[][] {{3, 50, 41}, {1, 2, 3}, {2, 0, 4}}) {
      assertAstypeToFloatingIsElementwise(source, shape[0], shape[1], shape[2]);
    }
  }

  private static void assertAstypeToFloatingIsElementwise(DataType source, int bands, int rows, int cols) {
    RasterArray a = RasterArray.create(source, bands, rows, cols);
    long[] bits = {0, 1, -1, 127, -128, 255, 32767, -32768, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE,
        0xFFFFFFFFL, Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, 16777217,
        (1L << 60) + (1L << 36) + 1}; // the last rounds one way to float directly (as numpy), another through double
    double[] floats = {0.5, -2.75, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300,
        16777217.0, -0.0};
    for (int i = 0; i < a.size(); i++) {
      if (source.isInteger()) {
        a.setLongAt(i, i < bits.length ? bits[i] : i * 7919L - 20000);
      } else {
        a.setDoubleAt(i, i < floats.length ? floats[i] : (i - 3000) * 0.37);
      }
    }
    for (DataType target : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
      RasterArray expected = RasterArray.create(target, bands, rows, cols);
      for (int i = 0; i < a.size(); i++) {
        if (target == DataType.FLOAT32 && source == DataType.INT64) {
          expected.floats()[i] = (float) a.getLongAt(i); // rounded once, as numpy's astype
        } else if (target == DataType.FLOAT32 && source == DataType.UINT64) {
          expected.floats()[i] = new java.math.BigDecimal(Long.toUnsignedString(a.longs()[i])).floatValue();
        } else {
          expected.setDoubleAt(i, a.getDoubleAt(i));
        }
      }
      RasterArray got = a.astype(target);
      assertThat(got.dataType(), is(target));
      assertThat(source + " -> " + target + " of " + a.size(), got.contentEquals(expected), is(true));
    }
  }

  private static RasterArray numbered(DataType t, int bands, int rows, int cols) {
    RasterArray a = RasterArray.create(t, bands, rows, cols);
    for (int i = 0; i < a.size(); i++) {
      a.setLongAt(i, i);
    }
    return a;
  }

  @Test
  void subWindowCopiesEveryBand() {
    RasterArray a = numbered(DataType.INT32, 2, 5, 6);
    RasterArray w = a.subWindow(1, 2, 3, 2);
    assertThat(w.shapeString(), is("(2, 3, 2)"));
    for (int b = 0; b < 2; b++) {
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 2; c++) {
          assertThat(w.getLong(b, r, c), is(a.getLong(b, r + 1, c + 2)));
        }
      }
    }
    w.setLongAt(0, -99);
    assertThat(a.getLong(0, 1, 2), is(a.index(0, 1, 2) + 0L)); // copy
    assertThat(a.subWindow(0, 0, 5, 6), sameInstance(a)); // whole array: no copy
    assertThat(a.subWindow(5, 6, 0, 0).size(), is(0));
    assertThrows(ArrayShapeException.class, () -> a.subWindow(3, 0, 3, 6));
    assertThrows(ArrayShapeException.class, () -> a.subWindow(0, 5, 1, 2));
    assertThrows(ArrayShapeException.class, () -> a.subWindow(-1, 0, 1, 1));
    assertThrows(ArrayShapeException.class, () -> a.subWindow(0, 0, -1, 1));
  }

  @Test
  void pastePlacesAllBandsAtOffset() {
    RasterArray dst = RasterArray.filled(DataType.UINT16, 2, 4, 5, 7);
    RasterArray src = numbered(DataType.UINT16, 2, 2, 3);
    dst.paste(src, 1, 2);
    for (int b = 0; b < 2; b++) {
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 5; c++) {
          boolean inside = r >= 1 && r < 3 && c >= 2 && c < 5;
          long want = inside ? src.getLong(b, r - 1, c - 2) : 7;
          assertThat(dst.getLong(b, r, c), is(want));
        }
      }
    }
    assertThat(dst.subWindow(1, 2, 2, 3).contentEquals(src), is(true));
    assertThrows(ArrayShapeException.class, () -> dst.paste(src, 3, 0)); // too low
    assertThrows(ArrayShapeException.class, () -> dst.paste(src, 0, 3)); // too far right
    assertThrows(ArrayShapeException.class, () -> dst.paste(src, -1, 0));
    assertThrows(ArrayShapeException.class, () -> dst.paste(numbered(DataType.UINT16, 1, 2, 3), 0, 0));
    assertThrows(ArrayShapeException.class, () -> dst.paste(numbered(DataType.INT16, 2, 2, 3), 0, 0));
  }

  @Test
  void bandBandsAndSetBand() {
    RasterArray a = numbered(DataType.FLOAT64, 3, 2, 2);
    RasterArray b1 = a.band(1);
    assertThat(b1.shapeString(), is("(1, 2, 2)"));
    assertThat(b1.getDouble(0, 1, 1), is(a.getDouble(1, 1, 1)));
    b1.setDoubleAt(0, -1);
    assertThat(a.getDouble(1, 0, 0), is(4.0)); // band() copies

    RasterArray picked = a.bands(new int[] {2, 0});
    assertThat(picked.bands(), is(2));
    assertThat(picked.band(0).contentEquals(a.band(2)), is(true));
    assertThat(picked.band(1).contentEquals(a.band(0)), is(true));
    assertThrows(IndexOutOfBoundsException.class, () -> a.band(3));
    assertThrows(IndexOutOfBoundsException.class, () -> a.bands(new int[] {0, -1}));

    RasterArray fill = RasterArray.filled(DataType.FLOAT64, 1, 2, 2, 42);
    a.setBand(0, fill);
    assertThat(a.band(0).contentEquals(fill), is(true));
    assertThat(a.getDouble(1, 0, 0), is(4.0)); // other bands untouched
    assertThat(a.getDouble(2, 1, 1), is(11.0));
    assertThrows(ArrayShapeException.class, () -> a.setBand(0, RasterArray.create(DataType.FLOAT32, 1, 2, 2)));
    assertThrows(ArrayShapeException.class, () -> a.setBand(0, RasterArray.create(DataType.FLOAT64, 1, 2, 3)));
    assertThrows(ArrayShapeException.class, () -> a.setBand(0, RasterArray.create(DataType.FLOAT64, 2, 2, 2)));
    assertThrows(IndexOutOfBoundsException.class, () -> a.setBand(3, fill));

    a.fillBand(2, -3);
    assertThat(a.band(2).contentEquals(RasterArray.filled(DataType.FLOAT64, 1, 2, 2, -3)), is(true));
    assertThat(a.getDouble(0, 0, 0), is(42.0));
  }

  @Test
  void shapeErrors() {
    assertThrows(ArrayShapeException.class, () -> RasterArray.create(DataType.UINT8, -1, 2, 2));
    assertThrows(ArrayShapeException.class, () -> RasterArray.create(DataType.UINT8, 1, 2, -2));
    ArrayShapeException big = assertThrows(ArrayShapeException.class,
        () -> RasterArray.create(DataType.UINT8, 100000, 100000, 1000));
    assertThat(big.getMessage(), containsString("too large"));
    assertThrows(ArrayShapeException.class, () -> RasterArray.wrap(DataType.UINT8, 1, 2, 2, new byte[3]));
    assertThrows(ArrayShapeException.class, () -> RasterArray.wrap(DataType.UINT8, 1, 2, 2, new short[4]));
    assertThrows(ArrayShapeException.class, () -> RasterArray.wrap(DataType.FLOAT32, 1, 1, 1, null));
    assertThrows(ArrayShapeException.class, () -> RasterArray.wrap(DataType.INT64, 1, 1, 1, new double[1]));
    RasterArray ok = RasterArray.wrap(DataType.INT64, 1, 1, 2, new long[] {3, 4});
    assertThat(ok.getLongAt(1), is(4L));
    assertThrows(IndexOutOfBoundsException.class, () -> ok.getDouble(0, 1, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> ok.setLong(1, 0, 0, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> ok.getLong(0, 0, -1));
  }

  @Test
  void copyAndContentEquals() {
    RasterArray a = numbered(DataType.INT16, 1, 2, 3);
    RasterArray c = a.copy();
    assertThat(c.contentEquals(a), is(true));
    c.setLongAt(0, 100);
    assertThat(c.contentEquals(a), is(false));
    assertThat(a.getLongAt(0), is(0L));
    assertThat(a.contentEquals(null), is(false));
    assertThat(a.contentEquals(numbered(DataType.UINT16, 1, 2, 3)), is(false));
    assertThat(a.contentEquals(numbered(DataType.INT16, 1, 3, 2)), is(false));
    assertThat(a.toString(), is("RasterArray[INT16 (1, 2, 3)]"));
  }

  @Test
  void dataTypeNamesAndRanges() {
    assertThat(DataType.fromName("Byte"), is(DataType.UINT8));
    assertThat(DataType.fromName("int16"), is(DataType.INT16));
    assertThat(DataType.fromName("UINT64"), is(DataType.UINT64));
    assertThrows(org.rios.errors.UnsupportedDataTypeException.class, () -> DataType.fromName("CFloat32"));
    assertThat(DataType.UINT8.maxValue(), is(255.0));
    assertThat(DataType.INT8.minValue(), is(-128.0));
    assertThat(DataType.UINT32.maxValue(), is(4294967295.0));
    for (DataType t : DataType.values()) {
      assertThat(t + " integer xor float", t.isInteger() != t.isFloatingPoint(), is(true));
    }
  }

  @org.junit.jupiter.api.Test
  void shapesThatOverflowOrAreNegativeAndBadBandIndexesAreRefused() {
    // 2^21 * 2^21 * 2^22 is 2^64: the product wrapped to 0 and an empty array came back
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.ArrayShapeException.class,
        () -> RasterArray.create(DataType.UINT8, 1 << 21, 1 << 21, 1 << 22));
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.ArrayShapeException.class,
        () -> RasterArray.wrap(DataType.UINT8, -1, -1, 4, new byte[4]));
    RasterArray a = RasterArray.create(DataType.UINT8, 1, 2, 2);
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.ArrayShapeException.class,
        () -> a.subWindow(1, 0, Integer.MAX_VALUE, 0));
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.ArrayShapeException.class,
        () -> a.paste(RasterArray.create(DataType.UINT8, 1, 1, 1), Integer.MAX_VALUE, 0));
    IndexOutOfBoundsException fill = org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
        () -> a.fillBand(5, 1));
    org.hamcrest.MatcherAssert.assertThat(fill.getMessage(), org.hamcrest.Matchers.containsString("Band 5"));
    org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
        () -> a.setBand(3, RasterArray.create(DataType.UINT8, 1, 2, 2)));
    org.junit.jupiter.api.Assertions.assertThrows(org.rios.errors.ParameterException.class,
        () -> RasterArray.create(null, 1, 1, 1));
    // an empty shape stays valid, however large the other dimensions
    assertThat(RasterArray.create(DataType.UINT8, 100000, 100000, 0).size(), is(0));
  }
  /**
   * 64-bit integers convert to the nearest double and float, rounded once, as numpy converts them: a UINT64 of
   * 2^63 + 2^10 + 1 is 2^63 + 2^11 as a double (it was 2^63, halved and rounded, then the low bit added), and an
   * INT64 of 2^54 + 2^30 + 1 is 2^54 + 2^31 as a float (it was 2^54, rounded to double first).
   */
  @Test
  void sixtyFourBitIntegersRoundOnceToDoubleAndFloat() {
    java.util.Random rnd = new java.util.Random(7);
    long[] samples = new long[2000];
    samples[0] = Long.MIN_VALUE + 1024 + 1;
    samples[1] = -1L;
    samples[2] = Long.MIN_VALUE;
    samples[3] = (1L << 54) + (1L << 30) + 1;
    for (int i = 4; i < samples.length; i++) {
      samples[i] = rnd.nextLong() >>> rnd.nextInt(12) | (rnd.nextBoolean() ? 1 : 0);
    }
    RasterArray u = RasterArray.create(DataType.UINT64, 1, 1, samples.length);
    RasterArray s = RasterArray.create(DataType.INT64, 1, 1, samples.length);
    for (int i = 0; i < samples.length; i++) {
      u.setLong(0, 0, i, samples[i]);
      s.setLong(0, 0, i, samples[i]);
    }
    double[] ud = u.astype(DataType.FLOAT64).doubles();
    float[] uf = u.astype(DataType.FLOAT32).floats();
    float[] sf = s.astype(DataType.FLOAT32).floats();
    for (int i = 0; i < samples.length; i++) {
      java.math.BigDecimal exact = new java.math.BigDecimal(Long.toUnsignedString(samples[i]));
      assertThat(Long.toUnsignedString(samples[i]), u.getDouble(0, 0, i), is(exact.doubleValue()));
      assertThat(Long.toUnsignedString(samples[i]), ud[i], is(exact.doubleValue()));
      assertThat(Long.toUnsignedString(samples[i]), uf[i], is(exact.floatValue()));
      assertThat(Long.toString(samples[i]), sf[i], is((float) samples[i]));
    }
    assertThat(u.getDouble(0, 0, 0), is(9.223372036854778E18));
    assertThat(sf[3], is((float) ((1L << 54) + (1L << 31))));
  }
}
