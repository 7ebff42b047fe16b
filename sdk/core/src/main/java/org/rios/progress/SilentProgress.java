package org.rios.progress;

/** Reports nothing. */
public final class SilentProgress implements Progress {
  @Override public void setTotalSteps(int steps) {}
  @Override public void setProgress(int progress) {}
  @Override public void reset() {}
  @Override public void setLabelText(String text) {}
  @Override public void displayInfo(String message) {}
}
