package org.rios.beam;

import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviderRegistrar;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.rios.applier.BlockAssociations;
import org.rios.plan.BlockDefn;

/**
 * Registers the binary block coders with every pipeline's coder registry (found through
 * {@code META-INF/services}), so a pipeline author's own steps that produce blocks, e.g. a
 * {@code MapElements} into {@code KV<BlockDefn, BlockAssociations>}, get them by inference instead of a
 * Java-serialization fallback.
 *
 * <pre>{@code
 * Coder<BlockDefn> c = pipeline.getCoderRegistry().getCoder(BlockDefn.class);   // BlockDefnCoder
 * }</pre>
 */
public final class RiosCoderProviderRegistrar implements CoderProviderRegistrar {
  @Override
  public List<CoderProvider> getCoderProviders() {
    return List.of(
        CoderProviders.forCoder(TypeDescriptor.of(BlockDefn.class), BlockDefnCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(BlockAssociations.class), BlockDataCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(WriteSummary.class), WriteSummaryCoder.of()));
  }
}
