package io.deepsnn.runner.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.DataBasedBalancer;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.ThresholdMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots of long runs: a resumed run equals an uninterrupted one; foreign snapshots are ignored. */
class RunSnapshotTest {
  private static final int[] CHECKPOINTS = {10, 30};
  private static SequentialSimulator sim;
  private static Normalization norm;
  private static ImageDataset test;

  @TempDir
  Path dir;

  @BeforeAll
  static void bundledNetWithDataMaxThresholds() {
    ModelMetadata md = ModelMetadata.findBeside(BundledDemo.model()).orElseThrow();
    norm = new Normalization(md.mean(), md.std());
    SpikingNetwork net = SpikingNetwork.compile(OnnxImporter.read(BundledDemo.model()).graph());
    ImageDataset train = Datasets.open(BundledDemo.images(), DatasetOptions.defaults().withSplit("train"));
    var b = DataBasedBalancer.balance(net, Images.load(Datasets.limit(train, 8), norm), norm.maxAbsValue(),
        ThresholdMethod.DATA_MAX, 99.9, ResidualPolicy.UNITY);
    sim = new SequentialSimulator(net, b.thresholds(), SimulationOptions.defaults(norm.maxAbsValue()));
    test = Datasets.limit(Datasets.open(BundledDemo.images(), DatasetOptions.defaults()), 12);
  }

  private static SimulationResult simulate(ImageDataset data, int batch, SimulationResult resumeFrom) {
    return ParallelSimulation.run(sim, data, norm, CHECKPOINTS, 2, batch, resumeFrom, r -> { }, n -> { });
  }

  private static void assertSameResult(SimulationResult expected, SimulationResult actual) {
    assertEquals(expected.images(), actual.images());
    assertArrayEquals(expected.correct(), actual.correct());
    assertArrayEquals(expected.spikes(), actual.spikes());
    assertArrayEquals(expected.synapses(), actual.synapses());
    assertArrayEquals(expected.shortcutSynapses(), actual.shortcutSynapses());
    assertArrayEquals(expected.predictions(), actual.predictions());
    assertArrayEquals(expected.labels(), actual.labels());
    assertArrayEquals(expected.indices(), actual.indices());
    assertArrayEquals(expected.spikeTrainHash(), actual.spikeTrainHash());
    assertArrayEquals(expected.imageTimesteps(), actual.imageTimesteps());
  }

  @Test
  void aRunResumedFromASnapshotEqualsAnUninterruptedRun() throws IOException {
    SimulationResult whole = simulate(test, 2, null);
    RunSnapshot snapshot = new RunSnapshot(dir.resolve("run.partial"), "run-abc");
    snapshot.save(simulate(Datasets.limit(test, 5), 2, null), 12.5);
    RunSnapshot.Partial partial = snapshot.load(CHECKPOINTS, p -> { throw new AssertionError(p); }).orElseThrow();
    assertEquals(5, partial.result().images());
    assertEquals(12.5, partial.seconds());
    SimulationResult resumed = simulate(test, 3, partial.result());
    assertSameResult(whole, resumed);
  }

  @Test
  void aFormatOneSnapshotWrittenBeforeImageTimestepsWereKeptStillResumes() throws IOException {
    // A real snapshot of the low-latency ResNet-20 run (240 of 500 images done), written by the
    // code of format 1: it must still load, every image counted as having run every timestep.
    Path golden = Path.of("src/test/resources/golden/snapshot-format1.partial");
    RunSnapshot.Content old = RunSnapshot.Legacy.read(Files.readAllBytes(golden));
    assertEquals(1, old.format());
    int[] checkpoints = {8, 16, 32, 64, 128, 256};
    RunSnapshot.Partial p = new RunSnapshot(golden, old.key()).load(checkpoints, m -> {
      throw new AssertionError(m);
    }).orElseThrow();
    SimulationResult r = p.result();
    assertEquals(240, r.images());
    assertArrayEquals(checkpoints, r.checkpoints());
    assertEquals(240, r.predictions().length);
    assertEquals(240, r.imageTimesteps().length);
    assertTrue(java.util.Arrays.stream(r.imageTimesteps()).allMatch(t -> t == 256));
    assertEquals(256.0, r.meanTimesteps(r.last()));
    assertTrue(r.correct()[r.last()] > 120 && r.correct()[r.last()] <= 240, "correct: " + r.correct()[r.last()]);
    // and a format-2 file is not taken for a format-1 one
    Path now = dir.resolve("now.partial");
    new RunSnapshot(now, "run").save(simulate(Datasets.limit(test, 2), 2, null), 1);
    assertEquals(null, RunSnapshot.Legacy.read(Files.readAllBytes(now)));
  }

  @Test
  void aSnapshotOfAnotherRunOrOtherCheckpointsIsIgnoredWithAReason() throws IOException {
    Path file = dir.resolve("x.partial");
    new RunSnapshot(file, "run-one").save(simulate(Datasets.limit(test, 2), 2, null), 1);
    List<String> problems = new ArrayList<>();
    assertFalse(new RunSnapshot(file, "run-two").load(CHECKPOINTS, problems::add).isPresent());
    assertFalse(new RunSnapshot(file, "run-one").load(new int[] {10, 20}, problems::add).isPresent());
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("run-one") && problems.get(0).contains(file.toString()), problems.get(0));
    assertTrue(problems.get(1).contains("[10, 30]"), problems.get(1));
  }

  @Test
  void aCorruptedSnapshotIsIgnoredWithAReason() throws IOException {
    Path file = dir.resolve("bad.partial");
    new RunSnapshot(file, "run").save(simulate(Datasets.limit(test, 2), 2, null), 1);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    List<String> problems = new ArrayList<>();
    assertFalse(new RunSnapshot(file, "run").load(CHECKPOINTS, problems::add).isPresent());
    assertTrue(problems.get(0).contains("unreadable"), problems.toString());
  }

  @Test
  void kryoRefusesClassesThatAreNotRegistered() {
    try (Output out = new Output(64, -1)) {
      assertThrows(IllegalArgumentException.class, () -> RunSnapshot.kryo().writeClassAndObject(out,
          new ArrayList<String>()));
    }
  }

  @Test
  void storingTheFinishedRunRemovesItsSnapshotAndConversion() throws IOException {
    RunCache cache = new RunCache(dir);
    cache.snapshot("k").save(simulate(Datasets.limit(test, 2), 2, null), 1);
    Files.writeString(cache.conversion("k"), "converted");
    assertTrue(Files.exists(cache.snapshot("k").file()));
    var report = new io.deepsnn.runner.report.SnnReport("k", null, 0, "", 0, List.of(), List.of(), null, 0, 0, 1);
    cache.store("k", report);
    assertTrue(Files.exists(dir.resolve("k.json")));
    assertFalse(Files.exists(cache.snapshot("k").file()));
    assertFalse(Files.exists(cache.conversion("k")));
  }
}
