package org.rios.ratapplier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.errors.ParameterException;

/**
 * Named raster attribute tables for {@link RatApplier}: the names are how the user function finds each
 * table's block of rows. Insertion-ordered.
 *
 * <pre>{@code
 * RatAssociations inRats = new RatAssociations().put("img", new RatHandle("classes.img"));
 * }</pre>
 */
public final class RatAssociations {
  private final Map<String, RatHandle> handles = new LinkedHashMap<>();

  /** Adds (or replaces) a named table; returns this. */
  public RatAssociations put(String name, RatHandle handle) {
    if (name == null || name.isEmpty() || handle == null) {
      throw new ParameterException("RatAssociations needs a non-empty name and a handle (got name=" + name
          + ", handle=" + handle + ")");
    }
    handles.put(name, handle);
    return this;
  }

  /** The handle named {@code name}, or null. */
  public RatHandle get(String name) {
    return handles.get(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(handles.keySet());
  }

  /** The names in order, as RIOS's {@code getRatList()}. */
  public List<String> getRatList() {
    return new ArrayList<>(handles.keySet());
  }

  public boolean isEmpty() {
    return handles.isEmpty();
  }

  @Override
  public String toString() {
    return "RatAssociations" + handles;
  }
}
