package org.rios.gdal;

import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.gdal.gdal.gdal;
import org.rios.errors.ParameterException;

/**
 * GDAL configuration options a run sets (object-store endpoints and credentials, HTTP settings, ...), carried
 * by the working plan to every JVM that reads or writes its files: read threads, worker processes, batch jobs
 * and Beam workers. Options GDAL finds in the environment need no entry here: GDAL reads environment variables
 * itself, in every process that inherits them.
 *
 * <p>The options are set for the calling thread only, around each call that opens, reads or writes a run's
 * files ({@link #applyToThisThread}), so runs with different options can share a JVM (a Beam worker) and no
 * run's options outlive it. Values of options whose name says they are secret ({@link #isSecret}) never
 * appear in {@link #toString}, logs or error messages.
 *
 * <pre>{@code
 * GdalConfig c = GdalConfig.empty().with("AWS_S3_ENDPOINT", "127.0.0.1:9000").with("AWS_HTTPS", "NO");
 * try (GdalConfig.Scope s = c.applyToThisThread()) {
 *   Dataset ds = gdal.Open("/vsis3/bucket/scene.tif");
 * }
 * }</pre>
 */
public final class GdalConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final GdalConfig EMPTY = new GdalConfig(new TreeMap<>());
  /** Any option whose name holds one of these is secret (AWS_SECRET_ACCESS_KEY, AZURE_STORAGE_CONNECTION_STRING, ...). */
  private static final String[] SECRET_WORDS = {"SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL", "KEY",
      "SAS", "BEARER", "HEADER", "USERPWD", "AUTH", "CONNECTION_STRING", "DELEGATION", "COOKIE", "SIGNATURE"};

  private final TreeMap<String, String> options;

  private GdalConfig(TreeMap<String, String> options) {
    this.options = options;
  }

  public static GdalConfig empty() {
    return EMPTY;
  }

  /**
   * This configuration with {@code key} set to {@code value} (null removes it).
   *
   * @throws ParameterException if the key is blank or holds '=' or white space
   */
  public GdalConfig with(String key, String value) {
    if (key == null || key.isBlank() || key.chars().anyMatch(ch -> ch == '=' || Character.isWhitespace(ch))) {
      throw new ParameterException("GDAL configuration key '" + key + "' is not a valid option name");
    }
    TreeMap<String, String> m = new TreeMap<>(options);
    if (value == null) {
      m.remove(key);
    } else {
      m.put(key, value);
    }
    return new GdalConfig(m);
  }

  /** Seconds a network transfer may move less than {@link #STALL_BYTES_PER_SECOND} before GDAL abandons it. */
  public static final String STALL_SECONDS = "30";
  public static final String STALL_BYTES_PER_SECOND = "1";

  /** Retries of a request the store answers with 429, 500, 502-504 (S3's SlowDown) unless set otherwise. */
  public static final String RETRIES = "3";
  /** The first retry's delay in seconds (GDAL doubles it, with jitter, for each next one). */
  public static final String RETRY_DELAY_SECONDS = "1";

  /**
   * This configuration with the settings a run over the network needs, unless it, GDAL's own configuration or
   * the environment sets them (their values are then put in the configuration, so that every worker the plan
   * goes to uses them):
   * <ul>
   *   <li>a limit on stalled transfers (GDAL_HTTP_LOW_SPEED_TIME = {@value #STALL_SECONDS} s below
   *   GDAL_HTTP_LOW_SPEED_LIMIT = {@value #STALL_BYTES_PER_SECOND} byte/s): without one, a server that accepts
   *   a connection and never answers holds a read, an open or an upload (and so the run, and a signal's
   *   clean-up waiting for it) forever; a transfer that moves bytes, however slowly, is not affected;</li>
   *   <li>retries (GDAL_HTTP_MAX_RETRY = {@value #RETRIES}, GDAL_HTTP_RETRY_DELAY = {@value
   *   #RETRY_DELAY_SECONDS} s): GDAL 3.6 retries nothing by default, so one {@code 503 SlowDown} answering a
   *   part of an upload failed the run after all its computing.</li>
   * </ul>
   */
  public GdalConfig withNetworkDefaults() {
    GdalConfig c = this;
    String time = "GDAL_HTTP_LOW_SPEED_TIME";
    String limit = "GDAL_HTTP_LOW_SPEED_LIMIT";
    if (!options.containsKey(time)) {
      // the limit goes with the time, unless this JVM's environment sets the time alone (GDAL's own default
      // limit then applies, as there)
      boolean withLimit = gdal.GetConfigOption(time) == null || gdal.GetConfigOption(limit) != null;
      c = c.withSeenOr(time, STALL_SECONDS);
      if (withLimit) {
        c = c.withSeenOr(limit, STALL_BYTES_PER_SECOND);
      }
    }
    return c.withSeenOr("GDAL_HTTP_MAX_RETRY", RETRIES).withSeenOr("GDAL_HTTP_RETRY_DELAY", RETRY_DELAY_SECONDS);
  }

  /**
   * This configuration with {@code key} set to the value this JVM sees for it (its environment, GDAL's global
   * configuration), or {@code dflt}, unless set: put in the configuration so that it travels with the plan, as a
   * Flink TaskManager or a PBS job need not inherit this environment.
   */
  private GdalConfig withSeenOr(String key, String dflt) {
    if (options.containsKey(key)) {
      return this;
    }
    String seen = gdal.GetConfigOption(key);
    return with(key, seen != null ? seen : dflt);
  }

  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(options);
  }

  public boolean isEmpty() {
    return options.isEmpty();
  }

  /**
   * Sets every option for the calling thread only (GDAL's thread-local configuration, which GDAL reads before
   * the process-wide one and the environment) until the scope is closed, which restores what the thread had.
   * Scoping keeps one run's options (a directory-listing switch, a cache setting, credentials) from leaking
   * into another run of the same JVM. The readers, writers and planner open a scope around each call that
   * opens, reads or writes the run's files.
   */
  public Scope applyToThisThread() {
    if (options.isEmpty()) {
      return Scope.NONE;
    }
    GdalRuntime.ensureLoaded();
    Map<String, String> previous = new TreeMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      previous.put(e.getKey(), gdal.GetThreadLocalConfigOption(e.getKey(), null));
      gdal.SetThreadLocalConfigOption(e.getKey(), e.getValue());
    }
    return new Scope(previous);
  }

  /** The options of a {@link GdalConfig} in force on one thread; closing restores the thread's own. */
  public static final class Scope implements AutoCloseable {
    static final Scope NONE = new Scope(Map.of());
    private final Map<String, String> previous;

    private Scope(Map<String, String> previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      previous.forEach(gdal::SetThreadLocalConfigOption);
    }
  }

  /**
   * True for options whose value must not be shown: keys, secrets, tokens, passwords, connection strings,
   * HTTP headers and authentication settings.
   */
  public static boolean isSecret(String key) {
    String k = key.toUpperCase(Locale.ROOT);
    for (String w : SECRET_WORDS) {
      if (k.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** The options with secret values masked: {@code {AWS_HTTPS=NO, AWS_SECRET_ACCESS_KEY=****}}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    // a proxy's or endpoint's URL may carry a user and password (GDAL_HTTP_PROXY=http://user:pass@host)
    options.forEach((k, v) -> j.add(k + "=" + (isSecret(k) ? "****" : org.rios.errors.ErrorText.maskSecrets(v))));
    return j.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GdalConfig g && g.options.equals(options);
  }

  @Override
  public int hashCode() {
    return options.hashCode();
  }
}
