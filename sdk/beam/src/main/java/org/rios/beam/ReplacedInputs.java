package org.rios.beam;

import org.rios.errors.ParameterException;
import org.rios.gdal.VirtualPaths;
import org.rios.plan.InputSpec;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;

/**
 * Refuses a Beam job that writes over one of its own inputs. {@code Applier.apply} on one machine reads the
 * input to the end before its new file takes the name; a Beam runner may run a job again after one of its
 * outputs is in place (a retried bundle, a task restarted after a TaskManager was lost), and the new run would
 * read that output as its input and write a wrong result under the right name. Files are compared by
 * {@link VirtualPaths#fileKeyBehind} (an input {@code GTIFF_DIR:2:a.tif} or {@code NETCDF:"a.nc":sst} reads
 * the file {@code a.tif} or {@code a.nc}), as {@link CollectionChecks} compares them across jobs.
 */
final class ReplacedInputs {
  private ReplacedInputs() {}

  /**
   * @param jobId the job, named at the start of the message; null where the caller names it (a failed job's
   *     message, {@link JobFailures#message})
   * @throws ParameterException naming the output, the input and the file, if an output is an input
   */
  static void refuse(String jobId, WorkingPlan plan) {
    for (OutputSpec o : plan.outputs()) {
      String written = VirtualPaths.sameFileKey(o.filename());
      for (InputSpec i : plan.inputs()) {
        if (i.filename() != null && VirtualPaths.fileKeyBehind(i.filename()).equals(written)) {
          throw new ParameterException((jobId == null ? "" : "Job '" + jobId + "': ") + "Output '" + o.label()
              + "' (" + o.filename()
              + ") is also its input '" + i.label() + "': a Beam runner may run a job again after its output is "
              + "in place (a retried bundle, a restarted task) and would then read the new file as the input; "
              + "write to another name and rename it once the pipeline has succeeded");
        }
      }
    }
  }
}
