package dev.snapfork.ebs.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 helpers for block checksums (EBS sends and expects them base64-encoded). */
public final class Sha {
  private Sha() {}

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha::sha256);

  /** The raw SHA-256 of {@code data[0..length)} (a per-thread digest; no lookup per block). */
  public static byte[] digest(byte[] data, int length) {
    MessageDigest d = DIGEST.get();
    d.update(data, 0, length);
    return d.digest();
  }

  public static String base64(byte[] raw) {
    return Base64.getEncoder().encodeToString(raw);
  }

  /** Lower-case hex, as SigV4 wants payload hashes. */
  public static String hex(byte[] raw) {
    return java.util.HexFormat.of().formatHex(raw);
  }

  private static final byte[] ZEROS = new byte[524288];

  /** Whether the first {@code length} bytes are all zero (vectorized compare against zeros). */
  public static boolean allZero(byte[] data, int length) {
    for (int off = 0; off < length; off += ZEROS.length) {
      int n = Math.min(ZEROS.length, length - off);
      if (java.util.Arrays.mismatch(data, off, off + n, ZEROS, 0, n) != -1) {
        return false;
      }
    }
    return true;
  }
}
