package org.rios.applier;

import java.io.Serializable;

/**
 * A per-block function that also receives {@code otherArgs}: parameters, or an accumulator that persists
 * across blocks (each compute worker gets its own copy; all copies come back in
 * {@link ApplierReturn#otherArgsList()}).
 *
 * @param <A> the otherArgs type
 */
@FunctionalInterface
public interface UserFunctionWithArgs<A> extends Serializable {
  void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs, A otherArgs) throws Exception;
}
