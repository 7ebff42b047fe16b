package org.rios.calcstats;

/**
 * Exact per-value pixel counts of one integer band, gathered block by block for the single-pass histogram.
 *
 * <p>Values are handled as "ordered keys": signed longs whose signed order is the value order (UInt64 values
 * have their top bit flipped; every other type's values are used as they are). 8- and 16-bit types use a
 * fixed array covering the whole type. Wider types use a dense window that grows to cover the values seen,
 * up to {@value #MAX_DENSE} entries; beyond that the counts move to a hash map keyed by value, so a few
 * scattered huge values do not need a giant array. If the number of distinct values ever exceeds
 * {@value #MAX_DISTINCT} the counts are dropped and {@link #overflowed()} turns true: rather than use
 * unbounded memory, the caller then counts the finished band again ({@link IntegerHistogramReadBack}).
 */
final class ExactHistogram {
  static final int MAX_DENSE = 1 << 20;
  static final int MAX_DISTINCT = 1 << 20;

  private long base;        // ordered key of dense[0]
  private long[] dense;     // counts for keys base .. base + dense.length - 1
  private final boolean fixed;
  private LongCountMap sparse;
  private boolean overflowed;

  /** A histogram for keys in [minKey, maxKey]; a fixed dense array if the range has at most 65536 values. */
  ExactHistogram(long minKey, long maxKey) {
    if (maxKey - minKey >= 0 && maxKey - minKey < 65536) {
      base = minKey;
      dense = new long[(int) (maxKey - minKey + 1)];
      fixed = true;
    } else {
      fixed = false;
    }
  }

  boolean overflowed() {
    return overflowed;
  }

  /**
   * Makes room for keys in [lo, hi] (the range of the next batch), switching to the sparse map when a dense
   * window would be too large. Returns true if the batch can use {@link #addDense}.
   */
  boolean prepare(long lo, long hi) {
    if (overflowed) {
      return false;
    }
    if (fixed) {
      return true;
    }
    if (sparse != null) {
      return false;
    }
    long newLo = dense == null ? lo : Math.min(lo, base);
    long newHi = dense == null ? hi : Math.max(hi, base + dense.length - 1);
    long span = newHi - newLo; // may overflow for the widest 64-bit ranges: then it is negative
    if (span < 0 || span >= MAX_DENSE) {
      toSparse();
      return false;
    }
    if (dense == null || newLo < base || newHi > base + dense.length - 1) {
      // grow with some slack so a slowly widening range does not copy on every block
      int len = (int) Math.min(MAX_DENSE, Math.max(span + 1, dense == null ? span + 1 : 2L * dense.length));
      long start = newLo;
      if (start > Long.MAX_VALUE - (len - 1)) {
        start = Long.MAX_VALUE - (len - 1); // keep base + len - 1 from overflowing; still <= newLo
      }
      long[] grown = new long[len];
      if (dense != null) {
        System.arraycopy(dense, 0, grown, (int) (base - start), dense.length);
      }
      dense = grown;
      base = start;
    }
    return true;
  }

  /** Counts one pixel of {@code key}; only after {@link #prepare} returned true for a range holding it. */
  void addDense(long key) {
    dense[(int) (key - base)]++;
  }

  /** Counts one pixel of {@code key} in sparse mode; only after {@link #prepare} returned false. */
  void addSparse(long key) {
    if (overflowed) {
      return;
    }
    sparse.add(key, 1);
    if (sparse.size() > MAX_DISTINCT) {
      sparse = null;
      overflowed = true;
    }
  }

  private void toSparse() {
    sparse = new LongCountMap(dense == null ? 1024 : 4096);
    if (dense != null) {
      for (int i = 0; i < dense.length; i++) {
        if (dense[i] != 0) {
          sparse.add(base + i, dense[i]);
        }
      }
      dense = null;
    }
  }

  /** The non-zero counts as {orderedKeys, counts}, ascending; null if overflowed; empty arrays if no pixels. */
  long[][] entries() {
    if (overflowed) {
      return null;
    }
    if (sparse != null) {
      return sparse.sortedEntries();
    }
    if (dense == null) {
      return new long[][] {new long[0], new long[0]};
    }
    int n = 0;
    for (long c : dense) {
      if (c != 0) {
        n++;
      }
    }
    long[] k = new long[n];
    long[] c = new long[n];
    int j = 0;
    for (int i = 0; i < dense.length; i++) {
      if (dense[i] != 0) {
        k[j] = base + i;
        c[j++] = dense[i];
      }
    }
    return new long[][] {k, c};
  }
}
