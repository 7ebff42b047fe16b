package org.rios.beam;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.rios.errors.RiosException;

/**
 * Hands a small PCollection (otherArgs copies, the sink's summary) back to the program that ran the
 * pipeline: all elements go to one key and one DoFn writes them, encoded with the collection's own coder,
 * to a single file, atomically (written aside, then renamed), so the driver either finds every element or no
 * file. The file must be on storage the driver can see (the run's temp directory; shared for a cluster).
 *
 * <pre>{@code
 * copies.apply(CollectToFile.to(tmp.resolve("otherargs.bin")));
 * pipeline.run().waitUntilFinish();
 * List<OtherInputs> back = CollectToFile.read(tmp.resolve("otherargs.bin"), copies.getCoder());
 * }</pre>
 *
 * @param <T> element type
 */
public final class CollectToFile<T> extends PTransform<PCollection<T>, PDone> {
  private static final long serialVersionUID = 1L;
  private final String path;

  private CollectToFile(String path) {
    this.path = path;
  }

  public static <T> CollectToFile<T> to(Path file) {
    return new CollectToFile<>(file.toAbsolutePath().toString());
  }

  @Override
  public PDone expand(PCollection<T> input) {
    Coder<T> coder = input.getCoder();
    WriteFileFn<T> write = new WriteFileFn<>(path, coder);
    InvokerWarmUp.start(input.getPipeline().getOptions(), List.of(write));
    input.apply("OneKey", WithKeys.<Integer, T>of(0)).setCoder(KvCoder.of(VarIntCoder.of(), coder))
        .apply("Gather", GroupByKey.create())
        .apply("WriteFile", ParDo.of(write));
    return PDone.in(input.getPipeline());
  }

  /** The elements written to {@code file}, or an empty list if the pipeline produced none. */
  public static <T> List<T> read(Path file, Coder<T> coder) throws IOException {
    List<T> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      while (in.readBoolean()) {
        out.add(coder.decode(in));
      }
    }
    return out;
  }

  private static final class WriteFileFn<T> extends DoFn<KV<Integer, Iterable<T>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final Coder<T> coder;

    WriteFileFn(String path, Coder<T> coder) {
      this.path = path;
      this.coder = coder;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<T>> group) throws IOException {
      Path target = Path.of(path);
      Path aside = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        try (OutputStream raw = Files.newOutputStream(aside);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
          for (T element : group.getValue()) {
            out.writeBoolean(true);
            coder.encode(element, out);
          }
          out.writeBoolean(false);
        }
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        Files.deleteIfExists(aside);
        // the run's temp directory (a full disk, say): name it, as every other driver does
        throw new RiosException("Could not write the Beam run's results to " + target + " in the run's temp "
            + "directory: " + e, e);
      }
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("path", path).withLabel("File"));
  }
}
