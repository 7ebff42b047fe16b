package org.rios.beam;

import java.io.Serializable;
import java.util.Objects;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;

/**
 * One RIOS run, as {@code Applier.apply} takes it: an id, the input and output files, and the controls. A
 * {@code PCollection<RasterJob>} is what {@link RiosIO#process} processes; each job is planned on the workers,
 * so the pipeline's launcher never needs to open the files.
 *
 * <pre>{@code
 * RasterJob job = RasterJob.of("scene-042",
 *     new FilenameAssociations().put("image", "/data/scene-042.tif"),
 *     new FilenameAssociations().put("ndvi", "/out/scene-042-ndvi.tif"))
 *     .withControls(new ApplierControls().setOutputDriverName("GTiff"));
 * }</pre>
 */
public final class RasterJob implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String id;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;
  private final ApplierControls controls;

  private RasterJob(String id, FilenameAssociations infiles, FilenameAssociations outfiles,
      ApplierControls controls) {
    this.id = id;
    this.infiles = infiles;
    this.outfiles = outfiles;
    this.controls = controls;
  }

  /**
   * @param id unique within the collection: it names the job in results, failures and messages
   * @param outfiles may be empty: a job that only accumulates otherArgs writes no file
   */
  public static RasterJob of(String id, FilenameAssociations infiles, FilenameAssociations outfiles) {
    RiosBeam.checkArgument(id != null && !id.isEmpty(), "RasterJob.of: the job id must not be empty");
    return new RasterJob(id, infiles == null ? new FilenameAssociations() : infiles,
        outfiles == null ? new FilenameAssociations() : outfiles, new ApplierControls());
  }

  /**
   * The same job with {@code controls}; their ConcurrencyStyle is ignored (the runner decides).
   *
   * @throws org.rios.errors.ParameterException if they cannot be sent to the workers (a before-close hook that
   *     is not Serializable), naming the job and what is not
   */
  public RasterJob withControls(ApplierControls controls) {
    if (controls != null) {
      RiosBeam.checkControlsSendable(controls, "RasterJob.withControls: the controls of job '" + id + "'");
    }
    return withSentControls(controls);
  }

  /** {@link #withControls} for controls already found to be sendable (every job of a {@link RasterJobs} step). */
  RasterJob withSentControls(ApplierControls controls) {
    return new RasterJob(id, infiles, outfiles, controls == null ? new ApplierControls() : controls);
  }

  public String id() {
    return id;
  }

  public FilenameAssociations infiles() {
    return infiles;
  }

  public FilenameAssociations outfiles() {
    return outfiles;
  }

  public ApplierControls controls() {
    return controls;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RasterJob j && id.equals(j.id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id);
  }

  @Override
  public String toString() {
    return "RasterJob[" + id + ": " + infiles.names() + " -> " + outfiles.names() + "]";
  }
}
