package org.rios.beam;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * What a writer's state keeps about its output: enough to name it when blocks are missing at the end of the
 * input (job, output name, file, blocks expected). It has a binary coder of its own ({@link #CODER}): a
 * runner may copy state through its coder on every bundle (the DirectRunner does), and Java serialization of
 * the whole {@link OutputTarget} made those copies a hot path.
 */
record TargetName(String jobId, String label, String filename, int numBlocks) {
  static final AtomicCoder<TargetName> CODER = new TargetNameCoder();

  static TargetName of(OutputTarget target) {
    return new TargetName(target.jobId(), target.spec().label(), target.spec().filename(), target.numBlocks());
  }

  /** Three strings and a count. */
  private static final class TargetNameCoder extends AtomicCoder<TargetName> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarIntCoder INT = VarIntCoder.of();

    @Override
    public void encode(TargetName value, OutputStream out) throws IOException {
      STRING.encode(value.jobId(), out);
      STRING.encode(value.label(), out);
      STRING.encode(value.filename(), out);
      INT.encode(value.numBlocks(), out);
    }

    @Override
    public TargetName decode(InputStream in) throws IOException {
      return new TargetName(STRING.decode(in), STRING.decode(in), STRING.decode(in), INT.decode(in));
    }
  }
}
