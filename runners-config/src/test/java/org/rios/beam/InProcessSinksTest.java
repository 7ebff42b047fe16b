package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.concurrency.ConcurrencyStyle;
import org.rios.errors.RiosException;
import org.rios.io.BlockReader;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;

/** The in-process sink registry: blocks reach one writer per sink id; an aborted sink stays closed. */
class InProcessSinksTest {
  /** Far from the ids Beam gives real pipelines in this JVM (a counter from 0), which aborts must not touch. */
  private static final long FAKE_OPTIONS_ID = Long.MAX_VALUE - 100;

  @TempDir File tmp;

  private WorkingPlan plan;
  private FilenameAssociations out;

  private BlockAssociations block(BlockDefn b) {
    try (BlockReader r = new BlockReader(plan)) {
      BlockAssociations a = new BlockAssociations();
      a.put("out", r.read(plan.inputs().get(0), b));
      return a;
    }
  }

  private void setUpPlan() {
    FilenameAssociations in = new FilenameAssociations().put("img", BeamFixtures.ramp(tmp, "a.img", false));
    out = new FilenameAssociations().put("out", new File(tmp, "o.img").getPath());
    plan = WorkingPlanBuilder.build(in, out, BeamFixtures.controls(tmp, ConcurrencyStyle.none()));
  }

  @Test
  void everyBlockThroughOneWriterThenFinished() {
    setUpPlan();
    String id = InProcessSinks.newSinkId(FAKE_OPTIONS_ID - 1);
    for (BlockDefn b : plan.blocks()) {
      InProcessSinks.write(id, plan, out, b, block(b));
    }
    assertThat(InProcessSinks.openCount(), is(1));
    try (QueuedSinkWriter w = InProcessSinks.take(id, plan, out)) {
      assertThat(w.finish().blocksWritten(), is(plan.numBlocks()));
    }
    assertThat(InProcessSinks.openCount(), is(0));
    assertThat(new File(out.get("out")).isFile(), is(true));
  }

  @Test
  void abortDeletesThePartialOutputAndLateBlocksCannotReopenIt() throws Exception {
    setUpPlan();
    String id = InProcessSinks.newSinkId(FAKE_OPTIONS_ID - 2);
    BlockDefn first = plan.blocks().get(0);
    InProcessSinks.write(id, plan, out, first, block(first));
    InProcessSinks.abort(id);
    assertThat(InProcessSinks.openCount(), is(0));
    assertThat(new File(out.get("out")).exists(), is(false));

    BlockDefn second = plan.blocks().get(1);
    InProcessSinks.write(id, plan, out, second, block(second)); // a late bundle on another thread
    assertThat(InProcessSinks.openCount(), is(0));
    Thread.sleep(200);
    assertThat(new File(out.get("out")).exists(), is(false));
    RiosException e = assertThrows(RiosException.class, () -> InProcessSinks.take(id, plan, out));
    assertThat(e.getMessage(), containsString("was aborted"));
  }

  @Test
  void aWorkerStillHoldingAnAbortedWriterHasItsBlocksDroppedNotASecondError() {
    setUpPlan();
    QueuedSinkWriter w = new QueuedSinkWriter(plan, out);
    BlockDefn first = plan.blocks().get(0);
    w.write(first, block(first));
    w.close(); // the abort, from the failing worker's thread
    BlockDefn second = plan.blocks().get(1);
    w.write(second, block(second)); // the other worker, which fetched the writer before the abort
    assertThat(new File(out.get("out")).exists(), is(false));
  }

  @Test
  void aBlockAfterAnAbortIsRefusedNotWrittenToANewFile() {
    setUpPlan();
    SinkWriter w = new SinkWriter(plan, out);
    BlockDefn first = plan.blocks().get(0);
    w.write(first, block(first));
    w.close(); // aborted: the partial output is deleted
    assertThat(new File(out.get("out")).exists(), is(false));
    BlockDefn second = plan.blocks().get(1);
    RiosException e = assertThrows(RiosException.class, () -> w.write(second, block(second)));
    assertThat(e.getMessage(), containsString("after the outputs were finished or aborted"));
    assertThat(new File(out.get("out")).exists(), is(false));
  }

  @Test
  void abortingAPipelineClosesItsSinksOnly() {
    setUpPlan();
    String mine = InProcessSinks.newSinkId(FAKE_OPTIONS_ID - 3);
    String other = InProcessSinks.newSinkId(FAKE_OPTIONS_ID - 4);
    BlockDefn b = plan.blocks().get(0);
    InProcessSinks.write(mine, plan, out, b, block(b));
    FilenameAssociations out2 = new FilenameAssociations().put("out", new File(tmp, "o2.img").getPath());
    InProcessSinks.write(other, plan, out2, b, block(b));
    InProcessSinks.abortPipeline(FAKE_OPTIONS_ID - 3);
    assertThat(InProcessSinks.openCount(), is(1));
    assertThat(new File(out.get("out")).exists(), is(false));
    InProcessSinks.abort(other);
    assertThat(InProcessSinks.openCount(), is(0));
  }
}
