package io.deepsnn.runner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snn keys}: the key and trust stores of a cluster, made with the JDK's {@code keytool}: one
 * key pair (EC P-256, self-signed, ten years) in {@code node.p12}, its certificate in
 * {@code trust.p12}, and a random password in {@code password} (owner-only), unless one is given.
 * Copy the folder to every machine of the run; a node with other keys cannot join.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Write a cluster's TLS stores for multi-node runs: OUT/node.p12 (the key), OUT/trust.p12 (its "
        + "certificate) and OUT/password; give every node --tls-keystore OUT/node.p12 --tls-truststore "
        + "OUT/trust.p12 --tls-password-file OUT/password.")
public final class KeysCommand implements Callable<Integer> {
  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
      description = "The folder to write (it must not hold stores already).")
  Path out;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Use the password in this file's first line instead of a random one.")
  Path passwordFile;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    for (String name : new String[] {"node.p12", "trust.p12", "password"}) {
      if (Files.exists(out.resolve(name))) {
        throw new IllegalArgumentException("--out " + out + " already holds " + name + ": keys are not overwritten");
      }
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
    }
    String password = passwordFile != null ? TlsOptions.passwordIn(passwordFile, "--password-file", 6) : randomPassword();
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IllegalStateException("the JDK's keytool is missing at " + keytool);
    }
    Files.createDirectories(out);
    Path tmp = Files.createTempDirectory(out, ".keys-");
    try {
      Path node = tmp.resolve("node.p12");
      Path cert = tmp.resolve("node.crt");
      Path trust = tmp.resolve("trust.p12");
      keytool(keytool, password, "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1",
          "-sigalg", "SHA256withECDSA", "-dname", "CN=deepsnn-cluster", "-validity", "3650", "-storetype", "PKCS12",
          "-keystore", node.toString(), "-storepass:env", "DEEPSNN_KEYTOOL_PASSWORD");
      keytool(keytool, password, "-exportcert", "-alias", "node", "-keystore", node.toString(), "-storepass:env",
          "DEEPSNN_KEYTOOL_PASSWORD", "-file", cert.toString());
      keytool(keytool, password, "-importcert", "-noprompt", "-alias", "cluster", "-file", cert.toString(), "-storetype",
          "PKCS12", "-keystore", trust.toString(), "-storepass:env", "DEEPSNN_KEYTOOL_PASSWORD");
      Path pw = tmp.resolve("password");
      Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
      ownerOnly(pw);
      ownerOnly(node);
      // Each file whole or not at all: written in the temporary folder, then moved.
      for (String name : new String[] {"node.p12", "trust.p12", "password"}) {
        Files.move(tmp.resolve(name), out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      }
      o.println("wrote " + out.resolve("node.p12") + " (key), " + out.resolve("trust.p12") + " (certificate) and "
          + out.resolve("password") + "; start every node with --tls-keystore " + out.resolve("node.p12")
          + " --tls-truststore " + out.resolve("trust.p12") + " --tls-password-file " + out.resolve("password"));
      o.flush();
      return 0;
    } finally {
      try (var left = Files.list(tmp)) {
        for (Path p : left.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }

  /** Runs keytool with {@code args}; the password travels in its environment, never in its arguments. */
  private static void keytool(Path keytool, String password, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(keytool.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DEEPSNN_KEYTOOL_PASSWORD", password);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
    }
  }

  private static String randomPassword() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void ownerOnly(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the folder's own permissions protect it.
    }
  }
}
