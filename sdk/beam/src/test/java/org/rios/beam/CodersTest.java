package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.rios.applier.BlockAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.applier.SinglePassReport;
import org.rios.plan.BlockDefn;

/** The block coders: exact round trips, equal blocks give equal bytes, and pipelines infer them. */
class CodersTest {
  static BlockAssociations sample() {
    BlockAssociations b = new BlockAssociations();
    RasterArray f = RasterArray.create(DataType.FLOAT32, 2, 3, 4);
    for (int i = 0; i < f.size(); i++) {
      f.setDoubleAt(i, i * 0.5 - 3);
    }
    f.setDoubleAt(5, Float.NaN);
    RasterArray u = RasterArray.create(DataType.UINT16, 1, 3, 4).fill(65535);
    RasterArray d = RasterArray.create(DataType.FLOAT64, 1, 3, 4).fill(-1e300);
    b.put("img", f);
    b.putList("dates", Arrays.asList(u, null, d));
    return b;
  }

  @Test
  void blockDefnRoundTripsAndIsDeterministic() throws Exception {
    BlockDefn b = new BlockDefn(7, 100, 200, 50, 60);
    byte[] bytes = CoderUtils.encodeToByteArray(BlockDefnCoder.of(), b);
    assertThat(bytes.length, is(20));
    assertThat(CoderUtils.decodeFromByteArray(BlockDefnCoder.of(), bytes), is(b));
    assertDoesNotThrow(() -> BlockDefnCoder.of().verifyDeterministic());
    assertThat(CoderUtils.encodeToByteArray(BlockDefnCoder.of(), new BlockDefn(7, 100, 200, 50, 60)), is(bytes));
  }

  @Test
  void blockDataRoundTripsTypesListsAndEmptySlots() throws Exception {
    BlockAssociations b = sample();
    BlockAssociations back = CoderUtils.decodeFromByteArray(BlockDataCoder.of(),
        CoderUtils.encodeToByteArray(BlockDataCoder.of(), b));
    assertThat(List.copyOf(back.names()), is(List.of("img", "dates")));
    assertThat(back.get("img").contentEquals(b.get("img")), is(true));
    assertThat(Float.isNaN((float) back.get("img").getDoubleAt(5)), is(true));
    assertThat(back.isList("dates"), is(true));
    assertThat(back.get("dates", 0).contentEquals(b.get("dates", 0)), is(true));
    assertThat(back.get("dates", 1) == null, is(true));
    assertThat(back.get("dates", 2).dataType(), is(DataType.FLOAT64));
    assertThat(back.get("dates", 2).getDoubleAt(0), is(-1e300));
  }

  @Test
  void equalBlocksEncodeToEqualBytes() throws Exception {
    assertDoesNotThrow(() -> BlockDataCoder.of().verifyDeterministic());
    byte[] one = CoderUtils.encodeToByteArray(BlockDataCoder.of(), sample());
    byte[] two = CoderUtils.encodeToByteArray(BlockDataCoder.of(), sample());
    assertThat(Arrays.equals(one, two), is(true));
    // 2*3*4 floats + 12 uint16 + 12 doubles, plus a small header: no Java serialization overhead
    assertThat(one.length < 24 * 4 + 12 * 2 + 12 * 8 + 100, is(true));
  }

  @Test
  void summaryAndOtherArgsRoundTrip() throws Exception {
    WriteSummary s = new WriteSummary(25, Map.of("out", new SinglePassReport(true, false, true)));
    assertThat(CoderUtils.decodeFromByteArray(WriteSummaryCoder.of(), CoderUtils.encodeToByteArray(
        WriteSummaryCoder.of(), s)), is(s));
    OtherArgsCoder<OtherInputs> c = OtherArgsCoder.of();
    OtherInputs back = CoderUtils.decodeFromByteArray(c, CoderUtils.encodeToByteArray(c,
        new OtherInputs().put("sum", 2.5)));
    assertThat(back.getDouble("sum"), is(2.5));
    assertThrows(Coder.NonDeterministicException.class, c::verifyDeterministic);
  }

  @Test
  void pipelinesInferTheBinaryCodersNotJavaSerialization() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Coder<BlockDefn> defn = p.getCoderRegistry().getCoder(BlockDefn.class);
    Coder<BlockAssociations> data = p.getCoderRegistry().getCoder(BlockAssociations.class);
    assertThat(defn, instanceOf(BlockDefnCoder.class));
    assertThat(data, instanceOf(BlockDataCoder.class));
    assertThat(defn instanceof SerializableCoder, is(false));
  }
}
