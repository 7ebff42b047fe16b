package org.rios.gdal;

/**
 * When {@link NativeHeapTrimmer} trims, from what its looks at the process's resident memory see: when the
 * memory reaches a ceiling, a threshold above the most that a trim could not give back (or, before the first
 * trim, above the first look). Memory that is in use, or freed and used again soon, stays under the ceiling
 * and is left alone, so a trim is not followed by the system faulting the same pages in again; memory that
 * glibc keeps for nothing (GDAL's freed tile buffers) piles up to the ceiling and is given back. The ceiling
 * rises when a trim leaves more than it did before: that memory is in use.
 */
final class TrimPolicy {
  private final long growthBytes;
  private long ceiling = -1;

  /** @param growthBytes how far above the memory a trim left the next trim comes */
  TrimPolicy(long growthBytes) {
    this.growthBytes = growthBytes;
  }

  /** Whether to trim now, the resident memory being {@code rss} bytes. */
  boolean trimNow(long rss) {
    if (ceiling < 0) {
      ceiling = rss + growthBytes;   // the first look
      return false;
    }
    return rss >= ceiling;
  }

  /** Records a trim that left the resident memory at {@code rssAfter} bytes (negative: unknown). */
  void trimmed(long rssAfter) {
    if (rssAfter >= 0) {
      ceiling = Math.max(ceiling, rssAfter + growthBytes);
    }
  }

  /** The resident memory at which the next look trims, or -1 before the first look. */
  long ceiling() {
    return ceiling;
  }
}
