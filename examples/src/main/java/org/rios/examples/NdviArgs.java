package org.rios.examples;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The arguments of the examples that take NDVI of a multi-band image, {@code <in> <out> [<red> <nir>]} (a
 * picocli mixin): the band numbers are both given or neither, (3, 4), Landsat 5/7 TM/ETM+'s, by default.
 */
final class NdviArgs {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<in>", description = "Multi-band input image.")
  String input;

  @Parameters(index = "1", paramLabel = "<out>", description = "Output image.")
  String output;

  @Parameters(index = "2", arity = "0..1", paramLabel = "<red>", description = "Red band, 1-based (default 3).")
  Integer red;

  @Parameters(index = "3", arity = "0..1", paramLabel = "<nir>",
      description = "Near-infrared band, 1-based (default 4); give both bands or neither.")
  Integer nir;

  /** The red band: the one given, else 3; a usage error if only one band was given. */
  int red() {
    if ((red == null) != (nir == null)) {
      throw new ParameterException(spec.commandLine(), "Give both band numbers, <red> and <nir>, or neither");
    }
    return red == null ? 3 : red;
  }

  /** The near-infrared band: the one given, else 4. */
  int nir() {
    return nir == null ? 4 : nir;
  }
}
