package org.rios.concurrency.internal.batch;

/**
 * How long a failing queue listing is tolerated before the run gives up watching its jobs: a controller that
 * does not answer for a while (a restart, a busy moment) does not stop the jobs, so the listing must have
 * failed for at least a window of time and at least a number of times in a row. Times are given by the
 * caller (milliseconds of any clock), so the rule is tested without waiting.
 */
final class ListingFailures {
  private final long windowMillis;
  private final int minFailures;
  private int count;
  private long since;

  ListingFailures(long windowMillis, int minFailures) {
    this.windowMillis = windowMillis;
    this.minFailures = minFailures;
  }

  /** A listing answered: the count starts again. */
  void succeeded() {
    count = 0;
  }

  /** Records a failed listing at {@code nowMillis}; true once the listing has failed long and often enough. */
  boolean failedAt(long nowMillis) {
    if (count++ == 0) {
      since = nowMillis;
    }
    return count >= minFailures && nowMillis - since >= windowMillis;
  }

  /** Failures in a row so far. */
  int count() {
    return count;
  }

  /** Whole seconds since the first failure in a row, at {@code nowMillis}. */
  long secondsFailing(long nowMillis) {
    return (nowMillis - since) / 1000;
  }
}
