package org.rios.engine;

import java.util.Map;
import org.rios.applier.ApplierControls;
import org.rios.applier.ApplierEngine;
import org.rios.applier.ApplierReturn;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.SinglePassReport;
import org.rios.applier.UserFunctionWithArgs;
import org.rios.gdal.GdalRuntime;
import org.rios.lifecycle.RunTempDir;
import org.rios.io.RasterizationCache;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.Progress;
import org.rios.progress.TerminalProgressBar;
import org.rios.timing.Timers;

/**
 * The engine behind {@code Applier.apply}: plans the job ({@link WorkingPlanBuilder}), makes the run's temp
 * directory, hands the job to the {@link Driver} of the controls' concurrency style and turns its result into
 * an {@link ApplierReturn}. Found by {@link ApplierEngine#find()} through {@link java.util.ServiceLoader}.
 */
public final class Engine implements ApplierEngine {
  @Override
  public <A> ApplierReturn<A> run(UserFunctionWithArgs<A> fn, FilenameAssociations infiles,
      FilenameAssociations outfiles, A otherArgs, ApplierControls controls) {
    GdalRuntime.ensureLoaded();
    Timers timers = new Timers();
    WorkingPlan plan;
    Driver.Result<A> result;
    try (Timers.Interval wall = timers.interval(Timers.WALLTIME)) {
      plan = WorkingPlanBuilder.build(infiles, outfiles, controls);
      Progress progress = controls.getProgress() != null ? controls.getProgress() : new TerminalProgressBar();
      // vectors are rasterized once, into the run's own temp directory, for the timing blocks and the run
      try (RunTempDir tmp = new RunTempDir(controls.getTempdir());
          RasterizationCache vectors = new RasterizationCache(tmp.file())) {
        if (controls.getConcurrencyStyle().isAuto()) {
          ApplierControls asked = controls;
          AutoStyle.Choice choice = AutoStyle.choose(plan, new BlockStages(plan, infiles, outfiles), fn, otherArgs,
              Runtime.getRuntime().availableProcessors(),
              style -> WorkingPlanBuilder.threadBudget(style, asked).gdalThreads(), vectors, progress);
          timers.addNote(choice.reason());
          controls = controls.withConcurrencyStyle(choice.style());
          plan = WorkingPlanBuilder.withStyle(plan, outfiles, controls); // GDAL's thread budget for that style
        }
        String gdalThreadsNote = plan.gdalThreadsNote();
        if (gdalThreadsNote != null) {
          timers.addNote(gdalThreadsNote);
        }
        Driver driver = Drivers.forStyle(controls.getConcurrencyStyle());
        Job<A> job = new Job<>(new BlockStages(plan, infiles, outfiles), fn, otherArgs, controls, tmp.file(), vectors,
            progress, timers);
        result = driver.run(job);
      }
    }
    Map<String, SinglePassReport> singlePass = result.singlePass();
    return new ApplierReturn<>(timers, result.otherArgsList(), plan.grid(), singlePass);
  }
}
