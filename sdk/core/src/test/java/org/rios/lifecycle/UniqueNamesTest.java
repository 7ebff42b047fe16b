package org.rios.lifecycle;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UniqueNamesTest {
  @Test
  void bothKindsAreShortFileNameSafeAndDoNotRepeat() {
    for (Supplier<String> kind : java.util.List.<Supplier<String>>of(UniqueNames::token, UniqueNames::unguessable)) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 10_000; i++) {
        String t = kind.get();
        assertThat(t, matchesPattern("[0-9a-z]{1,13}"));
        seen.add(t);
      }
      assertThat(seen.size(), equalTo(10_000));
    }
  }
}
