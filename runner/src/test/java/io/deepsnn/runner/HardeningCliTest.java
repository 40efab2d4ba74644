package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs that used to be accepted and ignored (issue 18): each is refused with one line naming
 * the culprit, a non-zero exit and nothing written.
 */
class HardeningCliTest {
  @TempDir
  Path dir;

  private static void assertRefused(CliTest.Run r, String... expected) {
    assertTrue(r.status() != 0, r.out() + r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n\tat "), "no stack trace: " + err);
    for (String e : expected) {
      assertTrue(err.contains(e), "'" + e + "' in: " + err);
    }
  }

  @Test
  void simulateRefusesANormalisationItCannotApply() {
    Path snn = dir.resolve("n.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "-o", snn.toString()).status());
    assertRefused(CliTest.run("simulate", snn.toString(), "--images", "2", "--timesteps", "3", "--mean", "0.5",
        "--std", "0.2"), "--mean/--std cannot apply to simulate", snn.toString(), "mean [0.286]");
  }

  @Test
  void anAddressInUseOrAnUnknownHostIsRefusedWithoutPekkosStackTrace() throws IOException {
    Path snn = dir.resolve("b.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "-o", snn.toString()).status());
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      assertRefused(CliTest.run("simulate", snn.toString(), "--images", "2", "--timesteps", "3", "--runtime",
          "actors", "--nodes", "2", "--listen", address), "--listen " + address, "cannot listen there");
      assertRefused(CliTest.run("node", snn.toString(), "--join", "127.0.0.1:1", "--node-address", address),
          "--node-address " + address, "cannot listen there");
    }
    assertRefused(CliTest.run("simulate", snn.toString(), "--runtime", "actors", "--nodes", "2", "--listen",
        "nosuchhost.invalid:2552"), "unknown host 'nosuchhost.invalid'");
  }

  @Test
  void actorOnlyOptionsOnTheSequentialRuntimeAndBadDurationsAreRefusedNamingTheOption() {
    Path snn = dir.resolve("d.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "-o", snn.toString()).status());
    assertRefused(CliTest.run("simulate", snn.toString(), "--images", "2", "--timesteps", "2", "--delay",
        "uniform:1ms"), "--delay applies to the actor runtime only");
    assertRefused(CliTest.run("simulate", snn.toString(), "--images", "2", "--timesteps", "2", "--tiles", "3"),
        "--tiles applies to the actor runtime only");
    assertRefused(CliTest.run("simulate", snn.toString(), "--runtime", "actors", "--delay", "uniform:abc"),
        "--delay: 'abc' is not a duration");
    assertRefused(CliTest.run("soak", "--arch", "resnet34", "--duration", "5x"), "--duration: '5x'");
    assertRefused(CliTest.run("node", snn.toString(), "--join", "nowhere"), "--join: expected HOST:PORT");
    assertRefused(CliTest.run("convert", "--tiles", "2", "-o", dir.resolve("t2.snn").toString()),
        "--tiles applies to the actor runtime only");
  }

  @Test
  void threadsMeanOnTheCommandLineWhatTheyMeanInHocon() {
    Path snn = dir.resolve("th.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "-o", snn.toString()).status());
    // threads = 0 in an experiment is all cores; so is --threads 0.
    CliTest.Run all = CliTest.run("simulate", snn.toString(), "--images", "4", "--timesteps", "3", "--no-ann",
        "--threads", "0");
    assertEquals(0, all.status(), all.err());
    int cores = Runtime.getRuntime().availableProcessors();
    assertTrue(all.out().contains("on " + cores + " thread(s)"), all.out());
    assertRefused(CliTest.run("simulate", snn.toString(), "--images", "4", "--timesteps", "3", "--threads", "-1"),
        "--threads must be 0 (all cores) or more, not -1");
  }

  @Test
  void aCropThatCannotGiveTheModelsInputIsRefusedNamingTheOption() throws IOException {
    // An image folder of two classes, one 40×40 grey image each.
    Path folder = dir.resolve("images");
    for (String c : new String[] {"a", "b"}) {
      Files.createDirectories(folder.resolve("test").resolve(c));
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 40,
          java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
      javax.imageio.ImageIO.write(img, "png", folder.resolve("test").resolve(c).resolve("0.png").toFile());
    }
    Path out = dir.resolve("crop.snn");
    assertRefused(CliTest.run("convert", "--method", "data-max", "--data", folder.toString(), "--crop", "40", "-o",
        out.toString()), "--crop 40: the model's input is 1x28x28, so the crop must be 28");
    assertRefused(CliTest.run("convert", "--method", "data-max", "--crop", "28", "-o", out.toString()),
        "--crop applies to image folders only");
    assertRefused(CliTest.run("convert", "--method", "data-max", "--data", folder.toString(), "--resize", "-3", "-o",
        out.toString()), "--resize -3: a size in pixels must be positive");
    assertFalse(Files.exists(out));
    // The same rule, naming the key, in a HOCON experiment.
    Path exp = dir.resolve("exp");
    Path conf = dir.resolve("crop.conf");
    Files.writeString(conf, "deepsnn.experiment { data { path = \"" + folder + "\", crop = 40 }, out = \"" + exp
        + "\" }\n");
    assertRefused(CliTest.run("run", conf.toString()), "data.crop 40: the model's input is 1x28x28");
    assertFalse(Files.exists(exp.resolve("report.json")), "no report");
  }

  @Test
  void listeningBeyondThisMachineWithoutTlsIsRefusedUnlessInsecureAndBadStoresAreNamed() throws IOException {
    Path snn = dir.resolve("tls.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "-o", snn.toString()).status());
    assertRefused(CliTest.run("simulate", snn.toString(), "--runtime", "actors", "--nodes", "2", "--listen",
        "0.0.0.0:0"), "--listen 0.0.0.0 is reachable from other machines", "--insecure");
    assertRefused(CliTest.run("node", snn.toString(), "--join", "127.0.0.1:1", "--node-address", "0.0.0.0:0"),
        "--node-address 0.0.0.0 is reachable from other machines");
    Path keys = dir.resolve("keys");
    assertEquals(0, CliTest.run("keys", "-o", keys.toString()).status());
    assertRefused(CliTest.run("keys", "-o", keys.toString()), "already holds node.p12");
    Path wrong = dir.resolve("wrong-password");
    Files.writeString(wrong, "not-the-password\n");
    assertRefused(CliTest.run("simulate", snn.toString(), "--runtime", "actors", "--nodes", "2", "--listen",
        "127.0.0.1:0", "--tls-keystore", keys.resolve("node.p12").toString(), "--tls-truststore",
        keys.resolve("trust.p12").toString(), "--tls-password-file", wrong.toString()),
        "TLS key store " + keys.resolve("node.p12"), "cannot be opened with the password given");
    assertRefused(CliTest.run("simulate", snn.toString(), "--runtime", "actors", "--nodes", "2", "--listen",
        "127.0.0.1:0", "--tls-keystore", keys.resolve("node.p12").toString()), "--tls-keystore and --tls-truststore go together");
    assertRefused(CliTest.run("simulate", snn.toString(), "--runtime", "actors", "--nodes", "2", "--tls-keystore",
        keys.resolve("node.p12").toString()), "applies to a coordinator of other machines' nodes (--listen) only");
  }

  @Test
  void aTileLimitOfZeroNeuronsIsRefused() {
    assertRefused(CliTest.run("convert", "--runtime", "actors", "--tiles", "max=0", "-o",
        dir.resolve("t.snn").toString()), "max=0");
    assertFalse(Files.exists(dir.resolve("t.snn")));
  }

  @Test
  void moreMeanValuesThanTheModelHasChannelsAreRefusedAndNothingIsWritten() {
    Path out = dir.resolve("m.snn");
    assertRefused(CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "--mean", "0.1,0.2,0.3",
        "--std", "1,1,1", "-o", out.toString()), "fmnist-vgg.onnx", "mean has 3 values", "1 channel");
    assertFalse(Files.exists(out));
  }

  /** An IDX pair of {@code n} 28×28 images with the given labels. */
  private Path idx(String name, int n, int... labels) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28)
        .putInt(28);
    Files.write(d.resolve("t10k-images-idx3-ubyte"), images.array());
    java.nio.ByteBuffer l = java.nio.ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
    for (int v : labels) {
      l.put((byte) v);
    }
    Files.write(d.resolve("t10k-labels-idx1-ubyte"), l.array());
    return d;
  }

  @Test
  void anOutputThatCannotBeWrittenIsRefusedBeforeAnyWorkNamingTheOption() throws IOException {
    assertRefused(CliTest.run("convert", "--method", "data-max", "-o", dir.toString()), "-o " + dir, "is a folder");
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertRefused(CliTest.run("convert", "--method", "data-max", "-o", file.resolve("x.snn").toString()),
        file + " is a file, not a folder");
    assertRefused(CliTest.run("eval-ann", "--json", dir.toString()), "--json " + dir, "is a folder");
    assertRefused(CliTest.run("run", "configs/demo.conf", "--out", file.toString()), "--out " + file, "is a file");
  }

  @Test
  void dataOfAnotherShapeThanTheModelsInputIsRefusedNamingTheData() throws IOException {
    byte[] records = new byte[4 * 3073];
    Path cifar = Files.write(dir.resolve("test_batch.bin"), records);
    Path out = dir.resolve("s.snn");
    assertRefused(CliTest.run("convert", "--data", cifar.toString(), "--split", "test", "--method", "data-max",
        "-o", out.toString()), "test_batch.bin", "1x32x32", "the model's input is 1x28x28");
    assertFalse(Files.exists(out));
  }

  @Test
  void anEmptyCalibrationSetIsRefusedAndNothingIsWritten() throws IOException {
    Path out = dir.resolve("e.snn");
    assertRefused(CliTest.run("convert", "--data", idx("empty", 0).toString(), "--split", "test", "--method",
        "data-max", "-o", out.toString()), "empty", "no images to calibrate on");
    assertFalse(Files.exists(out));
  }

  @Test
  void aGzipFileWhoseCrcIsWrongIsRefusedNamingIt() throws IOException {
    Path d = idx("crc", 3, 1, 2, 3);
    for (String name : new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
      try (var gz = new java.util.zip.GZIPOutputStream(buf)) {
        gz.write(Files.readAllBytes(d.resolve(name)));
      }
      byte[] bytes = buf.toByteArray();
      if (name.startsWith("t10k-labels")) {
        bytes[bytes.length - 8] ^= (byte) 0xff; // the CRC-32 in the trailer
      }
      Files.write(d.resolve(name + ".gz"), bytes);
      Files.delete(d.resolve(name));
    }
    assertRefused(CliTest.run("eval-ann", "--data", d.toString()), "t10k-labels-idx1-ubyte.gz", "corrupt gzip data");
  }

  @Test
  void aLabelOutsideTheModelsClassesIsRefusedNamingTheData() throws IOException {
    Path data = idx("badlabel", 2, 3, 12);
    assertRefused(CliTest.run("eval-ann", "--data", data.toString()), "badlabel", "image 1 has label 12",
        "10 classes");
  }

  @Test
  void negativeCountsAndNonPositiveTimestepsInAnExperimentAreRefusedBeforeAnyWork() throws IOException {
    Path out = dir.resolve("out");
    Path neg = dir.resolve("neg.conf");
    Files.writeString(neg, "deepsnn.experiment { data { images = -1 }, out = \"" + out + "\" }\n");
    assertRefused(CliTest.run("run", neg.toString()), "neg.conf", "deepsnn.experiment.data.images", "-1");
    Path steps = dir.resolve("steps.conf");
    Files.writeString(steps, "deepsnn.experiment { simulate { timesteps = [0, 5] }, out = \"" + out + "\" }\n");
    assertRefused(CliTest.run("run", steps.toString()), "steps.conf", "simulate.timesteps", "[0, 5]");
    Path energy = dir.resolve("energy.conf");
    Files.writeString(energy, "deepsnn.experiment { energy { pj-per-ac = -1 }, out = \"" + out + "\" }\n");
    assertRefused(CliTest.run("run", energy.toString()), "energy.pj-per-ac");
    assertFalse(Files.exists(out), "nothing written");
  }
}
