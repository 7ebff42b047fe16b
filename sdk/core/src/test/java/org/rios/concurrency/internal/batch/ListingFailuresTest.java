package org.rios.concurrency.internal.batch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/** The queue listing is given up on only after failing for the whole window and at least 3 times in a row. */
class ListingFailuresTest {
  @Test
  void threeQuickFailuresAreTolerated() {
    ListingFailures f = new ListingFailures(60_000, 3);
    assertThat(f.failedAt(0), is(false));
    assertThat(f.failedAt(2_000), is(false));
    assertThat(f.failedAt(4_000), is(false));
    assertThat(f.count(), is(3));
  }

  @Test
  void twoFailuresAMinuteApartAreTolerated() {
    ListingFailures f = new ListingFailures(60_000, 3);
    assertThat(f.failedAt(0), is(false));
    assertThat(f.failedAt(90_000), is(false)); // one slow poll: only the second failure
  }

  @Test
  void aMinuteOfFailuresEndsTheWatch() {
    ListingFailures f = new ListingFailures(60_000, 3);
    assertThat(f.failedAt(1_000), is(false));
    assertThat(f.failedAt(30_000), is(false));
    assertThat(f.failedAt(60_999), is(false));
    assertThat(f.failedAt(61_000), is(true));
    assertThat(f.secondsFailing(61_000), is(60L));
    assertThat(f.count(), is(4));
  }

  @Test
  void anAnswerStartsTheWindowAgain() {
    ListingFailures f = new ListingFailures(60_000, 3);
    f.failedAt(0);
    f.failedAt(30_000);
    f.succeeded();
    assertThat(f.failedAt(59_000), is(false));
    assertThat(f.failedAt(80_000), is(false));
    assertThat(f.failedAt(118_999), is(false));
    assertThat(f.failedAt(119_000), is(true)); // a minute from the first failure after the answer
  }
}
