package org.rios.errors;

/** A wait on a block buffer or barrier exceeded its configured timeout; the message names the timeout. */
public class RiosTimeoutException extends RiosException {
  private static final long serialVersionUID = 1L;
  private final String timeoutName;

  public RiosTimeoutException(String timeoutName, String message) {
    super(message);
    this.timeoutName = timeoutName;
  }

  /** The name of the ConcurrencyStyle parameter whose limit was hit, e.g. {@code readBufferPopTimeout}. */
  public String timeoutName() {
    return timeoutName;
  }
}
