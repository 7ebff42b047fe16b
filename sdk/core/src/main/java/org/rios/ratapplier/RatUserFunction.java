package org.rios.ratapplier;

/**
 * The per-block function of {@link RatApplier}: reads columns of the input tables for the block's rows and
 * sets columns of the output tables.
 *
 * <pre>{@code
 * RatUserFunction square = (info, in, out) -> {
 *   double[] v = in.get("img").getDoubles("Value");
 *   for (int i = 0; i < v.length; i++) v[i] *= v[i];
 *   out.get("img").setColumn("sqrd", v);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RatUserFunction {
  void apply(RatApplierState info, RatBlockAssociations inputs, RatBlockAssociations outputs) throws Exception;
}
