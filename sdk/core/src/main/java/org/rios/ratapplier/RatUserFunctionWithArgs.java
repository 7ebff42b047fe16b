package org.rios.ratapplier;

/**
 * A {@link RatUserFunction} that also gets {@code otherArgs}: parameters, or an accumulator that persists
 * across blocks (the RAT applier is always sequential, so it is the caller's own object).
 *
 * <pre>{@code
 * OtherInputs acc = new OtherInputs().put("total", 0.0);
 * RatApplier.apply((info, in, out, a) -> {
 *   for (double v : in.get("img").getDoubles("Value")) a.put("total", a.getDouble("total") + v);
 * }, inRats, new RatAssociations(), acc, null);
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
@FunctionalInterface
public interface RatUserFunctionWithArgs<A> {
  void apply(RatApplierState info, RatBlockAssociations inputs, RatBlockAssociations outputs, A otherArgs)
      throws Exception;
}
