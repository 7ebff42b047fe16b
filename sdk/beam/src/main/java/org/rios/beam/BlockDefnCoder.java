package org.rios.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.rios.engine.internal.BlockCodec;
import org.rios.plan.BlockDefn;

/**
 * Binary coder of a {@link BlockDefn}: five big-endian ints (index, top, left, rows, cols), the same layout the
 * native compute-worker channel uses ({@link BlockCodec}). Deterministic, so a block may be a grouping key.
 *
 * <pre>{@code
 * PCollection<BlockDefn> blocks = ...;
 * blocks.setCoder(BlockDefnCoder.of());
 * }</pre>
 */
public final class BlockDefnCoder extends AtomicCoder<BlockDefn> {
  private static final BlockDefnCoder INSTANCE = new BlockDefnCoder();

  private BlockDefnCoder() {}

  public static BlockDefnCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(BlockDefn value, OutputStream out) throws IOException {
    if (value == null) {
      throw new org.apache.beam.sdk.coders.CoderException("cannot encode a null BlockDefn");
    }
    BlockCodec.writeBlock(new DataOutputStream(out), value);
  }

  @Override
  public BlockDefn decode(InputStream in) throws IOException {
    return BlockCodec.readBlock(new DataInputStream(in));
  }

  /** A record of five ints: equal blocks always encode to equal bytes. */
  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  @Override
  public boolean isRegisterByteSizeObserverCheap(BlockDefn value) {
    return true;
  }

  @Override
  protected long getEncodedElementByteSize(BlockDefn value) {
    return 20;
  }
}
