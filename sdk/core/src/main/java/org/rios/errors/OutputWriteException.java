package org.rios.errors;

/**
 * An output could not be written, finished or put in place: GDAL reported an error while flushing or
 * closing it (a full disk, a refused upload), or its rename to the final name failed. Nothing is left at the
 * final path when this is thrown.
 *
 * <pre>{@code
 * try {
 *   Applier.apply(fn, infiles, outfiles);
 * } catch (OutputWriteException e) {
 *   // e.getMessage() names the output and GDAL's reason, e.g. "No space left on device"
 * }
 * }</pre>
 */
public class OutputWriteException extends RiosException {
  private static final long serialVersionUID = 1L;

  public OutputWriteException(String message) {
    super(message);
  }

  public OutputWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
