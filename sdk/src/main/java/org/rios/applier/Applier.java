package org.rios.applier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rios.beam.BeamDriver;
import org.rios.concurrency.ComputeWorkerKind;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.concurrency.NativeDriver;
import org.rios.gdal.BlockReader;
import org.rios.gdal.GdalRuntime;
import org.rios.gdal.stats.SinglePassReport;
import org.rios.lifecycle.RunTempDir;
import org.rios.plan.WorkingPlan;
import org.rios.progress.Progress;
import org.rios.progress.TerminalProgressBar;
import org.rios.timing.Timers;

/**
 * The RIOS entry point: apply a per-block function to aligned blocks of the input rasters and write the
 * blocks it returns to the output rasters, with statistics, histograms and pyramids.
 *
 * <pre>{@code
 * FilenameAssociations in = new FilenameAssociations().put("img", "landsat.tif");
 * FilenameAssociations out = new FilenameAssociations().put("ndvi", "ndvi.tif");
 * ApplierControls controls = new ApplierControls().setOutputDriverName("GTiff");
 * ApplierReturn<Void> rtn = Applier.apply((info, inputs, outputs) -> {
 *   RasterArray img = inputs.get("img");
 *   outputs.put("ndvi", Ndvi.of(img.band(3), img.band(2)));
 * }, in, out, controls);
 * System.out.println(rtn.timings().formatReport());
 * }</pre>
 */
public final class Applier {
  private Applier() {}

  public static ApplierReturn<Void> apply(UserFunction fn, FilenameAssociations infiles,
      FilenameAssociations outfiles) {
    return apply(fn, infiles, outfiles, null);
  }

  public static ApplierReturn<Void> apply(UserFunction fn, FilenameAssociations infiles,
      FilenameAssociations outfiles, ApplierControls controls) {
    UserFunctionWithArgs<Void> wrapped = (info, inputs, outputs, ignored) -> fn.apply(info, inputs, outputs);
    return run(wrapped, infiles, outfiles, null, controls);
  }

  /**
   * Runs {@code fn} on every block. {@code otherArgs} is passed to every call; without compute workers it
   * is the caller's object, mutated in place. {@code controls} may be null for all defaults.
   */
  public static <A extends java.io.Serializable> ApplierReturn<A> apply(UserFunctionWithArgs<A> fn,
      FilenameAssociations infiles, FilenameAssociations outfiles, A otherArgs, ApplierControls controls) {
    return run(fn, infiles, outfiles, otherArgs, controls);
  }

  private static <A> ApplierReturn<A> run(UserFunctionWithArgs<A> fn, FilenameAssociations infiles,
      FilenameAssociations outfiles, A otherArgs, ApplierControls controls) {
    GdalRuntime.ensureLoaded();
    ApplierControls c = controls != null ? controls : new ApplierControls();
    FilenameAssociations in = infiles != null ? infiles : new FilenameAssociations();
    FilenameAssociations out = outfiles != null ? outfiles : new FilenameAssociations();
    Timers timers = new Timers();
    Map<String, SinglePassReport> singlePass;
    List<A> argsList;
    WorkingPlan plan;
    try (Timers.Interval wall = timers.interval(Timers.WALLTIME)) {
      plan = WorkingPlanBuilder.build(in, out, c);
      BlockStages stages = new BlockStages(plan, in, out);
      Progress progress = c.getProgress() != null ? c.getProgress() : new TerminalProgressBar();
      ConcurrencyStyle style = c.getConcurrencyStyle();
      try (RunTempDir tmp = new RunTempDir(c.getTempdir())) {
        if (style.isSequential()) {
          singlePass = SequentialDriver.run(stages, fn, otherArgs, tmp.file(), progress, timers);
          argsList = new ArrayList<>();
          argsList.add(otherArgs);
        } else if (style.computeWorkerKind() == ComputeWorkerKind.CW_BEAM) {
          BeamDriver.Result<A> r = BeamDriver.run(plan, in, out, fn, otherArgs, c, tmp.file(), timers);
          singlePass = r.singlePass();
          argsList = r.otherArgsList();
        } else {
          NativeDriver.Result<A> r = NativeDriver.run(stages, in, out, fn, otherArgs, style,
              c.getJobName(), () -> new BlockReader(stages.plan()), tmp.file(), progress, timers);
          singlePass = r.singlePass();
          argsList = r.otherArgsList();
        }
      }
    }
    return new ApplierReturn<>(timers, argsList, plan.grid(), singlePass);
  }
}
