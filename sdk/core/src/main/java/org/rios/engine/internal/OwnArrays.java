package org.rios.engine.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.rios.array.RasterArray;
import org.rios.errors.ParameterException;

/**
 * Output arrays handed on to a writer that writes after the user function returns (compute threads, Beam's
 * compute steps), by identity and weakly (an array written and dropped goes). A function that puts one array
 * for several blocks (a buffer kept between calls) would have every pending block written with the last one's
 * values: the second block is refused instead. A sequential run writes each block at once and needs no check.
 *
 * <pre>{@code
 * OwnArrays own = new OwnArrays();
 * own.check(array, "out", jobId, block.index());   // per output, after each block is computed
 * }</pre>
 */
public final class OwnArrays {
  /** Where an array was put: the scope (a job, or "" in a single run) and the block. */
  private record Put(String scope, int block) {}

  private final Map<RasterArray, Put> handedOn = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Records that {@code a} was put for output {@code label} in {@code block} of {@code scope}; the same array
   * for several outputs of one block is fine.
   *
   * @throws ParameterException naming the output and both blocks if {@code a} was put for another block
   */
  public void check(RasterArray a, String label, String scope, int block) {
    if (a == null) {
      return;
    }
    Put here = new Put(scope, block);
    Put earlier = handedOn.putIfAbsent(a, here);
    if (earlier != null && !earlier.equals(here)) {
      throw new ParameterException("The user function put the same array for output '" + label + "' in block "
          + block + " as in block " + earlier.block() + ": blocks are written after the function returns, so each "
          + "block needs an array of its own (put a new array, or RasterArray.copy())");
    }
  }
}
