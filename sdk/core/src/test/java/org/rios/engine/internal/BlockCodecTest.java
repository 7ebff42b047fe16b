package org.rios.engine.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.rios.array.DataType;
import org.rios.array.RasterArray;

/** The wire format of block arrays: every type round-trips; sizes beyond one Java array are refused clearly. */
class BlockCodecTest {
  @Test
  void everyTypeRoundTrips() throws IOException {
    for (DataType t : DataType.values()) {
      RasterArray a = RasterArray.create(t, 2, 3, 5);
      for (int i = 0; i < a.size(); i++) {
        a.setDoubleAt(i, i % 7 + 1);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BlockCodec.writeArray(new DataOutputStream(bytes), a);
      RasterArray back = BlockCodec.readArray(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertThat(t.toString(), back.dataType(), is(t));
      assertThat(t.toString(), back.bands() * 100 + back.rows() * 10 + back.cols(), is(235));
      for (int i = 0; i < a.size(); i++) {
        assertThat(t + " element " + i, back.getDoubleAt(i), is(a.getDoubleAt(i)));
      }
    }
  }

  @Test
  void aHeaderClaimingMoreBytesThanOneArrayHoldsIsRefusedNotWrapped() throws IOException {
    // 2^28 Float64 elements are within the element limit but 2^31 bytes: the size was computed in int and
    // wrapped negative (NegativeArraySizeException) before
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(DataType.FLOAT64.ordinal());
    out.writeInt(1);
    out.writeInt(16384);
    out.writeInt(16384);
    IOException e = assertThrows(IOException.class,
        () -> BlockCodec.readArray(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertThat(e.getMessage(), containsString("Corrupt block message: shape (1, 16384, 16384) of FLOAT64"));
  }
}
