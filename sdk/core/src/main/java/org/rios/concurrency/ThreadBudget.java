package org.rios.concurrency;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * How many threads GDAL may use for its own encoding and decoding in a run, from the cores of this machine
 * and the threads the concurrency style already keeps busy computing, so that GDAL's multi-threaded GTiff
 * compression ({@code NUM_THREADS} creation option), multi-tile decoding and overview computing ({@code
 * GDAL_NUM_THREADS}) use the cores that are free and never oversubscribe them.
 *
 * <p>The rule: compute threads in this machine's processes (CW_THREADS and CW_SUBPROC compute workers,
 * CW_BEAM's workers; one for the sequential loop) take their cores first; GDAL gets the rest plus one, the
 * core of the thread that hands it the tiles and waits for them (the writer, or the sequential loop while it
 * writes), at most all cores. Read workers mostly wait on GDAL too, so they do not count. CW_SUBPROC workers
 * that read their own blocks ({@code computeWorkersRead}) each decode with GDAL threads of their own, as the
 * writer encodes with its own: the free cores are shared between those processes. An explicit setting wins,
 * the first of: the controls' {@code setGdalThreads}; {@code GDAL_NUM_THREADS} given to the controls'
 * {@code setGdalConfig}; the environment variable {@value #ENV}; the environment variable
 * {@code GDAL_NUM_THREADS} (a number, or {@code ALL_CPUS} for every core; at most {@value #MAX}, GDAL's own
 * limit). GDAL's multi-threaded compression writes the same bytes as a single thread with most codecs (not
 * LZMA, whose multi-threaded stream may differ; pixels are the same; LERC outputs get no threads they do not
 * ask for, GDAL 3.6's LERC bytes varying between runs).
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
  /** Environment variable that sets GDAL's threads for every run (a positive number, or ALL_CPUS). */
  public static final String ENV = "RIOS_GDAL_THREADS";
  /** GDAL's own configuration option (and environment variable) for its decoding threads. */
  public static final String GDAL_ENV = "GDAL_NUM_THREADS";
  /** The most threads any setting may ask for: GDAL's own limit for its encoder and decoder threads. */
  public static final int MAX = 1024;

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
    return of(style, override, null);
  }

  /**
   * {@link #of(ConcurrencyStyle, Integer)}, also honouring {@code GDAL_NUM_THREADS} in the run's GDAL options
   * ({@code controlsConfig}, may be null).
   */
  public static ThreadBudget of(ConcurrencyStyle style, Integer override, Map<String, String> controlsConfig) {
    Map<String, String> env = new java.util.HashMap<>();
    if (System.getenv(ENV) != null) {
      env.put(ENV, System.getenv(ENV));
    }
    if (System.getenv(GDAL_ENV) != null) {
      env.put(GDAL_ENV, System.getenv(GDAL_ENV));
    }
    return of(style, override, controlsConfig, env, Runtime.getRuntime().availableProcessors());
  }

  static ThreadBudget of(ConcurrencyStyle style, Integer override, String env, int cores) {
    return of(style, override, null, env == null ? Map.of() : Map.of(ENV, env), cores);
  }

  static ThreadBudget of(ConcurrencyStyle style, Integer override, Map<String, String> controlsConfig,
      Map<String, String> env, int cores) {
    if (override != null) {
      int n = checked(override, "the controls' setGdalThreads");
      return new ThreadBudget(cores, n, n + " (set by the controls' setGdalThreads)");
    }
    String fromControls = controlsConfig == null ? null : controlsConfig.get(GDAL_ENV);
    if (fromControls != null && !fromControls.isBlank()) {
      int n = parse(fromControls, GDAL_ENV + " in the controls' setGdalConfig", cores);
      return new ThreadBudget(cores, n, n + " (set by " + GDAL_ENV + " in the controls' GDAL options)");
    }
    for (String var : List.of(ENV, GDAL_ENV)) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        int n = parse(v, "the environment variable " + var, cores);
        return new ThreadBudget(cores, n, n + " (set by " + var + ")");
      }
    }
    int computing = switch (style.computeWorkerKind()) {
      case CW_NONE -> 1;
      case CW_THREADS, CW_SUBPROC, CW_BEAM -> Math.max(1, style.numComputeWorkers());
      default -> 0; // batch jobs compute on other nodes
    };
    int free = Math.min(cores, Math.max(1, cores - computing + 1));
    if (style.computeWorkerKind() == ComputeWorkerKind.CW_SUBPROC && Boolean.TRUE.equals(style.computeWorkersRead())) {
      int processes = Math.max(1, style.numComputeWorkers()) + 1; // each worker decodes, the writer encodes
      int each = Math.max(1, free / processes);
      return new ThreadBudget(cores, each, each + " in each of " + processes + " processes (" + cores
          + " cores, " + computing + " computing; the worker processes read their own blocks)");
    }
    return new ThreadBudget(cores, free, free + " (" + cores + " cores, " + computing + " computing"
        + (computing == 0 ? "; each batch worker decodes with its own job's cores" : "") + ")");
  }

  /** Environment variables that say how many cores a batch job was given on its node, in order of precedence. */
  public static final List<String> BATCH_CORES_ENV = List.of("SLURM_CPUS_ON_NODE", "SLURM_CPUS_PER_TASK",
      "SLURM_JOB_CPUS_PER_NODE", "NCPUS", "PBS_NUM_PPN");
  private static final java.util.regex.Pattern LEADING_COUNT = java.util.regex.Pattern.compile("^\\s*(\\d{1,6})\\b");

  /**
   * The rule's budget of a batch compute worker (SLURM, PBS) whose JVM sees {@code jvmCores} cores: one thread
   * computes, GDAL decodes on the job's cores, which are the first of {@link #BATCH_CORES_ENV} that {@code env}
   * sets (a queue that does not bind jobs to cores lets the JVM see the whole node, shared with other jobs),
   * at most {@code jvmCores}. SLURM sets {@code SLURM_CPUS_ON_NODE} for every job on every node, so it comes
   * first: the others may be inherited from the launcher's own allocation (sbatch exports the environment).
   */
  public static ThreadBudget onBatchNode(Map<String, String> env, int jvmCores) {
    int n = Math.max(1, jvmCores);
    String from = "cores its JVM sees";
    for (String var : BATCH_CORES_ENV) {
      // SLURM_JOB_CPUS_PER_NODE may read "4(x2)": the count comes first
      java.util.regex.Matcher m = LEADING_COUNT.matcher(env.getOrDefault(var, ""));
      int given = m.find() ? Integer.parseInt(m.group(1)) : 0;
      if (given >= 1) {
        n = Math.min(n, given);
        from = var + "=" + given + ", of " + jvmCores + " the JVM sees";
        break;
      }
    }
    return new ThreadBudget(n, n, n + " (the batch job's cores: " + from + "; 1 computing)");
  }

  /** Whether this budget is the rule's for {@code style} (no setting chose it). */
  public boolean isTheRuleFor(ConcurrencyStyle style) {
    return equals(rule(style, cores));
  }

  /** The rule's budget for {@code style} on {@code cores} cores, whatever the settings say. */
  public static ThreadBudget rule(ConcurrencyStyle style, int cores) {
    return of(style, null, null, Map.of(), cores);
  }

  /** A setting's threads: a whole number from 1 to {@value #MAX}, or ALL_CPUS for every core. */
  private static int parse(String value, String what, int cores) {
    String v = value.trim();
    if (v.equalsIgnoreCase("ALL_CPUS")) {
      return cores;
    }
    try {
      return checked(Integer.parseInt(v), what);
    } catch (NumberFormatException e) {
      throw new org.rios.errors.ParameterException(what + " must be a whole number of threads from 1 to " + MAX
          + ", or ALL_CPUS, not '" + value + "'");
    }
  }

  private static int checked(int n, String what) {
    if (n < 1 || n > MAX) {
      throw new org.rios.errors.ParameterException(what + " must be a whole number of threads from 1 to " + MAX
          + " (GDAL's own limit), not " + n);
    }
    return n;
  }
}
