package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.RiosException;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;

/** A worker's reader: one reader or a pool, and a teardown from another thread never races a read. */
class WorkerReaderTest {
  @TempDir File tmp;

  private FilenameAssociations inputs() {
    return new FilenameAssociations().put("imgs",
        List.of(BeamFixtures.ramp(tmp, "a.img", false), BeamFixtures.ramp(tmp, "b.img", true)));
  }

  private WorkingPlan plan(FilenameAssociations in) {
    return WorkingPlanBuilder.build(in, new FilenameAssociations(), BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
  }

  @Test
  void poolAndSingleReaderGiveTheSameArrays() {
    FilenameAssociations in = inputs();
    WorkingPlan plan = plan(in);
    BlockDefn block = plan.blocks().get(7);
    try (WorkerReader one = new WorkerReader(plan, in, 1); WorkerReader two = new WorkerReader(plan, in, 2)) {
      BlockAssociations a = one.read(block, new Timers());
      BlockAssociations b = two.read(block, new Timers());
      for (int seq = 0; seq < 2; seq++) {
        assertThat(a.find("imgs", seq).contentEquals(b.find("imgs", seq)), is(true));
      }
    }
  }

  @Test
  void closeFromAnotherThreadWhileReadingNeverCrashesAndLaterReadsFailClearly() throws Exception {
    FilenameAssociations in = inputs();
    WorkingPlan plan = plan(in);
    for (int readWorkers : new int[] {1, 2}) {
      WorkerReader reader = new WorkerReader(plan, in, readWorkers);
      ExecutorService worker = Executors.newSingleThreadExecutor();
      try {
        Future<Integer> reads = worker.submit(() -> {
          int n = 0;
          try {
            for (BlockDefn b : plan.blocks()) {
              reader.read(b, new Timers());
              n++;
            }
          } catch (RiosException e) {
            assertThat(e.getMessage(), containsString("reader is closed"));
          }
          return n;
        });
        Thread.sleep(5);
        reader.close(); // as a runner's teardown would, mid-run
        reads.get();
        RiosException e = assertThrows(RiosException.class, () -> reader.read(plan.blocks().get(0), new Timers()));
        assertThat(e.getMessage(), containsString("Block 0 was not read"));
      } finally {
        worker.shutdownNow();
      }
    }
  }
}
