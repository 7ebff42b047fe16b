package org.rios.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.rios.array.RasterArray;
import org.rios.engine.internal.BlockCodec;
import org.rios.engine.internal.SafeObjectInput;
import org.rios.plan.BlockDefn;

/**
 * Binary coder of an {@link OutputChunk}: the target (the writer's reduced plan, by Java serialization read
 * back through the filtering {@link SafeObjectInput}), the JVM that wrote the blocks (empty when they are
 * carried), the number of blocks, then each block and, when carried, its array in the compact format of
 * {@link BlockCodec}.
 */
final class OutputChunkCoder extends AtomicCoder<OutputChunk> {
  private static final OutputChunkCoder INSTANCE = new OutputChunkCoder();
  /** More blocks than any plan has: a count beyond it means a corrupt stream. */
  private static final int MAX_BLOCKS = 1 << 24;

  private OutputChunkCoder() {}

  static OutputChunkCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(OutputChunk value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null output chunk");
    }
    DataOutputStream data = new DataOutputStream(out);
    byte[] target = SafeObjectInput.serialize(value.target());
    data.writeInt(target.length);
    data.write(target);
    data.writeUTF(value.isWritten() ? value.writtenIn() : "");
    data.writeInt(value.blocks().size());
    for (int i = 0; i < value.blocks().size(); i++) {
      BlockCodec.writeBlock(data, value.blocks().get(i));
      if (!value.isWritten()) {
        BlockCodec.writeArray(data, value.arrays().get(i));
      }
    }
    data.flush();
  }

  @Override
  public OutputChunk decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int n = data.readInt();
    if (n < 0 || n > 64 << 20) {
      throw new CoderException("corrupt output chunk: target of " + n + " bytes");
    }
    byte[] bytes = new byte[n];
    data.readFully(bytes);
    OutputTarget target;
    try {
      target = (OutputTarget) SafeObjectInput.deserialize(bytes);
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new CoderException("corrupt output chunk target: " + e, e);
    }
    String writtenIn = data.readUTF();
    boolean written = !writtenIn.isEmpty();
    int count = data.readInt();
    if (count < 0 || count > MAX_BLOCKS) {
      throw new CoderException("corrupt output chunk: " + count + " blocks");
    }
    List<BlockDefn> blocks = new ArrayList<>(count);
    List<RasterArray> arrays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      blocks.add(BlockCodec.readBlock(data));
      if (!written) {
        arrays.add(BlockCodec.readArray(data));
      }
    }
    return new OutputChunk(target, blocks, arrays, written ? writtenIn : null);
  }
}
