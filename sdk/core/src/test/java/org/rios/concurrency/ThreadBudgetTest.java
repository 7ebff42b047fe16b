package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.ParameterException;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** GDAL's share of the cores: the rule, the overrides, and outputs that do not depend on it. */
class ThreadBudgetTest {
  @TempDir File tmp;

  private static ConcurrencyStyle threads(int read, int compute) {
    return ConcurrencyStyle.builder().numReadWorkers(read).numComputeWorkers(compute)
        .computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
  }

  @Test
  void computeThreadsTakeTheirCoresFirstAndGdalGetsTheRest() {
    assertThat(ThreadBudget.of(ConcurrencyStyle.none(), null, null, 2).gdalThreads(), is(2));
    assertThat(ThreadBudget.of(ConcurrencyStyle.none(), null, null, 8).gdalThreads(), is(8));
    assertThat(ThreadBudget.of(threads(1, 2), null, null, 2).gdalThreads(), is(1));
    assertThat(ThreadBudget.of(threads(1, 2), null, null, 8).gdalThreads(), is(7));
    assertThat(ThreadBudget.of(threads(1, 2), null, null, 1).gdalThreads(), is(1));
    ConcurrencyStyle slurm = ConcurrencyStyle.builder().numComputeWorkers(4)
        .computeWorkerKind(ComputeWorkerKind.CW_SLURM).build();
    assertThat("batch jobs compute elsewhere", ThreadBudget.of(slurm, null, null, 4).gdalThreads(), is(4));
    assertThat(ThreadBudget.of(threads(1, 2), null, null, 2).reason(), containsString("1 (2 cores, 2 computing)"));
  }

  @Test
  void theControlsThenTheEnvironmentOverrideTheRule() {
    assertThat(ThreadBudget.of(threads(1, 2), 3, "5", 2).gdalThreads(), is(3));
    assertThat(ThreadBudget.of(threads(1, 2), null, " 5 ", 2).gdalThreads(), is(5));
    ParameterException e = assertThrows(ParameterException.class,
        () -> ThreadBudget.of(ConcurrencyStyle.none(), null, "many", 2));
    assertThat(e.getMessage(), containsString(ThreadBudget.ENV));
    assertThrows(ParameterException.class, () -> ThreadBudget.of(ConcurrencyStyle.none(), null, "0", 2));
    assertThrows(ParameterException.class, () -> new ApplierControls().setGdalThreads(0));
  }

  @Test
  void gdalsOwnSettingIsHonouredAndEverySettingIsBoundedAndNamed() {
    java.util.function.BiFunction<Map<String, String>, Map<String, String>, ThreadBudget> budget =
        (controls, env) -> ThreadBudget.of(threads(1, 2), null, controls, env, 8);
    // a user's GDAL_NUM_THREADS was overridden by the rule (inputs still decoded on the rule's threads)
    assertThat(budget.apply(null, Map.of("GDAL_NUM_THREADS", "1")).gdalThreads(), is(1));
    assertThat(budget.apply(null, Map.of("GDAL_NUM_THREADS", "all_cpus")).gdalThreads(), is(8));
    assertThat(budget.apply(Map.of("GDAL_NUM_THREADS", "3"), Map.of("GDAL_NUM_THREADS", "1")).reason(),
        containsString("3 (set by GDAL_NUM_THREADS in the controls' GDAL options)"));
    assertThat("RIOS's own variable first", budget.apply(null,
        Map.of("GDAL_NUM_THREADS", "1", ThreadBudget.ENV, "2")).gdalThreads(), is(2));
    assertThat(budget.apply(null, Map.of(ThreadBudget.ENV, "ALL_CPUS")).gdalThreads(), is(8));
    // huge values started 1024 threads on 2 cores, and a number too long for an int was called not positive
    for (String bad : List.of("5000", "99999999999", "0", "2.5", "many")) {
      ParameterException e = assertThrows(ParameterException.class,
          () -> budget.apply(null, Map.of(ThreadBudget.ENV, bad)));
      assertThat(e.getMessage(), allOf(containsString(ThreadBudget.ENV), containsString("from 1 to 1024"),
          containsString(bad)));
    }
    ParameterException e = assertThrows(ParameterException.class,
        () -> budget.apply(Map.of("GDAL_NUM_THREADS", "-2"), Map.of()));
    assertThat(e.getMessage(), containsString("GDAL_NUM_THREADS in the controls' setGdalConfig"));
    assertThrows(ParameterException.class, () -> new ApplierControls().setGdalThreads(Integer.MAX_VALUE));
    assertThat(new ApplierControls().setGdalThreads(1024).getGdalThreads(), is(1024));
  }

  @Test
  void workerProcessesThatReadShareTheFreeCores() {
    // each worker process decodes with GDAL threads of its own: 2 workers got 7 each on 8 cores
    ConcurrencyStyle reading = ConcurrencyStyle.builder().numComputeWorkers(2).computeWorkersRead(true)
        .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).build();
    ThreadBudget b = ThreadBudget.of(reading, null, null, Map.of(), 8);
    assertThat(b.gdalThreads(), is(2));
    assertThat(b.reason(), containsString("in each of 3 processes"));
    assertThat(ThreadBudget.of(reading, null, null, Map.of(), 2).gdalThreads(), is(1));
    ConcurrencyStyle fed = ConcurrencyStyle.builder().numReadWorkers(1).numComputeWorkers(2)
        .computeWorkerKind(ComputeWorkerKind.CW_SUBPROC).build();
    assertThat("fed by the launcher's read workers", ThreadBudget.of(fed, null, null, Map.of(), 8).gdalThreads(),
        is(7));
  }

  /**
   * A batch job runs on a node the launcher knows nothing of: with the rule's budget, its worker decodes with
   * GDAL threads for the cores its job was given there (the queue's variables, else the cores its JVM sees);
   * a budget the user set goes to every node as it is.
   */
  @Test
  void batchWorkersDecodeWithTheCoresOfTheirJob() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(ThreadBudget.ENV) == null
        && System.getenv(ThreadBudget.GDAL_ENV) == null, "a GDAL-threads variable in the environment sets the budget");
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    FilenameAssociations infiles = new FilenameAssociations().put("img", in);
    FilenameAssociations outfiles = new FilenameAssociations().put("out", new File(tmp, "o.tif").getPath());
    ConcurrencyStyle slurm = ConcurrencyStyle.builder().numComputeWorkers(2)
        .computeWorkerKind(ComputeWorkerKind.CW_SLURM).build();
    WorkingPlan launcher = WorkingPlanBuilder.build(infiles, outfiles,
        new ApplierControls().setOutputDriverName("GTiff").setConcurrencyStyle(slurm));
    assertThat(launcher.threads().isTheRuleFor(slurm), is(true));
    assertThat(launcher.gdalThreadsNote() == null ? "" : launcher.gdalThreadsNote(),
        Runtime.getRuntime().availableProcessors() > 1
            ? containsString("each batch worker decodes with its own job's cores") : is(""));
    assertThat(WorkingPlanBuilder.build(infiles, outfiles, new ApplierControls().setGdalThreads(1)
        .setConcurrencyStyle(slurm)).threads().isTheRuleFor(slurm), is(false));
    org.rios.concurrency.internal.channel.WorkerInit onNode = new org.rios.concurrency.internal.channel.WorkerInit(
        launcher, infiles, outfiles, null, null, List.of(), true, 0, 10, 10, false, true);
    WorkingPlan whole = onNode.planOnThisNode(Map.of(), 16);
    assertThat(whole.gdalThreads(), is(16));
    assertThat(whole.threads().reason(), containsString("cores its JVM sees; 1 computing"));
    assertThat("only GDAL's threads change", whole.outputs(), is(launcher.outputs()));
    // the job's allocation, where the queue does not bind jobs to cores: the JVM sees the whole node
    WorkingPlan given = onNode.planOnThisNode(Map.of("SLURM_JOB_CPUS_PER_NODE", "3(x2)", "NCPUS", "8"), 16);
    assertThat(given.gdalThreads(), is(3));
    assertThat(given.threads().reason(), containsString("SLURM_JOB_CPUS_PER_NODE=3, of 16 the JVM sees"));
    assertThat(onNode.planOnThisNode(Map.of("SLURM_CPUS_PER_TASK", "2", "SLURM_JOB_CPUS_PER_NODE", "4"), 16)
        .gdalThreads(), is(2));
    assertThat(onNode.planOnThisNode(Map.of("NCPUS", "64"), 4).gdalThreads(), is(4));
    assertThat("slurmd's own count for this job wins over one inherited from the launcher's allocation",
        onNode.planOnThisNode(Map.of("SLURM_CPUS_ON_NODE", "1", "SLURM_CPUS_PER_TASK", "8"), 16).gdalThreads(),
        is(1));
    assertThat("unreadable values are passed over", onNode.planOnThisNode(Map.of("NCPUS", "0",
        "PBS_NUM_PPN", "many"), 5).gdalThreads(), is(5));
    org.rios.concurrency.internal.channel.WorkerInit asSet = new org.rios.concurrency.internal.channel.WorkerInit(
        launcher, infiles, outfiles, null, null, List.of(), true, 0, 10, 10, false, false);
    assertThat(asSet.planOnThisNode(Map.of("NCPUS", "1"), 16), org.hamcrest.Matchers.sameInstance(launcher));
  }

  @Test
  void gtiffOutputsGetNumThreadsUnlessTheirOptionsSayOtherwise() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    FilenameAssociations infiles = new FilenameAssociations().put("img", in);
    FilenameAssociations outfiles = new FilenameAssociations().put("out", new File(tmp, "o.tif").getPath());
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setOutputDriverName("GTiff")
        .setGdalThreads(2);
    WorkingPlan plan = WorkingPlanBuilder.build(infiles, outfiles, c);
    assertThat(plan.gdalThreads(), is(2));
    assertThat(plan.outputs().get(0).settings().creationOptions(), hasItem("NUM_THREADS=2"));
    assertThat(plan.gdalThreadsNote(), allOf(containsString("GDAL threads: 2 (set by the controls' setGdalThreads)"),
        not(containsString("encodes with"))));
    c.setCreationOptions(List.of("TILED=YES", "num_threads=1"));
    plan = WorkingPlanBuilder.build(infiles, outfiles, c);
    assertThat(plan.outputs().get(0).settings().creationOptions(), not(hasItem("NUM_THREADS=2")));
    assertThat("the report does not claim encoder threads the output's own option takes away",
        plan.gdalThreadsNote(), containsString("output 'out' encodes with its creation option NUM_THREADS=1"));
    assertThat(WorkingPlanBuilder.build(infiles, outfiles, c.setGdalThreads(1).setCreationOptions(null))
        .gdalThreadsNote(), is((String) null));
    assertThat("an output's own threads are named with one GDAL thread too", WorkingPlanBuilder.build(infiles,
        outfiles, c.setCreationOptions(List.of("TILED=YES", "NUM_THREADS=4"))).gdalThreadsNote(),
        allOf(containsString("GDAL threads: 1 (set by"), containsString("output 'out' encodes with its creation "
            + "option NUM_THREADS=4")));
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat("ALL_CPUS is the budget's own count", WorkingPlanBuilder.build(infiles, outfiles,
        c.setGdalThreads(cores).setCreationOptions(List.of("TILED=YES", "NUM_THREADS=ALL_CPUS"))).gdalThreadsNote(),
        cores > 1 ? not(containsString("encodes with")) : is((String) null));
    c.setCreationOptions(null).setOutputDriverName("HFA").setGdalThreads(1);
    plan = WorkingPlanBuilder.build(infiles, new FilenameAssociations().put("out", new File(tmp, "o.img").getPath()),
        c.setGdalThreads(4));
    assertThat(plan.outputs().get(0).settings().creationOptions(), not(hasItem("NUM_THREADS=4")));
  }

  @Test
  void aStyleChosenAfterPlanningReplansOnlyTheBudgetAndTheOutputs() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    // a vector with nothing to burn makes planning warn: choosing the style afterwards must not warn again
    String shifted = TestRasters.vectorSquare(new File(tmp, "far.shp"), TestRasters.STD_EPSG, 10000);
    FilenameAssociations infiles = new FilenameAssociations().put("img", in).put("vec", shifted);
    FilenameAssociations outfiles = new FilenameAssociations().put("out", new File(tmp, "o.tif").getPath());
    org.rios.testutil.WarningsKept kept = new org.rios.testutil.WarningsKept();
    List<String> warnings = kept.warnings;
    ApplierControls c = new ApplierControls().setOutputDriverName("GTiff").setConcurrencyStyle(ConcurrencyStyle.none())
        .setProgress(kept);
    WorkingPlan plan = WorkingPlanBuilder.build(infiles, outfiles, c);
    assertThat(warnings.size(), is(1));
    ApplierControls chosen = c.withConcurrencyStyle(threads(1, Runtime.getRuntime().availableProcessors()));
    WorkingPlan replanned = WorkingPlanBuilder.withStyle(plan, outfiles, chosen);
    assertThat(replanned.gdalThreads(), is(1));
    // one thread, written out: without the option GTiff would take GDAL_NUM_THREADS instead of the budget
    assertThat(replanned.outputs().get(0).settings().creationOptions(), hasItem("NUM_THREADS=1"));
    assertThat(replanned.inputs(), is(plan.inputs()));
    assertThat(replanned.blocks(), is(plan.blocks()));
    assertThat(replanned.grid(), is(plan.grid()));
    assertThat(warnings.size(), is(1));
    assertThat(WorkingPlanBuilder.withStyle(replanned, outfiles, chosen), org.hamcrest.Matchers.sameInstance(replanned));
  }

  @Test
  void outputsAreTheSameBytesWithOneOrSeveralGdalThreads() throws Exception {
    // a 1000 x 1000 noisy 4-band GTiff, band-interleaved and tiled, so decoding and encoding have work to share
    String in = noisyTiledFile("in.tif", null, 1000, 1000, 7);
    byte[][] outs = new byte[3][];
    int[] gdalThreads = {1, 2, 4};
    for (int k = 0; k < 3; k++) {
      String out = new File(tmp, "out" + k + ".tif").getPath();
      Applier.apply((info, i, o) -> o.put("out", i.get("img")), new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", out),
          new ApplierControls().setProgress(new SilentProgress()).setOutputDriverName("GTiff")
              .setGdalThreads(gdalThreads[k]));
      outs[k] = Files.readAllBytes(new File(out).toPath());
    }
    assertThat(java.util.Arrays.equals(outs[0], outs[1]), is(true));
    assertThat(java.util.Arrays.equals(outs[0], outs[2]), is(true));
  }

  @Test
  void aSubsetOfBandsIsReadCorrectlyWithSeveralGdalThreads() throws Exception {
    // GDAL 3.6 corrupts memory (a native crash) when its multi-threaded decoder reads bands 3 and 4 of a
    // band-interleaved tiled file; the reader must decode such a selection on its own thread
    RasterArray[] written = new RasterArray[1];
    String in = noisyTiledFile("in4.tif", written, 700, 600, 11);
    RasterArray data = written[0];
    for (List<Integer> bands : List.of(List.of(3, 4), List.of(4, 2), List.of(1, 2), List.of(3))) {
      String out = new File(tmp, "sel" + bands + ".tif").getPath();
      // GDAL_NUM_THREADS in the run's own GDAL options must not bring the crash back either
      Applier.apply((info, i, o) -> o.put("out", i.get("img")), new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", out),
          new ApplierControls().setProgress(new SilentProgress()).setOutputDriverName("GTiff").setGdalThreads(2)
              .setGdalConfig("GDAL_NUM_THREADS", "ALL_CPUS").selectInputImageLayers(bands, "img"));
      RasterArray back = TestRasters.read(out);
      for (int b = 0; b < bands.size(); b++) {
        for (int p = 0; p < back.bandSize(); p += 997) {
          assertThat(bands + " band " + b + " pixel " + p, back.getDoubleAt(b * back.bandSize() + p),
              is(data.getDoubleAt((bands.get(b) - 1) * data.bandSize() + p)));
        }
      }
    }
  }

  /** A noisy 4-band UInt16 GTiff, band-interleaved, tiled and compressed, so GDAL's threads have work to share. */
  private String noisyTiledFile(String name, RasterArray[] data, int rows, int cols, long seed) {
    RasterArray a = RasterArray.create(DataType.UINT16, 4, rows, cols);
    Random r = new Random(seed);
    for (int i = 0; i < a.size(); i++) {
      a.setDoubleAt(i, r.nextInt(4000));
    }
    if (data != null) {
      data[0] = a;
    }
    return TestRasters.write(new File(tmp, name), "GTiff", a, 500000, 7000000, 10, TestRasters.wkt(32755), null,
        "TILED=YES", "COMPRESS=DEFLATE", "INTERLEAVE=BAND");
  }

}
