package org.rios.applier;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rios.errors.ParameterException;

/**
 * A named-value bag passed to the user function on every block, for parameters and for accumulating results
 * across blocks (RIOS's {@code otherArgs}). Values must be Serializable so compute workers can get copies.
 *
 * <pre>{@code
 * OtherInputs acc = new OtherInputs().put("sum", 0.0).put("count", 0L);
 * Applier.apply((info, in, out, a) -> {
 *   a.put("sum", a.getDouble("sum") + blockSum(in.get("img")));
 * }, infiles, new FilenameAssociations(), acc, null);
 * }</pre>
 */
public final class OtherInputs implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, Serializable> values = new LinkedHashMap<>();

  public OtherInputs put(String name, Serializable value) {
    values.put(name, value);
    return this;
  }

  @SuppressWarnings("unchecked")
  public <T extends Serializable> T get(String name) {
    if (!values.containsKey(name)) {
      throw new ParameterException("OtherInputs has no value named '" + name + "'");
    }
    return (T) values.get(name);
  }

  public <T extends Serializable> T get(String name, T defaultValue) {
    return values.containsKey(name) ? get(name) : defaultValue;
  }

  public double getDouble(String name) {
    Object v = get(name);
    if (!(v instanceof Number)) {
      throw new ParameterException("OtherInputs value '" + name + "' is not a number: " + v);
    }
    return ((Number) v).doubleValue();
  }

  public long getLong(String name) {
    Object v = get(name);
    if (!(v instanceof Number)) {
      throw new ParameterException("OtherInputs value '" + name + "' is not a number: " + v);
    }
    return ((Number) v).longValue();
  }

  public boolean contains(String name) {
    return values.containsKey(name);
  }

  public Set<String> names() {
    return values.keySet();
  }

  @Override
  public String toString() {
    return "OtherInputs" + values;
  }
}
