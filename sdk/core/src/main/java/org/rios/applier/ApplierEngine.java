package org.rios.applier;

import java.util.Iterator;
import java.util.ServiceLoader;
import org.rios.errors.UnavailableException;

/**
 * What runs an {@link Applier#apply} call: planning, the driver for the controls' concurrency style, and the
 * result. rios-core provides it as {@code org.rios.engine.Engine}, found through {@link ServiceLoader}, so
 * this package (the public contract, at the bottom of the stack) never imports the engine built on it. Not
 * meant to be implemented by users.
 */
public interface ApplierEngine {
  /** Runs one job; see {@link Applier#apply(UserFunctionWithArgs, FilenameAssociations, FilenameAssociations,
   * java.io.Serializable, ApplierControls)}. Arguments are never null. */
  <A> ApplierReturn<A> run(UserFunctionWithArgs<A> fn, FilenameAssociations infiles, FilenameAssociations outfiles,
      A otherArgs, ApplierControls controls);

  /** The engine on the class path. */
  static ApplierEngine find() {
    return Holder.ENGINE;
  }

  /** Loaded once, lazily. */
  final class Holder {
    private static final ApplierEngine ENGINE = load();

    private Holder() {}

    private static ApplierEngine load() {
      Iterator<ApplierEngine> it = ServiceLoader.load(ApplierEngine.class, ApplierEngine.class.getClassLoader())
          .iterator();
      if (!it.hasNext()) {
        throw new UnavailableException("No RIOS engine on the class path: add the rios-core artifact "
            + "(org.rios:rios-core)");
      }
      return it.next();
    }
  }
}
