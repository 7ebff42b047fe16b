package org.rios.concurrency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rios.applier.BlockAssociations;
import org.rios.applier.FilenameAssociations;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.concurrency.internal.channel.ChannelClient;
import org.rios.concurrency.internal.channel.WorkerChannel;
import org.rios.concurrency.internal.channel.WorkerInit;
import org.rios.plan.BlockDefn;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.WorkerFailures;

/** Authentication of the worker channel and the binary block format. */
class WorkerChannelTest {
  static WorkerInit init() {
    return new WorkerInit(null, new FilenameAssociations(), new FilenameAssociations(), null, null, List.of(),
        false, 0, 10, 10, false, false);
  }

  static BlockBuffer buffer() {
    return new BlockBuffer(null, 4, 2, 2, "computeBufferInsertTimeout", "computeBufferPopTimeout");
  }

  @Test
  void wrongTokenIsRejectedBeforeAnythingIsExchanged() throws Exception {
    BlockBuffer computed = buffer();
    try (WorkerChannel ch = new WorkerChannel(InetAddress.getLoopbackAddress(), WorkerChannel.encode(init()), null, computed,
        new WorkerFailures(), 1, 5)) {
      String[] addr = ch.address().split(",");
      String forged = addr[0] + "," + addr[1] + "," + "0".repeat(64);
      assertThrows(IOException.class, () -> new ChannelClient(forged, 0));
      waitFor(() -> ch.rejectedConnections() == 1);
      assertThat(ch.rejectedConnections(), is(1));
      assertThat(ch.results().isEmpty(), is(true));
    }
  }

  /**
   * A worker id that connects a second time (a batch job the queue requeued after a node failure) fails the run,
   * naming the worker: what its first run computed could otherwise be lost or written twice.
   */
  @Test
  void aWorkerConnectingTwiceFailsTheRun() throws Exception {
    WorkerFailures failures = new WorkerFailures();
    try (WorkerChannel ch = new WorkerChannel(InetAddress.getLoopbackAddress(), WorkerChannel.encode(init()), null,
        buffer(), failures, 2, 5);
        ChannelClient first = new ChannelClient(ch.address(), 1)) {
      assertThat(first.init().numReadWorkers(), is(0));
      assertThat(failures.failed(), is(false));
      try (ChannelClient again = new ChannelClient(ch.address(), 1)) {
        waitFor(failures::failed);
      }
      RuntimeException e = assertThrows(RuntimeException.class, failures::throwIfFailed);
      assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("Compute worker 1 connected a second time"));
    }
  }

  /**
   * Connections that never authenticate are bounded (16 at a time here): more are closed at once rather than
   * each holding a thread and its buffers for the handshake timeout, and once they end a worker gets in.
   */
  @Test
  void unauthenticatedConnectionsAreBounded() throws Exception {
    try (WorkerChannel ch = new WorkerChannel(InetAddress.getLoopbackAddress(), WorkerChannel.encode(init()), null,
        buffer(), new WorkerFailures(), 1, 5)) {
      String[] addr = ch.address().split(",");
      List<Socket> idle = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 24; i++) {
          idle.add(new Socket(addr[0], Integer.parseInt(addr[1])));
        }
        waitFor(() -> ch.rejectedConnections() >= 8);
        assertThat(ch.rejectedConnections(), is(8));
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
      // the 16 held ones end as their peers close: a worker then gets in (retried while their threads see it)
      ChannelClient c = null;
      for (int i = 0; i < 100 && c == null; i++) {
        try {
          c = new ChannelClient(ch.address(), 0);
        } catch (IOException e) {
          Thread.sleep(20);
        }
      }
      assertThat("a worker got in once the idle connections ended", c != null, is(true));
      try (ChannelClient worker = c) {
        assertThat(worker.init().numReadWorkers(), is(0));
      }
    }
  }

  @Test
  void rawBytesInsteadOfAHandshakeAreDropped() throws Exception {
    try (WorkerChannel ch = new WorkerChannel(InetAddress.getLoopbackAddress(), WorkerChannel.encode(init()), null, buffer(),
        new WorkerFailures(), 1, 5)) {
      String[] addr = ch.address().split(",");
      try (Socket s = new Socket(addr[0], Integer.parseInt(addr[1]))) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        in.readInt();
        in.readInt();
        in.readFully(new byte[32]);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        // A Java serialization stream header where the handshake should be.
        out.write(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 0x73, 0x72});
        out.write(new byte[100]);
        out.flush();
        assertThat(in.read(), is(-1)); // connection closed by the server
      }
      waitFor(() -> ch.rejectedConnections() == 1);
      assertThat(ch.rejectedConnections(), is(1));
    }
  }

  @Test
  void rightTokenGetsTheInitAndCanPushBlocks() throws Exception {
    BlockBuffer computed = buffer();
    try (WorkerChannel ch = new WorkerChannel(InetAddress.getLoopbackAddress(), WorkerChannel.encode(init()), null, computed,
        new WorkerFailures(), 1, 5);
        ChannelClient c = new ChannelClient(ch.address(), 0)) {
      assertThat(c.init().numReadWorkers(), is(0));
      BlockAssociations out = new BlockAssociations();
      RasterArray a = RasterArray.create(DataType.UINT16, 2, 3, 4);
      for (int i = 0; i < a.size(); i++) {
        a.setLongAt(i, 65535 - i);
      }
      out.put("x", a);
      out.putList("y", List.of(RasterArray.filled(DataType.FLOAT64, 1, 1, 1, Math.PI),
          RasterArray.filled(DataType.INT64, 1, 1, 2, Long.MIN_VALUE)));
      assertThat(c.putOutput(new BlockDefn(7, 1, 2, 3, 4), out), is(true));
      BlockBuffer.Entry e = computed.popNextBlock();
      assertThat(e.block(), is(new BlockDefn(7, 1, 2, 3, 4)));
      assertThat(e.data().get("x").contentEquals(a), is(true));
      assertThat(e.data().get("y", 0).getDouble(0, 0, 0), is(Math.PI));
      assertThat(e.data().get("y", 1).getLong(0, 0, 1), is(Long.MIN_VALUE));
    }
  }

  static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
    for (int i = 0; i < 200 && !cond.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
  }
}
