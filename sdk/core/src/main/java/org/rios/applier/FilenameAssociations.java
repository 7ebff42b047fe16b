package org.rios.applier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rios.errors.ParameterException;

/**
 * Symbolic names for input or output files, in insertion order. A name maps to one file or to a list of
 * files (a "list entry"), which the user function sees as a list of arrays.
 *
 * <pre>{@code
 * FilenameAssociations infiles = new FilenameAssociations()
 *     .put("image", "landsat.tif")
 *     .put("dates", List.of("t1.tif", "t2.tif", "t3.tif"));
 * }</pre>
 */
public final class FilenameAssociations implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One (name, seq, filename) triple; seq is null for a single-file entry. */
  public record Entry(String name, Integer seq, String filename) implements Serializable {
    /** "name" or "name[seq]", for messages. */
    public String label() {
      return seq == null ? name : name + "[" + seq + "]";
    }
  }

  private final Map<String, Object> entries = new LinkedHashMap<>();

  /** Associates {@code name} with one file; replaces an earlier entry of that name. */
  public FilenameAssociations put(String name, String filename) {
    checkName(name);
    if (filename == null || filename.isEmpty()) {
      throw new ParameterException("Filename for '" + name + "' is null or empty");
    }
    entries.put(name, filename);
    return this;
  }

  /** Associates {@code name} with a list of files. */
  public FilenameAssociations put(String name, List<String> filenames) {
    checkName(name);
    if (filenames == null) {
      throw new ParameterException("The list of filenames for '" + name + "' is null (an empty list is none)");
    }
    for (String f : filenames) {
      if (f == null || f.isEmpty()) {
        throw new ParameterException("List entry '" + name + "' contains a null or empty filename");
      }
    }
    entries.put(name, List.copyOf(filenames));
    return this;
  }

  /**
   * A symbolic name is any non-empty text without square brackets: entry {@code i} of a list is labelled
   * {@code name[i]}, which a name with brackets could equal (an output "o[0]" beside a list "o" shared its
   * writer and neither file was written).
   */
  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new ParameterException("Symbolic name must not be null or empty");
    }
    if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
      throw new ParameterException("Symbolic name '" + name + "' must not contain '[' or ']': entry i of a list "
          + "is labelled name[i]");
    }
  }

  /** The single filename of {@code name}. */
  public String get(String name) {
    Object v = entries.get(name);
    if (v == null) {
      throw new ParameterException("No file associated with name '" + name + "'");
    }
    if (v instanceof List) {
      throw new ParameterException("'" + name + "' is a list entry; use getList(\"" + name + "\")");
    }
    return (String) v;
  }

  /** Filename {@code seq} of the list entry {@code name}. */
  public String get(String name, int seq) {
    List<String> list = getList(name);
    if (seq < 0 || seq >= list.size()) {
      throw new ParameterException("Index " + seq + " outside list entry '" + name + "' of " + list.size());
    }
    return list.get(seq);
  }

  /** The files of {@code name}: the list of a list entry, or a one-element list for a single file. */
  @SuppressWarnings("unchecked")
  public List<String> getList(String name) {
    Object v = entries.get(name);
    if (v == null) {
      throw new ParameterException("No file associated with name '" + name + "'");
    }
    return v instanceof List ? (List<String>) v : List.of((String) v);
  }

  /** Whether {@code name} is a list entry. */
  public boolean isList(String name) {
    return entries.get(name) instanceof List;
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  /** Every individual file as (name, seq, filename), in definition order, lists expanded. */
  @SuppressWarnings("unchecked")
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      if (e.getValue() instanceof List) {
        List<String> list = (List<String>) e.getValue();
        for (int i = 0; i < list.size(); i++) {
          out.add(new Entry(e.getKey(), i, list.get(i)));
        }
      } else {
        out.add(new Entry(e.getKey(), null, (String) e.getValue()));
      }
    }
    return out;
  }

  /** Number of individual files (lists expanded). */
  public int size() {
    return entries().size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public String toString() {
    return "FilenameAssociations" + entries;
  }
}
