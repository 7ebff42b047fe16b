package org.rios.errors;

/**
 * Base of every error the library throws. All are unchecked, and every message names the file, image name
 * or parameter at fault.
 *
 * <pre>{@code
 * try {
 *   Applier.apply(fn, infiles, outfiles);
 * } catch (ResampleNeededException e) {
 *   // grids differ: set a reference image or pixel grid in the controls
 * }
 * }</pre>
 */
public class RiosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message shown with any URL's secrets masked ({@link ErrorText#maskSecrets}) */
  public RiosException(String message) {
    super(ErrorText.maskSecrets(message));
  }

  /** @param message shown with any URL's secrets masked ({@link ErrorText#maskSecrets}) */
  public RiosException(String message, Throwable cause) {
    super(ErrorText.maskSecrets(message), cause);
  }
}
