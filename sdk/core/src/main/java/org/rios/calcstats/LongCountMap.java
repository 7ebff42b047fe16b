package org.rios.calcstats;

import java.util.Arrays;

/**
 * An open-addressing hash map from long keys to positive long counts, without boxing. Holds the exact
 * per-value counts of integer bands whose values are spread too widely for a dense array.
 */
final class LongCountMap {
  private long[] keys;
  private long[] counts; // 0 marks an empty slot; stored counts are always >= 1
  private int size;
  private int mask;

  LongCountMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    counts = new long[cap];
    mask = cap - 1;
  }

  int size() {
    return size;
  }

  /** Adds {@code count} (>= 1) to the entry of {@code key}. */
  void add(long key, long count) {
    int i = slot(key);
    while (counts[i] != 0) {
      if (keys[i] == key) {
        counts[i] += count;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    counts[i] = count;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new long[oldCounts.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldCounts[i] != 0) {
        add(oldKeys[i], oldCounts[i]);
      }
    }
  }

  /** The entries as {keys, counts}, sorted by key (signed order). */
  long[][] sortedEntries() {
    long[] k = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (counts[i] != 0) {
        k[n++] = keys[i];
      }
    }
    Arrays.sort(k);
    long[] c = new long[size];
    for (int j = 0; j < size; j++) {
      c[j] = get(k[j]);
    }
    return new long[][] {k, c};
  }

  private long get(long key) {
    int i = slot(key);
    while (counts[i] != 0) {
      if (keys[i] == key) {
        return counts[i];
      }
      i = (i + 1) & mask;
    }
    return 0;
  }
}
