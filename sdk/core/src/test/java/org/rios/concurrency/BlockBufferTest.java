package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.errors.RiosTimeoutException;
import org.rios.plan.BlockDefn;
import org.rios.engine.internal.BlockBuffer;

/** RIOS's BlockBuffer semantics: assembly from pieces, completion order, capacity and named timeouts. */
class BlockBufferTest {
  static final FilenameAssociations FILES = new FilenameAssociations().put("a", "a.tif")
      .put("b", List.of("b1.tif", "b2.tif"));

  static BlockDefn block(int i) {
    return new BlockDefn(i, 0, i * 10, 10, 10);
  }

  static RasterArray arr(int v) {
    return RasterArray.filled(DataType.INT32, 1, 2, 2, v);
  }

  @Test
  void blockIsReadyOnlyWhenEveryFileArrivedAndPopsInCompletionOrder() throws Exception {
    BlockBuffer buf = new BlockBuffer(FILES, 4, 1, 1, "readBufferInsertTimeout", "readBufferPopTimeout");
    buf.addBlockData(block(0), "a", null, arr(1));
    buf.addBlockData(block(1), "a", null, arr(2));
    buf.addBlockData(block(1), "b", 0, arr(3));
    buf.addBlockData(block(1), "b", 1, arr(4));   // block 1 completes first
    buf.addBlockData(block(0), "b", 1, arr(5));
    buf.addBlockData(block(0), "b", 0, arr(6));
    BlockBuffer.Entry first = buf.popNextBlock();
    assertThat(first.block().index(), is(1));
    BlockAssociations d = first.data();
    assertThat(d.get("a").getLong(0, 0, 0), is(2L));
    assertThat(d.get("b", 1).getLong(0, 0, 0), is(4L));
    BlockBuffer.Entry second = buf.popNextBlock();
    assertThat(second.block().index(), is(0));
    assertThat(second.data().get("b", 0).getLong(0, 0, 0), is(6L));
    assertThat(buf.poppedCount(), is(2));
  }

  /** A timeout of 0 means "do not wait" (as RIOS's queue and semaphore take it): a free slot or ready block is taken. */
  @Test
  void aTimeoutOfZeroTakesWhatIsThereAndFailsOnlyWhenItIsNot() throws Exception {
    BlockBuffer buf = new BlockBuffer(new FilenameAssociations().put("a", "a.tif"), 1, 0, 0,
        "readBufferInsertTimeout", "readBufferPopTimeout");
    buf.addBlockData(block(0), "a", null, arr(1));
    assertThat(buf.popNextBlock().block().index(), is(0));
    assertThat(assertThrows(RiosTimeoutException.class, buf::popNextBlock).timeoutName(), is("readBufferPopTimeout"));
    buf.addBlockData(block(1), "a", null, arr(2));
    assertThat(assertThrows(RiosTimeoutException.class, () -> buf.addBlockData(block(2), "a", null, arr(3)))
        .timeoutName(), is("readBufferInsertTimeout"));
  }

  @Test
  void popTimesOutNamingTheTimeout() {
    BlockBuffer buf = new BlockBuffer(FILES, 2, 1, 1, "readBufferInsertTimeout", "readBufferPopTimeout");
    RiosTimeoutException e = assertThrows(RiosTimeoutException.class, buf::popNextBlock);
    assertThat(e.timeoutName(), is("readBufferPopTimeout"));
    assertThat(e.getMessage(), containsString("0 blocks popped"));
  }

  @Test
  void insertWaitsForAFreeSlotAndTimesOutWhenNoneFrees() throws Exception {
    BlockBuffer buf = new BlockBuffer(null, 2, 1, 5, "computeBufferInsertTimeout", "computeBufferPopTimeout");
    buf.insertCompleteBlock(block(0), new BlockAssociations());
    buf.insertCompleteBlock(block(1), new BlockAssociations());
    RiosTimeoutException e = assertThrows(RiosTimeoutException.class,
        () -> buf.insertCompleteBlock(block(2), new BlockAssociations()));
    assertThat(e.timeoutName(), is("computeBufferInsertTimeout"));

    // A pop frees a slot, which lets a waiting insert through.
    AtomicBoolean inserted = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        started.countDown();
        buf.insertCompleteBlock(block(3), new BlockAssociations());
        inserted.set(true);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();
    started.await();
    Thread.sleep(200);
    assertThat(inserted.get(), is(false));
    buf.popNextBlock();
    t.join(5000);
    assertThat(inserted.get(), is(true));
  }

  /**
   * A block that reaches the single writer a second time (a worker computed it again) stops the run naming
   * it: the writer counts blocks, so writing it twice would end the run with another block never written.
   */
  @Test
  void aBlockComingTwiceToTheWriterStopsTheRun() throws Exception {
    BlockBuffer buf = new BlockBuffer(null, 4, 1, 1, "computeBufferInsertTimeout", "computeBufferPopTimeout");
    org.rios.engine.internal.WorkerFailures failures = new org.rios.engine.internal.WorkerFailures();
    List<Integer> written = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch first = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        new org.rios.engine.internal.WriterLoop(buf, failures, new org.rios.timing.Timers(), "pop_computebuffer")
            .run(2, (b, data) -> {
              written.add(b.index());
              first.countDown();
            }, i -> { }, () -> { });
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    writer.start();
    buf.insertCompleteBlock(block(0), new BlockAssociations());
    assertThat(first.await(10, java.util.concurrent.TimeUnit.SECONDS), is(true));
    buf.insertCompleteBlock(block(0), new BlockAssociations());
    writer.join(10_000);
    assertThat(written, is(List.of(0)));
    assertThat(String.valueOf(thrown.get()), containsString("Block 0 came to the writer a second time"));
  }
}
