package org.rios.errors;

/** Input grids differ and no reference image or pixel grid was given to resample onto. */
public class ResampleNeededException extends RiosException {
  private static final long serialVersionUID = 1L;

  public ResampleNeededException(String message) {
    super(message);
  }

  public ResampleNeededException(String message, Throwable cause) {
    super(message, cause);
  }
}
