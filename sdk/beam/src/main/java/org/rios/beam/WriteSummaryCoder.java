package org.rios.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.rios.applier.SinglePassReport;

/**
 * Binary coder of a {@link WriteSummary}: block count, then per output its label and three flags, in the
 * writer's (plan) order. Deterministic: the map keeps the writer's insertion order, which is the plan's.
 *
 * <pre>{@code
 * summaries.setCoder(WriteSummaryCoder.of());
 * }</pre>
 */
public final class WriteSummaryCoder extends AtomicCoder<WriteSummary> {
  private static final WriteSummaryCoder INSTANCE = new WriteSummaryCoder();

  private WriteSummaryCoder() {}

  public static WriteSummaryCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WriteSummary value, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(value.blocksWritten());
    data.writeInt(value.singlePass().size());
    for (Map.Entry<String, SinglePassReport> e : value.singlePass().entrySet()) {
      data.writeUTF(e.getKey());
      data.writeBoolean(e.getValue().pyramids());
      data.writeBoolean(e.getValue().basicStats());
      data.writeBoolean(e.getValue().histogram());
    }
    data.flush();
  }

  @Override
  public WriteSummary decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int blocks = data.readInt();
    int n = data.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new CoderException("corrupt write summary: " + n + " outputs");
    }
    Map<String, SinglePassReport> reports = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      reports.put(data.readUTF(), new SinglePassReport(data.readBoolean(), data.readBoolean(), data.readBoolean()));
    }
    return new WriteSummary(blocks, reports);
  }

  @Override
  public void verifyDeterministic() {}
}
