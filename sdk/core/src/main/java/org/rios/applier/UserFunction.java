package org.rios.applier;

import java.io.Serializable;

/**
 * The per-block function a user writes: read arrays from {@code inputs}, put arrays into {@code outputs}
 * under the output names. Serializable so that compute workers in other processes can run it.
 *
 * <pre>{@code
 * UserFunction copy = (info, inputs, outputs) -> outputs.put("out", inputs.get("in"));
 * }</pre>
 */
@FunctionalInterface
public interface UserFunction extends Serializable {
  void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs) throws Exception;
}
