package org.rios.applier;

/**
 * A {@link UserFunction} run where a {@link UserFunctionWithArgs} is expected, its otherArgs ignored: how
 * {@code Applier.apply} and {@code RiosIO.process} run a function without otherArgs. {@link #fn} is the
 * user's own, for whoever describes it (a Beam transform's display data names its class, not this one).
 *
 * <pre>{@code
 * UserFunctionWithArgs<Void> f = new WithoutOtherArgs((info, in, out) -> out.put("y", in.get("x")));
 * }</pre>
 *
 * @param fn the user's function
 */
public record WithoutOtherArgs(UserFunction fn) implements UserFunctionWithArgs<Void> {
  @Override
  public void apply(BlockInfo info, BlockAssociations inputs, BlockAssociations outputs, Void otherArgs)
      throws Exception {
    fn.apply(info, inputs, outputs);
  }
}
