package org.rios.applier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.array.RasterArray;
import org.rios.errors.ParameterException;

/**
 * The arrays of one block, by symbolic name: inputs handed to the user function, or outputs it fills in.
 * A list entry holds one array per file.
 *
 * <pre>{@code
 * (info, inputs, outputs) -> {
 *   RasterArray img = inputs.get("image");
 *   List<RasterArray> dates = inputs.getList("dates");
 *   outputs.put("result", compute(img, dates));
 * }
 * }</pre>
 */
public final class BlockAssociations {
  private final Map<String, Object> arrays = new LinkedHashMap<>();

  public BlockAssociations() {}

  /** Shaped like {@code files}: every name present, list entries with one empty slot per file. */
  public static BlockAssociations shapedLike(FilenameAssociations files) {
    BlockAssociations b = new BlockAssociations();
    for (String name : files.names()) {
      if (files.isList(name)) {
        b.arrays.put(name, new ArrayList<>(Collections.nCopies(files.getList(name).size(), null)));
      } else {
        b.arrays.put(name, null);
      }
    }
    return b;
  }

  /** The array of a single-file entry. */
  public RasterArray get(String name) {
    if (!arrays.containsKey(name)) {
      throw new ParameterException("No array named '" + name + "' in this block (names: " + arrays.keySet() + ")");
    }
    Object v = arrays.get(name);
    if (v instanceof List) {
      throw new ParameterException("'" + name + "' is a list entry; use getList(\"" + name + "\") or get(name, seq)");
    }
    return (RasterArray) v;
  }

  /** Array {@code seq} of a list entry. */
  public RasterArray get(String name, int seq) {
    List<RasterArray> list = getList(name);
    if (seq < 0 || seq >= list.size()) {
      throw new ParameterException("Index " + seq + " outside list entry '" + name + "' of " + list.size());
    }
    return list.get(seq);
  }

  /** The arrays of a list entry (a one-element list for a single-file entry). */
  @SuppressWarnings("unchecked")
  public List<RasterArray> getList(String name) {
    if (!arrays.containsKey(name)) {
      throw new ParameterException("No array named '" + name + "' in this block (names: " + arrays.keySet() + ")");
    }
    Object v = arrays.get(name);
    if (v instanceof List) {
      return Collections.unmodifiableList((List<RasterArray>) v);
    }
    return Collections.singletonList((RasterArray) v);
  }

  /** Sets a single array under {@code name}. */
  public void put(String name, RasterArray array) {
    arrays.put(name, array);
  }

  /** Sets a list of arrays under {@code name}. */
  public void putList(String name, List<RasterArray> list) {
    if (list == null) {
      throw new ParameterException("putList(\"" + name + "\", null): the list of arrays must not be null");
    }
    arrays.put(name, new ArrayList<>(list));
  }

  /**
   * Sets array {@code seq} of a list entry; the list is made, or grown with empty slots, as needed (a user
   * function may set a list output's arrays one by one).
   *
   * @throws ParameterException for a negative {@code seq}, or a name that holds a single array
   */
  @SuppressWarnings("unchecked")
  public void put(String name, int seq, RasterArray array) {
    if (seq < 0) {
      throw new ParameterException("Index " + seq + " of list entry '" + name + "' is negative");
    }
    Object v = arrays.get(name);
    if (!arrays.containsKey(name)) {
      v = new ArrayList<RasterArray>();
      arrays.put(name, v);
    } else if (!(v instanceof List)) {
      throw new ParameterException("'" + name + "' holds a single array, not a list: use put(\"" + name
          + "\", array)");
    }
    List<RasterArray> list = (List<RasterArray>) v;
    while (list.size() <= seq) {
      list.add(null);
    }
    list.set(seq, array);
  }

  /** The array for (name, seq); seq null for a single entry. Null when not set. */
  @SuppressWarnings("unchecked")
  public RasterArray find(String name, Integer seq) {
    Object v = arrays.get(name);
    if (seq == null) {
      return v instanceof RasterArray ? (RasterArray) v : null;
    }
    if (v instanceof List) {
      List<RasterArray> list = (List<RasterArray>) v;
      return seq >= 0 && seq < list.size() ? list.get(seq) : null;
    }
    return null;
  }

  /** Sets the array for (name, seq); seq null for a single entry. */
  public void set(String name, Integer seq, RasterArray array) {
    if (seq == null) {
      put(name, array);
    } else {
      put(name, seq, array);
    }
  }

  public boolean contains(String name) {
    return arrays.containsKey(name);
  }

  /** Whether {@code name} holds a list of arrays. */
  public boolean isList(String name) {
    return arrays.get(name) instanceof List;
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(arrays.keySet());
  }

  /** Number of individual arrays (lists expanded, empty slots counted). */
  public int size() {
    int n = 0;
    for (Object v : arrays.values()) {
      n += v instanceof List ? ((List<?>) v).size() : 1;
    }
    return n;
  }

  @Override
  public String toString() {
    return "BlockAssociations" + arrays.keySet();
  }
}
