package io.deepsnn.runner.cli;

import io.deepsnn.actors.cluster.TlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Authenticated, encrypted multi-node runs (shared by the coordinator's commands and
 * {@code snn node}): Artery over TLS with the stores {@code snn keys} writes. Binding anything but
 * a loopback address without TLS is refused unless {@code --insecure}, which warns.
 */
public final class TlsOptions {
  /** The environment variable that may hold the stores' password instead of a file. */
  public static final String PASSWORD_ENV = "DEEPSNN_TLS_PASSWORD";

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "Multi-node: this node's key (PKCS #12, from 'snn keys'); with --tls-truststore, every node "
          + "talks TLS and accepts only nodes whose certificate the trust store holds.")
  Path keyStore;

  @Option(names = "--tls-truststore", paramLabel = "FILE",
      description = "Multi-node: the certificates of the nodes this one accepts (PKCS #12, from 'snn keys').")
  Path trustStore;

  @Option(names = "--tls-password-file", paramLabel = "FILE",
      description = "The stores' password, the file's first line (or set " + PASSWORD_ENV + "; never on the "
          + "command line).")
  Path passwordFile;

  @Option(names = "--insecure",
      description = "Multi-node: allow binding an address other than loopback without TLS (anyone who can reach "
          + "the port can join the run); prints a warning.")
  boolean insecure;

  /** Whether any TLS option was given. */
  boolean given() {
    return keyStore != null || trustStore != null || passwordFile != null;
  }

  /**
   * The TLS settings for a node that binds {@code host} (given as option {@code bindOption}), or
   * null for plain TCP; refuses what cannot be, before any node starts.
   */
  TlsSettings settings(String host, String bindOption) {
    if (keyStore == null && trustStore == null) {
      if (passwordFile != null) {
        throw new IllegalArgumentException("--tls-password-file needs --tls-keystore and --tls-truststore");
      }
      if (!isLoopback(host, bindOption)) {
        if (!insecure) {
          throw new IllegalArgumentException(bindOption + " " + host + " is reachable from other machines, and without "
              + "TLS anyone who can reach it can join the run: give --tls-keystore and --tls-truststore (make them "
              + "with 'snn keys'), or --insecure to accept that");
        }
        System.err.println("warning: " + bindOption + " " + host + " without TLS: any machine that reaches this port "
            + "can join the run and read its spikes (--insecure)");
        System.err.flush();
      }
      return null;
    }
    if (keyStore == null || trustStore == null) {
      throw new IllegalArgumentException("--tls-keystore and --tls-truststore go together");
    }
    if (insecure) {
      throw new IllegalArgumentException("--insecure contradicts --tls-keystore/--tls-truststore");
    }
    return new TlsSettings(keyStore, trustStore, password());
  }

  /**
   * The password in the first line of {@code file}, given as option {@code option}; refused, naming
   * both, when it cannot be read or is shorter than {@code minLength}.
   */
  static String passwordIn(Path file, String option, int minLength) {
    try {
      String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
      if (first.length() < Math.max(1, minLength)) {
        throw new IllegalArgumentException(option + " " + file + ": the first line must hold a password of at least "
            + Math.max(1, minLength) + " characters");
      }
      return first;
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private String password() {
    if (passwordFile != null) {
      return passwordIn(passwordFile, "--tls-password-file", 1);
    }
    String env = System.getenv(PASSWORD_ENV);
    if (env == null || env.isEmpty()) {
      throw new IllegalArgumentException("the TLS stores need their password: give --tls-password-file FILE or set "
          + PASSWORD_ENV);
    }
    return env;
  }

  private static boolean isLoopback(String host, String option) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(option + ": unknown host '" + host + "'", e);
    }
  }
}
