package org.rios.beam;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunction;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.progress.SilentProgress;
import org.rios.runners.RunnerProfiles;
import org.rios.testutil.TestRasters;

/**
 * A collection whose outputs together are larger than the heap, on the DirectRunner with the given pipeline
 * arguments: {@code dir jobs size [args]}. Each job turns a size² ramp into Float32, 4 bytes a pixel. Run by
 * {@link SmallHeapCollectionTest} in a JVM with a small -Xmx; exits 0 when every output was written.
 */
public final class SmallHeapCollectionMain {
  private SmallHeapCollectionMain() {}

  /** The ramp as Float32, so each output weighs four times its input. */
  static final UserFunction TO_FLOAT = (info, in, out) -> {
    RasterArray x = in.get("img");
    RasterArray y = RasterArray.create(DataType.FLOAT32, 1, x.rows(), x.cols());
    float[] f = y.floats();
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) x.getDouble(0, i / x.cols(), i % x.cols()) * 0.5f;
    }
    out.put("out", y);
  };

  public static void main(String[] args) {
    File dir = new File(args[0]);
    int jobs = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    String in = TestRasters.rampFile(new File(dir, "in.img"), false, TestRasters.STD_XLEFT, TestRasters.STD_YTOP,
        null, size, size);
    List<RasterJob> all = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      all.add(RasterJob.of("job" + i, new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", new File(dir, "out" + i + ".tif").getPath()))
          .withControls(new ApplierControls().setOutputDriverName("GTiff").setProgress(new SilentProgress())));
    }
    List<String> pargs = new ArrayList<>(RunnerProfiles.direct(2));
    pargs.addAll(List.of(args).subList(3, args.length));
    Pipeline p = Pipeline.create(RiosOptions.fromArgs(pargs));
    p.apply(Create.of(all).withCoder(SerializableCoder.of(RasterJob.class))).apply(RiosIO.process(TO_FLOAT));
    p.run().waitUntilFinish();
  }
}
