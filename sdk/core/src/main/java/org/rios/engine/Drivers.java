package org.rios.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.UnavailableException;

/** The drivers on the class path, and the one that runs a style. */
final class Drivers {
  private static final List<Driver> ALL = load();

  private Drivers() {}

  private static List<Driver> load() {
    List<Driver> out = new ArrayList<>();
    ServiceLoader.load(Driver.class, Driver.class.getClassLoader()).forEach(out::add);
    return List.copyOf(out);
  }

  /**
   * @throws UnavailableException naming what to add when no driver on the class path runs {@code style}
   */
  static Driver forStyle(ConcurrencyStyle style) {
    for (Driver d : ALL) {
      if (d.accepts(style)) {
        return d;
      }
    }
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
