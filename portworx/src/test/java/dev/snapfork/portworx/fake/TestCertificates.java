package dev.snapfork.portworx.fake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * Test-only certificates, generated at test time with the JDK's {@code keytool} (self-signed EC
 * keys valid for two days): a PKCS#12 key store, the certificate as PEM and the private key as
 * PEM PKCS#8. Nothing here is a real credential.
 */
public final class TestCertificates {
  private static final char[] PASSWORD = "test-only".toCharArray();
  private final Path keyStore;
  private final Path certPem;
  private final Path keyPem;

  private TestCertificates(Path keyStore, Path certPem, Path keyPem) {
    this.keyStore = keyStore;
    this.certPem = certPem;
    this.keyPem = keyPem;
  }

  /** Generates a self-signed certificate for {@code cn} with SAN {@code localhost, 127.0.0.1}. */
  public static TestCertificates generate(Path dir, String alias, String cn) throws IOException, InterruptedException {
    Path ks = dir.resolve(alias + ".p12");
    Path pem = dir.resolve(alias + ".pem");
    Path key = dir.resolve(alias + "-key.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + cn, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", ks.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", alias, "-keystore", ks.toString(), "-storepass", new String(PASSWORD),
        "-file", pem.toString()));
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(ks)) {
        store.load(in, PASSWORD);
      }
      PrivateKey pk = (PrivateKey) store.getKey(alias, PASSWORD);
      String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pk.getEncoded());
      Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
    return new TestCertificates(ks, pem, key);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  /** The certificate, PEM. */
  public Path certPem() {
    return certPem;
  }

  /** The private key, PEM PKCS#8. */
  public Path keyPem() {
    return keyPem;
  }

  /** A key manager over the key store, for the server side. */
  public KeyManagerFactory keyManagers() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASSWORD);
    return kmf;
  }
}
