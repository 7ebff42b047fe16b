package org.rios.engine;

import java.io.File;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.io.RasterizationCache;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.timing.Timers;

/**
 * One planned run as a {@link Driver} receives it: the stages over the plan, the user function and its
 * otherArgs, the controls (concurrency style, job name, Beam arguments), the run's private temp directory
 * and the cache of its rasterized vectors there (shared by every reader in this process), and where progress
 * and timers go.
 *
 * @param <A> the otherArgs type
 */
public record Job<A>(BlockStages stages, UserFunctionWithArgs<A> fn, A otherArgs, ApplierControls controls,
    File tempDir, RasterizationCache vectors, Progress progress, Timers timers) {

  public WorkingPlan plan() {
    return stages.plan();
  }

  public FilenameAssociations infiles() {
    return stages.infiles();
  }

  public FilenameAssociations outfiles() {
    return stages.outfiles();
  }

  public ConcurrencyStyle style() {
    return controls.getConcurrencyStyle();
  }
}
