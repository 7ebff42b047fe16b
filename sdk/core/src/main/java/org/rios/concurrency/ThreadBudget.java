package org.rios.concurrency;

import java.io.Serializable;

/**
 * How many threads GDAL may use for its own encoding and decoding in a run, from the cores of this machine
 * and the threads the concurrency style already keeps busy computing, so that GDAL's multi-threaded GTiff
 * compression ({@code NUM_THREADS} creation option) and multi-tile decoding ({@code GDAL_NUM_THREADS}) use
 * the cores that are free and never oversubscribe them.
 *
 * <p>The rule: compute threads in this machine's processes (CW_THREADS and CW_SUBPROC compute workers,
 * CW_BEAM's workers; one for the sequential loop) take their cores first; GDAL gets the rest plus one, the
 * core of the thread that hands it the tiles and waits for them (the writer, or the sequential loop while it
 * writes), at most all cores. Read workers mostly wait on GDAL too, so they do not count. An explicit
 * setting (the controls' {@code setGdalThreads}, else the environment variable {@value #ENV}) wins. GDAL's
 * multi-threaded compression writes the same bytes as a single thread, so outputs do not depend on it.
 *
 * <pre>{@code
 * ThreadBudget.of(ConcurrencyStyle.none(), null);   // on 2 cores: 2 GDAL threads; with 2 compute threads: 1
 * }</pre>
 *
 * @param cores the processors of this machine
 * @param gdalThreads threads GDAL may use to encode an output's tiles and to decode an input's
 * @param reason how {@code gdalThreads} was decided, for the timing report
 */
public record ThreadBudget(int cores, int gdalThreads, String reason) implements Serializable {
  /** Environment variable that sets GDAL's threads for every run (a positive number). */
  public static final String ENV = "RIOS_GDAL_THREADS";

  public ThreadBudget {
    if (gdalThreads < 1) {
      throw new IllegalArgumentException("gdalThreads must be at least 1: " + gdalThreads);
    }
  }

  /** One GDAL thread: GDAL as it is by default. */
  public static ThreadBudget single() {
    return new ThreadBudget(Runtime.getRuntime().availableProcessors(), 1, "one GDAL thread");
  }

  /**
   * The budget of a run with {@code style} on this machine.
   *
   * @param override threads from the controls, or null to use {@value #ENV} or the rule
   */
  public static ThreadBudget of(ConcurrencyStyle style, Integer override) {
    return of(style, override, System.getenv(ENV), Runtime.getRuntime().availableProcessors());
  }

  static ThreadBudget of(ConcurrencyStyle style, Integer override, String env, int cores) {
    if (override != null) {
      return new ThreadBudget(cores, override, override + " (set by the controls' setGdalThreads)");
    }
    if (env != null && !env.isBlank()) {
      int n;
      try {
        n = Integer.parseInt(env.trim());
      } catch (NumberFormatException e) {
        throw new org.rios.errors.ParameterException(ENV + " must be a positive number of threads, not '" + env
            + "'");
      }
      if (n < 1) {
        throw new org.rios.errors.ParameterException(ENV + " must be a positive number of threads, not " + n);
      }
      return new ThreadBudget(cores, n, n + " (set by " + ENV + ")");
    }
    int computing = switch (style.computeWorkerKind()) {
      case CW_NONE -> 1;
      case CW_THREADS, CW_SUBPROC, CW_BEAM -> Math.max(1, style.numComputeWorkers());
      default -> 0; // batch jobs compute on other nodes
    };
    int free = Math.max(1, cores - computing + 1);
    return new ThreadBudget(cores, Math.min(cores, free), Math.min(cores, free) + " (" + cores + " cores, "
        + computing + " computing)");
  }
}
