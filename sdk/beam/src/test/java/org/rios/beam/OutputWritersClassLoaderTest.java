package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.PipelineClassLoader;
import org.rios.testutil.TestRasters;

/**
 * A Flink TaskManager loads the library with each pipeline's own class loader: once the pipeline's writers
 * are done (one output finished, one orphaned by its workers' teardown and aborted), no thread of
 * {@link OutputWriters} or {@link OutputWriter} may be left to keep that loader, and every class it loaded, in Metaspace (a session
 * cluster's TaskManagers ran out of it after about ten pipelines).
 */
class OutputWritersClassLoaderTest {
  /** One finished output and one orphaned one, written through {@link OutputWriters} as a pipeline would. */
  public static final class TwoWriters implements Runnable {
    @Override
    public void run() {
      try {
        File dir = Files.createTempDirectory("rios-loader").toFile();
        String in = TestRasters.rampFile(new File(dir, "in.img"));
        WorkingPlan finished = plan(dir, in, "done.tif");
        OutputTarget done = new OutputTarget("run-loader", "job", finished.forOutput(finished.outputs().get(0)),
            finished.numBlocks(), 1, false);
        if (OutputWriters.open(done).write(finished.blocks(), arrays(finished)) == null) {
          throw new AssertionError("the output was not finished");
        }
        WorkingPlan orphaned = plan(dir, in, "orphan.tif");
        OutputTarget orphan = new OutputTarget("run-loader-2", "job", orphaned.forOutput(orphaned.outputs().get(0)),
            orphaned.numBlocks(), 1, false);
        OutputWriters.inProcessWorkerUp(orphan.runId());
        OutputWriters.open(orphan).write(orphaned.blocks().subList(0, 1), arrays(orphaned).subList(0, 1));
        OutputWriters.inProcessWorkerDown(orphan.runId());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (new File(dir, "orphan.tif.rios-partial.tif").exists() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        if (new File(dir, "orphan.tif.rios-partial.tif").exists()) {
          throw new AssertionError("the orphaned output was not aborted");
        }
        for (File f : dir.listFiles()) {
          f.delete();
        }
        dir.delete();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private static WorkingPlan plan(File dir, String in, String out) {
      return WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
          new FilenameAssociations().put("out", new File(dir, out).getPath()),
          new ApplierControls().setProgress(new SilentProgress()).setWindowSize(64, 64).setTempdir(dir.getPath()));
    }

    private static List<RasterArray> arrays(WorkingPlan plan) {
      List<RasterArray> out = new ArrayList<>();
      plan.blocks().forEach(b -> out.add(RasterArray.filled(DataType.FLOAT32, 1, b.nrows(), b.ncols(), 1)));
      return out;
    }
  }

  @Test
  void noThreadOfTheWritersKeepsAPipelinesClassLoaderOnceTheyAreDone() throws Throwable {
    WeakReference<ClassLoader> loader = PipelineClassLoader.runIn(TwoWriters.class.getName());
    assertThat("the pipeline's class loader is collected",
        PipelineClassLoader.collectedWithin(loader, (int) OutputWriter.IDLE_THREAD_SECONDS + 30), is(true));
  }
}
