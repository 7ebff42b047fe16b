package org.rios.plan;

import java.io.Serializable;

/** One output file: its symbolic name, list position (or null), filename and resolved settings. */
public record OutputSpec(String name, Integer seq, String filename, OutputSettings settings) implements Serializable {
  /** "name" or "name[seq]", for messages. */
  public String label() {
    return seq == null ? name : name + "[" + seq + "]";
  }
}
