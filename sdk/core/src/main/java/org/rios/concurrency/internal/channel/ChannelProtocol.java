package org.rios.concurrency.internal.channel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Constants and helpers of the worker channel protocol.
 *
 * <p>Handshake (mutual HMAC-SHA256 challenge/response; the token itself never crosses the wire):
 * server sends MAGIC, VERSION and a 32-byte nonce; the client answers MAGIC, its own nonce,
 * HMAC(token, "client" + serverNonce) and its worker id; the server checks the MAC (constant time) and
 * closes the connection on mismatch, else answers HMAC(token, "server" + clientNonce), which the client
 * checks. Nothing is deserialized by either side before this completes.
 *
 * <p>Requests after the handshake: one opcode byte, then the request's fields; every request gets one reply.
 */
public final class ChannelProtocol {
  public static final int MAGIC = 0x52494f53; // "RIOS"
  public static final int VERSION = 1;

  public static final byte GET_INIT = 1;
  public static final byte POP_INPUT = 2;
  public static final byte PUT_OUTPUT = 3;
  public static final byte DONE = 4;
  public static final byte ERROR = 5;
  public static final byte BARRIER = 6;

  /** Reply status codes. */
  public static final byte OK = 1;
  public static final byte STOP = 0;
  public static final byte TIMEOUT = 2;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ChannelProtocol() {}

  /** A fresh random token: 32 bytes as 64 hex characters. */
  public static String newToken() {
    return hex(nonce());
  }

  static byte[] nonce() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }

  static byte[] mac(String token, String role, byte[] nonce) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      m.update(role.getBytes(StandardCharsets.UTF_8));
      return m.doFinal(nonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static boolean sameMac(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  /** Reads a length-prefixed byte array of at most {@code max} bytes. */
  static byte[] readBytes(DataInputStream in, int max) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw new IOException("Message of " + n + " bytes exceeds the limit of " + max);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in, 16 << 20), StandardCharsets.UTF_8);
  }

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }
}
