package org.rios.beam;

import java.nio.file.Path;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.gdal.GdalPaths;
import org.rios.gdal.VirtualPaths;
import org.rios.errors.ParameterException;

/**
 * Jobs from files, one per file: from {@code FileIO.match()} results, or from plain file names (object-store
 * keys listed by other means: {@code s3://bucket/key}, {@code /vsis3/...}), to {@link RasterJob}s whose
 * output names are derived from the input names ({@code scene.tif} → {@code OUTDIR/scene-ndvi.tif}, where
 * OUTDIR may be a local directory or an object-store prefix); the job id is the input's file name without
 * its extension, so input names must be unique (a subdataset, {@code NETCDF:"/data/x.nc":ndvi}, is named
 * after its file and itself: {@code x_ndvi}).
 *
 * <pre>{@code
 * p.apply(FileIO.match().filepattern("/data/scenes/*.tif"))
 *     .apply(RasterJobs.fromFiles("image", "ndvi", "/out", "-ndvi.tif").withControls(controls))
 *     .apply(RiosIO.process(ndvi).withFailedJobs());
 * p.apply(Create.of("s3://scenes/a.tif", "s3://scenes/b.tif"))
 *     .apply(RasterJobs.fromNames("image", "ndvi", "s3://results/ndvi", "-ndvi.tif").withControls(controls))
 *     .apply(RiosIO.process(ndvi));
 * }</pre>
 */
public final class RasterJobs {
  private RasterJobs() {}

  /**
   * @param inputName the symbolic name of each file in its job ("image")
   * @param outputName the symbolic name of the job's one output ("ndvi")
   * @param outputDir where the outputs go: a directory, or an object-store prefix ({@code s3://bucket/out})
   * @param outputSuffix appended to the input's name without extension ("-ndvi.tif")
   */
  public static FromFiles fromFiles(String inputName, String outputName, String outputDir, String outputSuffix) {
    return new FromFiles(new FromNames(inputName, outputName, outputDir, outputSuffix, new ApplierControls()));
  }

  /** As {@link #fromFiles}, from file names ({@code PCollection<String>}) rather than match results. */
  public static FromNames fromNames(String inputName, String outputName, String outputDir, String outputSuffix) {
    return new FromNames(inputName, outputName, outputDir, outputSuffix, new ApplierControls());
  }

  /** The transform {@link #fromFiles} returns: each match result's name, then {@link FromNames}. */
  public static final class FromFiles extends PTransform<PCollection<MatchResult.Metadata>, PCollection<RasterJob>> {
    private static final long serialVersionUID = 1L;
    private final FromNames names;

    private FromFiles(FromNames names) {
      this.names = names;
    }

    /** The controls of every job (default: {@code new ApplierControls()}). */
    public FromFiles withControls(ApplierControls c) {
      return new FromFiles(names.withControls(c));
    }

    @Override
    public PCollection<RasterJob> expand(PCollection<MatchResult.Metadata> files) {
      return files.apply("FileNames", MapElements.into(TypeDescriptors.strings())
              .via((MatchResult.Metadata m) -> m.resourceId().toString()))
          .apply("ToRasterJobs", names);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      names.populateDisplayData(builder);
    }

    RasterJob job(String file) {
      return names.job(file);
    }
  }

  /** The transform {@link #fromNames} returns. */
  public static final class FromNames extends PTransform<PCollection<String>, PCollection<RasterJob>> {
    private static final long serialVersionUID = 1L;
    private final String inputName;
    private final String outputName;
    private final String outputDir;
    private final String outputSuffix;
    private final ApplierControls controls;

    private FromNames(String inputName, String outputName, String outputDir, String outputSuffix,
        ApplierControls controls) {
      this.inputName = inputName;
      this.outputName = outputName;
      this.outputDir = outputDir;
      this.outputSuffix = outputSuffix;
      this.controls = controls;
    }

    /**
     * The controls of every job (default: {@code new ApplierControls()}).
     *
     * @throws ParameterException if they cannot be sent to the workers (a before-close hook
     *     that is not Serializable), naming what is not
     */
    public FromNames withControls(ApplierControls c) {
      ApplierControls controls = c == null ? new ApplierControls() : c;
      RiosBeam.checkControlsSendable(controls, "RasterJobs.withControls: the controls");
      return new FromNames(inputName, outputName, outputDir, outputSuffix, controls);
    }

    @Override
    public PCollection<RasterJob> expand(PCollection<String> files) {
      RiosBeam.checkArgument(inputName != null && outputName != null && outputDir != null && outputSuffix != null,
          "RasterJobs.fromNames / fromFiles: input name, output name, directory and suffix are all needed");
      return files.apply("ToRasterJobs", ParDo.of(new ToJob(this)));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("input", inputName)).add(DisplayData.item("output", outputName))
          .add(DisplayData.item("outputDir", outputDir)).add(DisplayData.item("outputSuffix", outputSuffix));
    }

    RasterJob job(String file) {
      if (file == null || file.isBlank()) {
        throw new org.rios.errors.ParameterException("RasterJobs: an empty file name among the names given");
      }
      String stem = jobName(file);
      if (stem.isEmpty()) {
        // a directory ("dir/"): no job id and no output name to derive
        throw new org.rios.errors.ParameterException("RasterJobs: '" + VirtualPaths.forMessage(file) + "' is not "
            + "a file name a job can be named after (the job id and output name are the file name without its "
            + "extension)");
      }
      String out = VirtualPaths.isVirtual(outputDir)
          ? outputDir + (outputDir.endsWith("/") ? "" : "/") + stem + outputSuffix
          : Path.of(outputDir, stem + outputSuffix).toString();
      return RasterJob.of(stem, new FilenameAssociations().put(inputName, file),
          new FilenameAssociations().put(outputName, out)).withSentControls(controls);
    }
  }

  /**
   * The job id (and output stem) for a file: its name without directory and extension (and, for a URL, without
   * its query: {@code https://h/a.tif?sig=...} is {@code a}); for a subdataset of a container (NetCDF, HDF5,
   * ...), the container's stem and what names the subdataset joined by '_' ({@code NETCDF:x.nc:ndvi} and
   * {@code NETCDF:"/d/x.nc":ndvi} are {@code x_ndvi}, {@code GTIFF_DIR:2:a.tif} is {@code a_2}), so the
   * subdatasets of one file and the same subdataset of several files all get ids of their own.
   */
  static String jobName(String file) {
    VirtualPaths.Subdataset sub = VirtualPaths.subdataset(file);
    if (sub == null) {
      return fileStem(file);
    }
    String within = sub.within().replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[_.]+|[_.]+$", "");
    String stem = fileStem(sub.file());
    return within.isEmpty() ? stem : stem + "_" + within;
  }

  private static String fileStem(String file) {
    String f = VirtualPaths.withoutUrlQuery(file);
    return GdalPaths.stem(f.substring(f.lastIndexOf('/') + 1));
  }

  private static final class ToJob extends DoFn<String, RasterJob> {
    private static final long serialVersionUID = 1L;
    private final FromNames spec;

    ToJob(FromNames spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element String file, OutputReceiver<RasterJob> out) {
      out.output(spec.job(file));
    }
  }
}
