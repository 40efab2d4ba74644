package io.deepsnn.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;

/**
 * Artery over TLS with mutual authentication: every node presents the key of {@code keyStore} and
 * accepts only peers whose certificate is in {@code trustStore} (PKCS #12 files, one password for
 * both, as {@code snn keys} writes them). Host names are not verified: trust is the cluster's
 * certificate, not a machine's name. The password comes from a file or the environment, never from
 * the command line (docs/RUNTIME.md, "Authenticated, encrypted runs").
 *
 * @param keyStore this node's key and certificate
 * @param trustStore the certificates of the nodes it accepts
 * @param password the stores' password
 */
public record TlsSettings(Path keyStore, Path trustStore, String password) {
  /** Validates: both stores must exist and open with the password (checked before any node starts). */
  public TlsSettings {
    check(keyStore, "key store", password, true);
    check(trustStore, "trust store", password, false);
  }

  private static void check(Path store, String what, String password, boolean needsKey) {
    if (!Files.isRegularFile(store)) {
      throw new IllegalArgumentException("TLS " + what + " " + store + " does not exist (make one with 'snn keys')");
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      boolean hasKey = false;
      boolean hasCert = false;
      for (String alias : Collections.list(ks.aliases())) {
        hasKey |= ks.isKeyEntry(alias);
        hasCert |= ks.getCertificate(alias) != null;
      }
      if (needsKey ? !hasKey : !hasCert) {
        throw new IllegalArgumentException("TLS " + what + " " + store + " holds no " + (needsKey ? "private key"
            : "certificate"));
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("TLS " + what + " " + store + " cannot be opened with the password given ("
          + e.getMessage() + ")", e);
    }
  }

  /** The Artery settings that make a node speak TLS with these stores. */
  public Config config() {
    String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
    return ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.transport", "tls-tcp",
        prefix + "key-store", keyStore.toAbsolutePath().toString(),
        prefix + "trust-store", trustStore.toAbsolutePath().toString(),
        prefix + "key-store-password", password,
        prefix + "key-password", password,
        prefix + "trust-store-password", password,
        prefix + "require-mutual-authentication", Boolean.TRUE,
        prefix + "hostname-verification", Boolean.FALSE));
  }

  @Override
  public String toString() {
    return "TLS (key store " + keyStore + ", trust store " + trustStore + ")"; // never the password
  }
}
