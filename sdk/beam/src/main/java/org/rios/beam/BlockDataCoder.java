package org.rios.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.rios.applier.BlockAssociations;
import org.rios.engine.internal.BlockCodec;

/**
 * Binary coder of one block's arrays ({@link BlockAssociations}), in the compact wire format of the native
 * compute-worker channel ({@link BlockCodec}): names in order, list flags, and per array its type, shape and
 * raw little-endian element bytes. No Java serialization, so decoding can only ever produce arrays.
 *
 * <p>Deterministic: the bytes are a pure function of the names (in their order), the array types and shapes
 * and the exact bit patterns of the elements, which is what two blocks holding "the same arrays" share.
 *
 * <pre>{@code
 * PCollection<KV<BlockDefn, BlockAssociations>> blocks = ...;
 * blocks.setCoder(KvCoder.of(BlockDefnCoder.of(), BlockDataCoder.of()));
 * }</pre>
 */
public final class BlockDataCoder extends AtomicCoder<BlockAssociations> {
  private static final BlockDataCoder INSTANCE = new BlockDataCoder();

  private BlockDataCoder() {}

  public static BlockDataCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(BlockAssociations value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode null block arrays");
    }
    DataOutputStream data = new DataOutputStream(out);
    BlockCodec.writeArrays(data, value);
    data.flush();
  }

  @Override
  public BlockAssociations decode(InputStream in) throws IOException {
    return BlockCodec.readArrays(new DataInputStream(in));
  }

  /** See the class comment: the encoding has no map iteration order, padding or timestamps in it. */
  @Override
  public void verifyDeterministic() {}
}
