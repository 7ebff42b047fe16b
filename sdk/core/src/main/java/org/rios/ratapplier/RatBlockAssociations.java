package org.rios.ratapplier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rios.errors.ParameterException;

/**
 * The tables of one side (inputs or outputs) for the current block, by the names given in the
 * {@link RatAssociations}.
 *
 * <pre>{@code
 * double[] v = inputs.get("img").getDoubles("Value");
 * outputs.get("out").setColumn("Value", v);
 * }</pre>
 */
public final class RatBlockAssociations {
  private final Map<String, RatBlock> blocks = new LinkedHashMap<>();
  private final String side;

  RatBlockAssociations(String side) {
    this.side = side;
  }

  void add(RatBlock block) {
    blocks.put(block.getName(), block);
  }

  /**
   * The table named {@code name}.
   *
   * @throws ParameterException if there is no such name on this side
   */
  public RatBlock get(String name) {
    RatBlock b = blocks.get(name);
    if (b == null) {
      throw new ParameterException("No " + side + " RAT named '" + name + "' (names: " + blocks.keySet() + ")");
    }
    return b;
  }

  /** The names in order, as RIOS's {@code getRatList()}. */
  public List<String> getRatList() {
    return List.copyOf(blocks.keySet());
  }

  Map<String, RatBlock> all() {
    return Collections.unmodifiableMap(blocks);
  }
}
