package org.rios.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.rios.engine.internal.BlockCodec;
import org.rios.engine.internal.SafeObjectInput;

/**
 * Binary coder of an {@link OutputBlock}: the target (the writer's reduced plan, by Java serialization read
 * back through the filtering {@link SafeObjectInput}), then the block and its array in the compact format of
 * {@link BlockCodec}.
 */
final class OutputBlockCoder extends AtomicCoder<OutputBlock> {
  private static final OutputBlockCoder INSTANCE = new OutputBlockCoder();

  private OutputBlockCoder() {}

  static OutputBlockCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(OutputBlock value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null output block");
    }
    DataOutputStream data = new DataOutputStream(out);
    byte[] target = SafeObjectInput.serialize(value.target());
    data.writeInt(target.length);
    data.write(target);
    data.writeBoolean(value.block() != null);
    if (value.block() != null) {
      BlockCodec.writeBlock(data, value.block());
      BlockCodec.writeArray(data, value.array());
    }
    data.flush();
  }

  @Override
  public OutputBlock decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int n = data.readInt();
    if (n < 0 || n > 64 << 20) {
      throw new CoderException("corrupt output block: target of " + n + " bytes");
    }
    byte[] bytes = new byte[n];
    data.readFully(bytes);
    OutputTarget target;
    try {
      target = (OutputTarget) SafeObjectInput.deserialize(bytes);
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new CoderException("corrupt output block target: " + e, e);
    }
    if (!data.readBoolean()) {
      return OutputBlock.jobFailed(target);
    }
    return new OutputBlock(target, BlockCodec.readBlock(data), BlockCodec.readArray(data));
  }
}
