package org.rios.beam;

import java.nio.file.Path;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;

/**
 * Jobs from files, one per file: from {@code FileIO.match()} results to {@link RasterJob}s whose output names
 * are derived from the input names ({@code scene.tif} → {@code OUTDIR/scene-ndvi.tif}); the job id is the
 * input's file name without its extension, so input names must be unique.
 *
 * <pre>{@code
 * p.apply(FileIO.match().filepattern("/data/scenes/*.tif"))
 *     .apply(RasterJobs.fromFiles("image", "ndvi", "/out", "-ndvi.tif").withControls(controls))
 *     .apply(RiosIO.process(ndvi).withFailedJobs());
 * }</pre>
 */
public final class RasterJobs {
  private RasterJobs() {}

  /**
   * @param inputName the symbolic name of each file in its job ("image")
   * @param outputName the symbolic name of the job's one output ("ndvi")
   * @param outputDir where the outputs go
   * @param outputSuffix appended to the input's name without extension ("-ndvi.tif")
   */
  public static FromFiles fromFiles(String inputName, String outputName, String outputDir, String outputSuffix) {
    return new FromFiles(inputName, outputName, outputDir, outputSuffix, new ApplierControls());
  }

  /** The transform {@link #fromFiles} returns. */
  public static final class FromFiles extends PTransform<PCollection<MatchResult.Metadata>, PCollection<RasterJob>> {
    private static final long serialVersionUID = 1L;
    private final String inputName;
    private final String outputName;
    private final String outputDir;
    private final String outputSuffix;
    private final ApplierControls controls;

    private FromFiles(String inputName, String outputName, String outputDir, String outputSuffix,
        ApplierControls controls) {
      this.inputName = inputName;
      this.outputName = outputName;
      this.outputDir = outputDir;
      this.outputSuffix = outputSuffix;
      this.controls = controls;
    }

    /** The controls of every job (default: {@code new ApplierControls()}). */
    public FromFiles withControls(ApplierControls c) {
      return new FromFiles(inputName, outputName, outputDir, outputSuffix, c == null ? new ApplierControls() : c);
    }

    @Override
    public PCollection<RasterJob> expand(PCollection<MatchResult.Metadata> files) {
      RiosBeam.checkArgument(inputName != null && outputName != null && outputDir != null && outputSuffix != null,
          "RasterJobs.fromFiles: input name, output name, directory and suffix are all needed");
      return files.apply("ToRasterJobs", ParDo.of(new ToJob(this)));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("input", inputName)).add(DisplayData.item("output", outputName))
          .add(DisplayData.item("outputDir", outputDir)).add(DisplayData.item("outputSuffix", outputSuffix));
    }

    RasterJob job(String file) {
      String name = Path.of(file).getFileName().toString();
      int dot = name.lastIndexOf('.');
      String stem = dot > 0 ? name.substring(0, dot) : name;
      return RasterJob.of(stem, new FilenameAssociations().put(inputName, file),
          new FilenameAssociations().put(outputName, Path.of(outputDir, stem + outputSuffix).toString()))
          .withControls(controls);
    }
  }

  private static final class ToJob extends DoFn<MatchResult.Metadata, RasterJob> {
    private static final long serialVersionUID = 1L;
    private final FromFiles spec;

    ToJob(FromFiles spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, OutputReceiver<RasterJob> out) {
      out.output(spec.job(file.resourceId().toString()));
    }
  }
}
