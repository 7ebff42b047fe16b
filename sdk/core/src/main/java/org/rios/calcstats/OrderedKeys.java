package org.rios.calcstats;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/**
 * The non-null pixels of an integer band as "ordered keys": signed longs whose signed order is the value
 * order. UInt64 values have their top bit flipped; every other type's values are used as they are. Both the
 * single-pass accumulator ({@link BandAccumulator}) and the read-back of a finished band
 * ({@link IntegerHistogramReadBack}) take pixels through here, so they leave out the same null pixels.
 *
 * <p>A pixel is null when it equals the null value (band 1's NoData, used for every band as RIOS does); only
 * an integral null inside the type's range can match.
 *
 * <pre>{@code
 * OrderedKeys keys = new OrderedKeys(DataType.UINT64, 52.0);
 * int n = keys.extract(block, 0, buf);   // buf[0 .. n) hold band 1's non-null pixels
 * BigDecimal v = keys.valueOf(buf[0]);
 * }</pre>
 */
final class OrderedKeys {
  private static final long SIGN = Long.MIN_VALUE;

  private final DataType type;
  private final boolean unsigned64;
  private final boolean hasNull;
  private final long nullRaw;        // raw value (UInt64: bit pattern) that pixels must not equal

  /** Keys of a band of integer {@code type} whose pixels equal to {@code nullValue} (may be null) are left out. */
  OrderedKeys(DataType type, Double nullValue) {
    if (!type.isInteger()) {
      throw new IllegalArgumentException("Ordered keys are for integer types, not " + type);
    }
    this.type = type;
    this.unsigned64 = type == DataType.UINT64;
    boolean ok = false;
    long raw = 0;
    if (nullValue != null && type.canHold(nullValue)) {
      BigInteger bi = new BigDecimal(nullValue).toBigIntegerExact();
      if (unsigned64 || bi.bitLength() < 64) {
        ok = true;
        raw = bi.longValue(); // for UInt64 >= 2^63 this is the wrapped bit pattern, as stored in the array
      }
    }
    this.hasNull = ok;
    this.nullRaw = raw;
  }

  /**
   * Copies the non-null pixels of band {@code band} (0-based) of {@code block} into {@code out} as ordered
   * keys, in pixel order; returns how many. {@code out} must hold at least {@code block.bandSize()} values.
   */
  int extract(RasterArray block, int band, long[] out) {
    int size = block.bandSize();
    int off = band * size;
    int n = 0;
    switch (type) {
      case UINT8: {
        byte[] a = block.bytes();
        for (int i = off; i < off + size; i++) {
          long v = a[i] & 0xFF;
          if (!hasNull || v != nullRaw) {
            out[n++] = v;
          }
        }
        break;
      }
      case INT8: {
        byte[] a = block.bytes();
        for (int i = off; i < off + size; i++) {
          long v = a[i];
          if (!hasNull || v != nullRaw) {
            out[n++] = v;
          }
        }
        break;
      }
      case UINT16: {
        short[] a = block.shorts();
        for (int i = off; i < off + size; i++) {
          long v = a[i] & 0xFFFF;
          if (!hasNull || v != nullRaw) {
            out[n++] = v;
          }
        }
        break;
      }
      case INT16: {
        short[] a = block.shorts();
        for (int i = off; i < off + size; i++) {
          long v = a[i];
          if (!hasNull || v != nullRaw) {
            out[n++] = v;
          }
        }
        break;
      }
      case UINT32: {
        int[] a = block.ints();
        for (int i = off; i < off + size; i++) {
          long v = a[i] & 0xFFFFFFFFL;
          if (!hasNull || v != nullRaw) {
            out[n++] = v;
          }
        }
        break;
      }
      case INT32: {
        int[] a = block.ints();
        for (int i = off; i < off + size; i++) {
          long v = a[i];
          if (!hasNull || v != nullRaw) {
            out[n++] = v;
          }
        }
        break;
      }
      default: { // INT64, UINT64
        long[] a = block.longs();
        long flip = unsigned64 ? SIGN : 0L;
        for (int i = off; i < off + size; i++) {
          long v = a[i];
          if (!hasNull || v != nullRaw) {
            out[n++] = v ^ flip;
          }
        }
      }
    }
    return n;
  }

  /** The band's pixel type. */
  DataType type() {
    return type;
  }

  /** The value of {@code key} as the nearest double. */
  double toDouble(long key) {
    if (!unsigned64) {
      return key;
    }
    return org.rios.array.DataType.unsignedToDouble(key ^ SIGN);
  }

  /** The exact value of {@code key}. */
  BigDecimal valueOf(long key) {
    if (!unsigned64) {
      return BigDecimal.valueOf(key);
    }
    return new BigDecimal(new BigInteger(Long.toUnsignedString(key ^ SIGN)));
  }

  /** The key of the whole number {@code value}, which the type holds. */
  long keyOf(BigDecimal value) {
    BigInteger v = value.toBigIntegerExact();
    return unsigned64 ? v.longValue() ^ SIGN : v.longValueExact();
  }
}
