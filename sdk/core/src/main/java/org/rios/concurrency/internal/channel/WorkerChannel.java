package org.rios.concurrency.internal.channel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rios.engine.internal.BlockBuffer;
import org.rios.engine.internal.BusyWorkers;
import org.rios.engine.internal.WorkerFailures;
import org.rios.errors.RiosTimeoutException;
import org.rios.engine.internal.BlockCodec;
import org.rios.engine.internal.SafeObjectInput;

/**
 * The main process's end of the channel to remote compute workers (subprocesses or batch jobs): a TCP
 * server on one port, one handler thread per authenticated worker. Workers fetch their {@link WorkerInit},
 * pop input blocks from the main process's read buffer (when they do not read themselves), push computed
 * blocks into the compute buffer, report errors, wait at the start barrier and hand back their otherArgs and
 * timers. Blocks travel in {@link BlockCodec}'s binary format; only the init, results and timers use Java
 * serialization, and only after the handshake of {@link ChannelProtocol}.
 *
 * <pre>{@code
 * try (WorkerChannel ch = new WorkerChannel(InetAddress.getLoopbackAddress(), init, readBuf, computeBuf,
 *     failures, n, barrierTimeout)) {
 *   String address = ch.address();   // "host,port,token" for the workers
 *   ...
 * }
 * }</pre>
 */
public final class WorkerChannel implements AutoCloseable {
  private static final int HANDSHAKE_TIMEOUT_MS = 10_000;

  private final ServerSocket server;
  private final String token = ChannelProtocol.newToken();
  private final byte[] initBytes;
  private final BlockBuffer readBuffer;
  private final BlockBuffer computeBuffer;
  private final WorkerFailures failures;
  private final CountDownLatch barrier;
  private final Integer barrierTimeout;
  private final Map<Integer, byte[]> results = new ConcurrentHashMap<>();
  private final java.util.Set<Integer> atBarrier = ConcurrentHashMap.newKeySet();
  /** Worker ids that have connected: each worker connects once, so a second connection under one id fails the run. */
  private final java.util.Set<Integer> connected = ConcurrentHashMap.newKeySet();
  private final BusyWorkers busy = new BusyWorkers();
  private final List<Socket> sockets = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Thread acceptThread;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger rejectedConnections =
      new java.util.concurrent.atomic.AtomicInteger();
  /**
   * Connections not yet authenticated: each holds a thread and its buffers for up to the handshake timeout, so
   * anyone who can reach the port could otherwise exhaust them; past this many, a new connection is closed at
   * once (a worker retries nothing: it fails, and the run with it, which is also what an attack on the port
   * must not be able to hide).
   */
  private final java.util.concurrent.Semaphore handshakes;

  /**
   * Opens the server socket on {@code bind} (an OS-chosen port) and starts accepting workers.
   *
   * @param initBytes the serialized {@link WorkerInit} every worker gets ({@link #encode})
   *
   * @param readBuffer where workers pop input blocks, or null when workers read themselves
   * @param numWorkers workers expected at the start barrier
   * @param barrierTimeout seconds a worker waits at the barrier, null = forever
   */
  public WorkerChannel(InetAddress bind, byte[] initBytes, BlockBuffer readBuffer, BlockBuffer computeBuffer,
      WorkerFailures failures, int numWorkers, Integer barrierTimeout) throws IOException {
    this.initBytes = initBytes;
    this.readBuffer = readBuffer;
    this.computeBuffer = computeBuffer;
    this.failures = failures;
    this.barrier = new CountDownLatch(numWorkers);
    this.barrierTimeout = barrierTimeout;
    this.handshakes = new java.util.concurrent.Semaphore(Math.max(16, 2 * numWorkers));
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(bind, 0));
    acceptThread = new Thread(this::acceptLoop, "rios-channel-accept");
    acceptThread.setDaemon(true);
    acceptThread.start();
  }

  /**
   * The bytes of {@code init} for the workers.
   *
   * @throws IOException from serializing the user function or otherArgs (their own writeObject, say)
   */
  public static byte[] encode(WorkerInit init) throws IOException {
    return SafeObjectInput.serialize(init);
  }

  /** "host,port,token": what a worker needs to connect. Keep it secret: it grants access to the run. */
  public String address() {
    return server.getInetAddress().getHostAddress() + "," + server.getLocalPort() + "," + token;
  }

  /** Connections dropped because they failed the handshake (for tests and logs). */
  public int rejectedConnections() {
    return rejectedConnections.get();
  }

  /** The serialized result (otherArgs and timers) each finished worker sent, by worker id. */
  public Map<Integer, byte[]> results() {
    return results;
  }

  /** Which worker holds which block it took from the read buffer, for a timeout's message. */
  public BusyWorkers busy() {
    return busy;
  }

  /** The ids of the workers that have reached the start barrier so far. */
  public java.util.Set<Integer> atBarrier() {
    return java.util.Set.copyOf(atBarrier);
  }

  /** Waits until every worker has reached the start barrier, or the timeout passes. */
  public boolean awaitBarrier(Integer timeoutSeconds) throws InterruptedException {
    long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (!failures.failed()) {
      long left = timeoutSeconds == null ? Long.MAX_VALUE : deadline - System.nanoTime(); // no overflow
      if (left <= 0) {
        return false;
      }
      if (barrier.await(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS)) {
        return true;
      }
    }
    return false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        if (!handshakes.tryAcquire()) {
          rejectedConnections.incrementAndGet();
          s.close();
          continue;
        }
        synchronized (sockets) {
          if (closed) {
            handshakes.release();
            s.close();
            return;
          }
          sockets.add(s);
        }
        Thread t = new Thread(() -> serve(s), "rios-channel-worker");
        t.setDaemon(true);
        synchronized (threads) {
          threads.add(t);
        }
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    int workerId = -1;
    boolean handshaking = true;
    try (s) {
      s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
      try {
        workerId = handshake(in, out);
      } finally {
        handshaking = false;
        handshakes.release();
      }
      if (workerId < 0) {
        rejectedConnections.incrementAndGet();
        return;
      }
      if (!connected.add(workerId)) {
        // a batch job the queue ran again (requeued after a node failure or preemption): what its first run
        // computed may already be written, and the blocks it took are lost or would come twice
        failures.record("compute", workerId, new org.rios.errors.RiosException("Compute worker " + workerId
            + " connected a second time: its job was run again (requeued or restarted by the queue), so blocks it "
            + "had computed could be lost or written twice"));
        return;
      }
      s.setSoTimeout(0);
      while (!closed) {
        int op = in.read();
        if (op < 0) {
          return;
        }
        handle((byte) op, workerId, in, out);
        out.flush();
      }
    } catch (IOException e) {
      if (handshaking) {
        handshakes.release(); // the streams could not even be opened
      }
      // connection gone: the process monitor reports a worker that died without finishing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // a connection that has ended holds nothing: rejected ones must not pile up for the rest of the run
      synchronized (sockets) {
        sockets.remove(s);
      }
      synchronized (threads) {
        threads.remove(Thread.currentThread());
      }
    }
  }

  /** Returns the authenticated worker id, or -1 after closing an unauthenticated connection. */
  private int handshake(DataInputStream in, DataOutputStream out) throws IOException {
    byte[] serverNonce = ChannelProtocol.nonce();
    out.writeInt(ChannelProtocol.MAGIC);
    out.writeInt(ChannelProtocol.VERSION);
    out.write(serverNonce);
    out.flush();
    if (in.readInt() != ChannelProtocol.MAGIC) {
      return -1;
    }
    byte[] clientNonce = new byte[32];
    in.readFully(clientNonce);
    byte[] clientMac = new byte[32];
    in.readFully(clientMac);
    int id = in.readInt();
    if (!ChannelProtocol.sameMac(clientMac, ChannelProtocol.mac(token, "client", serverNonce))) {
      return -1;
    }
    out.write(ChannelProtocol.mac(token, "server", clientNonce));
    out.flush();
    return id;
  }

  private void handle(byte op, int id, DataInputStream in, DataOutputStream out)
      throws IOException, InterruptedException {
    switch (op) {
      case ChannelProtocol.GET_INIT:
        ChannelProtocol.writeBytes(out, initBytes);
        return;
      case ChannelProtocol.POP_INPUT: {
        BlockBuffer.Entry e;
        try {
          e = readBuffer == null ? null : readBuffer.popNextBlock(failures::failed);
        } catch (RiosTimeoutException t) {
          out.writeByte(ChannelProtocol.TIMEOUT);
          ChannelProtocol.writeString(out, t.getMessage());
          return;
        }
        if (e == null) {
          out.writeByte(ChannelProtocol.STOP);
          return;
        }
        busy.started(id, e.block());
        out.writeByte(ChannelProtocol.OK);
        BlockCodec.writeBlock(out, e.block());
        BlockCodec.writeArrays(out, e.data());
        return;
      }
      case ChannelProtocol.PUT_OUTPUT: {
        var block = BlockCodec.readBlock(in);
        var data = BlockCodec.readArrays(in);
        busy.done(id);
        try {
          computeBuffer.insertCompleteBlock(block, data);
          out.writeByte(ChannelProtocol.OK);
        } catch (RiosTimeoutException t) {
          out.writeByte(ChannelProtocol.TIMEOUT);
          ChannelProtocol.writeString(out, t.getMessage());
        } catch (InterruptedException t) {
          out.writeByte(ChannelProtocol.STOP);
        }
        return;
      }
      case ChannelProtocol.DONE:
        results.put(id, ChannelProtocol.readBytes(in, Integer.MAX_VALUE - 8));
        out.writeByte(ChannelProtocol.OK);
        return;
      case ChannelProtocol.ERROR: {
        String trace = ChannelProtocol.readString(in);
        failures.recordRemote("compute", id, trace);
        out.writeByte(ChannelProtocol.OK);
        return;
      }
      case ChannelProtocol.BARRIER: {
        atBarrier.add(id);
        barrier.countDown();
        boolean ok = barrierTimeout == null ? awaitForever() : barrier.await(barrierTimeout, TimeUnit.SECONDS);
        out.writeByte(ok ? ChannelProtocol.OK : ChannelProtocol.TIMEOUT);
        return;
      }
      default:
        throw new IOException("Unknown request " + op + " from worker " + id);
    }
  }

  private boolean awaitForever() throws InterruptedException {
    barrier.await();
    return true;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // already closed
        }
      }
    }
    List<Thread> all;
    synchronized (threads) {
      all = new ArrayList<>(threads);
    }
    all.add(acceptThread);
    // every thread told first, then each joined, also after an interrupt of this one (restored at the end):
    // a handler blocked on a buffer rather than its socket only stops when interrupted
    all.forEach(Thread::interrupt);
    boolean interrupted = false;
    for (Thread t : all) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (t.isAlive() && System.nanoTime() < deadline) {
        try {
          t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
