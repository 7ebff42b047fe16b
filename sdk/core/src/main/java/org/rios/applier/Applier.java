package org.rios.applier;

/**
 * The RIOS entry point: apply a per-block function to aligned blocks of the input rasters and write the
 * blocks it returns to the output rasters, with statistics, histograms and pyramids.
 *
 * <pre>{@code
 * FilenameAssociations in = new FilenameAssociations().put("img", "landsat.tif");
 * FilenameAssociations out = new FilenameAssociations().put("ndvi", "ndvi.tif");
 * ApplierControls controls = new ApplierControls().setOutputDriverName("GTiff");
 * ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> {
 *   RasterArray img = inputs.get("img");
 *   outputs.put("ndvi", Ndvi.of(img.band(3), img.band(2)));
 * }, in, out, controls);
 * System.out.println(rtn.timings().formatReport());
 * }</pre>
 */
public final class Applier {
  private Applier() {}

  public static ApplierReturn<Void> apply(UserFunction fn, FilenameAssociations infiles,
      FilenameAssociations outfiles) {
    return apply(fn, infiles, outfiles, null);
  }

  public static ApplierReturn<Void> apply(UserFunction fn, FilenameAssociations infiles,
      FilenameAssociations outfiles, ApplierControls controls) {
    requireFunction(fn);
    return run(new WithoutOtherArgs(fn), infiles, outfiles, null, controls);
  }

  /**
   * Runs {@code fn} on every block. {@code otherArgs} is passed to every call; without compute workers it
   * is the caller's object, mutated in place. {@code controls} may be null for all defaults.
   */
  public static <A extends java.io.Serializable> ApplierReturn<A> apply(UserFunctionWithArgs<A> fn,
      FilenameAssociations infiles, FilenameAssociations outfiles, A otherArgs, ApplierControls controls) {
    return run(fn, infiles, outfiles, otherArgs, controls);
  }

  private static void requireFunction(Object fn) {
    if (fn == null) {
      throw new org.rios.errors.ParameterException("Applier.apply needs a user function, not null");
    }
  }

  private static <A> ApplierReturn<A> run(UserFunctionWithArgs<A> fn, FilenameAssociations infiles,
      FilenameAssociations outfiles, A otherArgs, ApplierControls controls) {
    requireFunction(fn);
    return ApplierEngine.find().run(fn, infiles != null ? infiles : new FilenameAssociations(),
        outfiles != null ? outfiles : new FilenameAssociations(), otherArgs,
        controls != null ? controls : new ApplierControls());
  }
}
