package org.rios.engine.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.rios.applier.BlockAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ArrayShapeException;
import org.rios.plan.BlockDefn;

/**
 * The compact binary wire format of blocks between the main process and compute workers: no Java
 * serialization, so a peer can only ever produce arrays. Layout (big-endian): block index, top, left, rows,
 * cols; entry count; per entry its name, a list flag, the array count and per array the type ordinal
 * (-1 for an empty slot), bands, rows, cols and the raw little-endian element bytes.
 */
public final class BlockCodec {
  /** Upper bound on one array's element count, so a corrupt length cannot make us allocate gigabytes. */
  static final long MAX_ELEMENTS = 1L << 30;
  /** Upper bound on one array's bytes: what one Java byte array holds. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private BlockCodec() {}

  public static void writeBlock(DataOutputStream out, BlockDefn b) throws IOException {
    out.writeInt(b.index());
    out.writeInt(b.top());
    out.writeInt(b.left());
    out.writeInt(b.nrows());
    out.writeInt(b.ncols());
  }

  public static BlockDefn readBlock(DataInputStream in) throws IOException {
    return new BlockDefn(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
  }

  public static void writeArrays(DataOutputStream out, BlockAssociations data) throws IOException {
    out.writeInt(data.names().size());
    for (String name : data.names()) {
      out.writeUTF(name);
      boolean list = data.isList(name);
      out.writeBoolean(list);
      List<RasterArray> arrays = list ? data.getList(name) : java.util.Collections.singletonList(data.find(name, null));
      out.writeInt(arrays.size());
      for (RasterArray a : arrays) {
        writeArray(out, a);
      }
    }
  }

  public static BlockAssociations readArrays(DataInputStream in) throws IOException {
    BlockAssociations data = new BlockAssociations();
    int n = in.readInt();
    checkCount(n, "entry count");
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      boolean list = in.readBoolean();
      int count = in.readInt();
      checkCount(count, "array count");
      List<RasterArray> arrays = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        arrays.add(readArray(in));
      }
      if (list) {
        data.putList(name, arrays);
      } else {
        data.put(name, arrays.isEmpty() ? null : arrays.get(0));
      }
    }
    return data;
  }

  private static void checkCount(int n, String what) throws IOException {
    if (n < 0 || n > 1_000_000) {
      throw new IOException("Corrupt block message: " + what + " " + n);
    }
  }

  public static void writeArray(DataOutputStream out, RasterArray a) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(a.dataType().ordinal());
    out.writeInt(a.bands());
    out.writeInt(a.rows());
    out.writeInt(a.cols());
    long bytes = (long) a.size() * a.dataType().byteSize();
    if (bytes > MAX_BYTES || a.size() > MAX_ELEMENTS) {
      throw new ArrayShapeException("A block array of " + a.bands() + " bands x " + a.rows() + " x " + a.cols()
          + " " + a.dataType() + " pixels is more than one message to a worker can hold (" + MAX_ELEMENTS
          + " pixels, " + MAX_BYTES + " bytes): use a smaller window (setWindowXsize, setWindowYsize)");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    switch (a.dataType()) {
      case UINT8: case INT8: buf.put(a.bytes()); break;
      case UINT16: case INT16: buf.asShortBuffer().put(a.shorts()); break;
      case UINT32: case INT32: buf.asIntBuffer().put(a.ints()); break;
      case UINT64: case INT64: buf.asLongBuffer().put(a.longs()); break;
      case FLOAT32: buf.asFloatBuffer().put(a.floats()); break;
      default: buf.asDoubleBuffer().put(a.doubles());
    }
    out.write(buf.array());
  }

  public static RasterArray readArray(DataInputStream in) throws IOException {
    int t = in.readInt();
    if (t == -1) {
      return null;
    }
    if (t < 0 || t >= DataType.values().length) {
      throw new IOException("Corrupt block message: data type " + t);
    }
    DataType type = DataType.values()[t];
    int bands = in.readInt();
    int rows = in.readInt();
    int cols = in.readInt();
    long n = (long) bands * rows * cols;
    if (bands < 0 || rows < 0 || cols < 0 || n > MAX_ELEMENTS || n * type.byteSize() > MAX_BYTES) {
      throw new IOException("Corrupt block message: shape (" + bands + ", " + rows + ", " + cols + ") of "
          + type);
    }
    byte[] raw = new byte[(int) (n * type.byteSize())];
    in.readFully(raw);
    ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    RasterArray a = RasterArray.create(type, bands, rows, cols);
    switch (type) {
      case UINT8: case INT8: buf.get(a.bytes()); break;
      case UINT16: case INT16: buf.asShortBuffer().get(a.shorts()); break;
      case UINT32: case INT32: buf.asIntBuffer().get(a.ints()); break;
      case UINT64: case INT64: buf.asLongBuffer().get(a.longs()); break;
      case FLOAT32: buf.asFloatBuffer().get(a.floats()); break;
      default: buf.asDoubleBuffer().get(a.doubles());
    }
    return a;
  }
}
