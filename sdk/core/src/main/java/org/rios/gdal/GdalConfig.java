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
 * <p>GDAL's configuration is process-wide, so {@link #apply} sets each option for the whole JVM and leaves it
 * set: runs in one JVM at the same time must agree on the options they share. Values of options whose name
 * says they are secret ({@link #isSecret}) never appear in {@link #toString}, logs or error messages.
 *
 * <pre>{@code
 * GdalConfig c = GdalConfig.empty().with("AWS_S3_ENDPOINT", "127.0.0.1:9000").with("AWS_HTTPS", "NO");
 * c.apply();
 * }</pre>
 */
public final class GdalConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final GdalConfig EMPTY = new GdalConfig(new TreeMap<>());
  private static final String[] SECRET_WORDS = {"SECRET", "PASSWORD", "TOKEN", "CREDENTIAL", "ACCESS_KEY",
      "PRIVATE_KEY", "ACCOUNT_KEY", "SAS", "BEARER", "HEADERS", "USERPWD"};

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

  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(options);
  }

  public boolean isEmpty() {
    return options.isEmpty();
  }

  /** Sets every option in this JVM's GDAL configuration (a no-op when empty or already set to the same value). */
  public void apply() {
    if (options.isEmpty()) {
      return;
    }
    GdalRuntime.ensureLoaded();
    synchronized (GdalConfig.class) {
      for (Map.Entry<String, String> e : options.entrySet()) {
        if (!e.getValue().equals(gdal.GetConfigOption(e.getKey()))) {
          gdal.SetConfigOption(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** True for options whose value must not be shown: keys, secrets, tokens, passwords, HTTP headers. */
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
    options.forEach((k, v) -> j.add(k + "=" + (isSecret(k) ? "****" : v)));
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
