package org.rios.testutil;

import java.util.ArrayList;
import java.util.List;
import org.rios.progress.Progress;

/** A silent {@link Progress} that keeps the warnings a run displays, for tests that check them. */
public final class WarningsKept implements Progress {
  public final List<String> warnings = new ArrayList<>();

  @Override public void setTotalSteps(int steps) {}
  @Override public void setProgress(int progress) {}
  @Override public void reset() {}
  @Override public void setLabelText(String text) {}
  @Override public void displayInfo(String message) {}

  @Override
  public void displayWarning(String message) {
    warnings.add(message);
  }
}
