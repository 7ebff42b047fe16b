package org.rios.engine;

import java.util.ServiceLoader;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.UnavailableException;

/**
 * The drivers on the class path, and the one that runs a style. Drivers are instantiated lazily, in class
 * path order, until one accepts the style: a sequential or native run does not load the Beam driver (nor,
 * through it, Beam's classes).
 */
final class Drivers {
  private static final ServiceLoader<Driver> LOADER = ServiceLoader.load(Driver.class, Driver.class.getClassLoader());

  private Drivers() {}

  /**
   * @throws UnavailableException naming what to add when no driver on the class path runs {@code style}
   */
  static Driver forStyle(ConcurrencyStyle style) {
    synchronized (LOADER) { // a ServiceLoader caches the providers it made, but is not thread-safe
      for (Driver d : LOADER) {
        if (d.accepts(style)) {
          return d;
        }
      }
    }
    return unavailable(style);
  }

  private static Driver unavailable(ConcurrencyStyle style) {
    ComputeWorkerKind kind = style.computeWorkerKind();
    if (kind == ComputeWorkerKind.CW_BEAM) {
      throw new UnavailableException("computeWorkerKind CW_BEAM needs the rios-beam artifact "
          + "(org.rios:rios-beam) on the class path, with a Beam runner (rios-runners-config brings the Direct "
          + "and Flink runners)");
    }
    throw new UnavailableException("computeWorkerKind " + kind + " is not available in this version "
        + "(CW_NONE, CW_THREADS, CW_SUBPROC, CW_SLURM, CW_PBS and, with rios-beam, CW_BEAM are)");
  }
}
