package org.rios.concurrency.internal.channel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import org.rios.applier.BlockAssociations;
import org.rios.engine.internal.BlockBuffer;
import org.rios.errors.RiosTimeoutException;
import org.rios.plan.BlockDefn;
import org.rios.engine.internal.BlockCodec;
import org.rios.engine.internal.SafeObjectInput;

/**
 * A compute worker's end of the channel: connects, runs the mutual handshake, and offers one method per
 * request. Not thread-safe: one client per worker thread.
 */
public final class ChannelClient implements Closeable {
  private final Socket socket;
  private DataInputStream in;
  private DataOutputStream out;

  /**
   * Connects to "host,port,token" as worker {@code workerId}.
   *
   * @throws IOException if the server cannot be reached or does not prove it knows the token
   */
  public ChannelClient(String address, int workerId) throws IOException {
    this(address, workerId, HANDSHAKE_TIMEOUT_MS);
  }

  /** As {@link #ChannelClient(String, int)}, giving up on connecting or the handshake after {@code timeoutMs}. */
  public ChannelClient(String address, int workerId, int timeoutMs) throws IOException {
    String[] parts = address.trim().split(",");
    if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
      throw new IOException("Channel address must be host,port,token (got " + parts.length + " field"
          + (parts.length == 1 ? "" : "s") + ")");
    }
    String token = parts[2];
    int port;
    try {
      port = Integer.parseInt(parts[1].trim());
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IOException("Channel address " + parts[0] + "," + parts[1] + ",****: the port must be a number "
          + "from 1 to 65535");
    }
    socket = new Socket();
    try {
      // a stale address, or a port reused by another server, must not hold a worker (or a batch slot) forever
      socket.connect(new java.net.InetSocketAddress(parts[0], port), timeoutMs);
      socket.setSoTimeout(timeoutMs);
      handshake(parts[0], port, token, workerId);
      socket.setSoTimeout(0); // blocks may then take as long as the run's buffers make them wait
    } catch (java.net.SocketTimeoutException e) {
      socket.close();
      throw new IOException("No rios worker channel answered at " + parts[0] + ":" + port + " within "
          + timeoutMs + " ms", e);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Connecting and the handshake give up after this long. */
  static final int HANDSHAKE_TIMEOUT_MS = 60_000;

  /** The mutual proof of the token; the constructor closes the socket if it fails. */
  private void handshake(String host, int port, String token, int workerId) throws IOException {
    socket.setTcpNoDelay(true);
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    if (in.readInt() != ChannelProtocol.MAGIC || in.readInt() != ChannelProtocol.VERSION) {
      throw new IOException("Not a rios worker channel at " + host + ":" + port);
    }
    byte[] serverNonce = new byte[32];
    in.readFully(serverNonce);
    byte[] clientNonce = ChannelProtocol.nonce();
    out.writeInt(ChannelProtocol.MAGIC);
    out.write(clientNonce);
    out.write(ChannelProtocol.mac(token, "client", serverNonce));
    out.writeInt(workerId);
    out.flush();
    byte[] serverMac = new byte[32];
    try {
      in.readFully(serverMac);
    } catch (java.net.SocketTimeoutException e) {
      throw e; // no answer at all: said as such by the constructor
    } catch (IOException e) {
      throw new IOException("The channel rejected this worker's token", e);
    }
    if (!ChannelProtocol.sameMac(serverMac, ChannelProtocol.mac(token, "server", clientNonce))) {
      throw new IOException("The channel server failed to prove it knows the token");
    }
  }

  public WorkerInit init() throws IOException, ClassNotFoundException {
    out.writeByte(ChannelProtocol.GET_INIT);
    out.flush();
    return (WorkerInit) SafeObjectInput.deserialize(ChannelProtocol.readBytes(in, Integer.MAX_VALUE - 8));
  }

  /** The next input block from the main process's read buffer, or null when the run is stopping. */
  public BlockBuffer.Entry popInput() throws IOException {
    out.writeByte(ChannelProtocol.POP_INPUT);
    out.flush();
    byte status = in.readByte();
    if (status == ChannelProtocol.STOP) {
      return null;
    }
    if (status == ChannelProtocol.TIMEOUT) {
      throw new RiosTimeoutException("readBufferPopTimeout", ChannelProtocol.readString(in));
    }
    BlockDefn b = BlockCodec.readBlock(in);
    BlockAssociations data = BlockCodec.readArrays(in);
    return new BlockBuffer.Entry(b, data);
  }

  /** Sends a computed block; false when the run is stopping. */
  public boolean putOutput(BlockDefn block, BlockAssociations outputs) throws IOException {
    out.writeByte(ChannelProtocol.PUT_OUTPUT);
    BlockCodec.writeBlock(out, block);
    BlockCodec.writeArrays(out, outputs);
    out.flush();
    byte status = in.readByte();
    if (status == ChannelProtocol.TIMEOUT) {
      throw new RiosTimeoutException("computeBufferInsertTimeout", ChannelProtocol.readString(in));
    }
    return status == ChannelProtocol.OK;
  }

  /** Waits at the start barrier until every worker has arrived. */
  public void barrier() throws IOException {
    out.writeByte(ChannelProtocol.BARRIER);
    out.flush();
    if (in.readByte() != ChannelProtocol.OK) {
      throw new RiosTimeoutException("computeBarrierTimeout", "Timed out at the compute workers' start barrier");
    }
  }

  public void done(byte[] result) throws IOException {
    out.writeByte(ChannelProtocol.DONE);
    ChannelProtocol.writeBytes(out, result);
    out.flush();
    in.readByte();
  }

  public void error(String stackTrace) throws IOException {
    out.writeByte(ChannelProtocol.ERROR);
    ChannelProtocol.writeString(out, stackTrace);
    out.flush();
    in.readByte();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
