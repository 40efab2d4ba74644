package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepsnn.runner.report.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snn bench} on tiny sizes: every shape runs, the event, dense and auto kernels and the
 * 2-thread run fire the same spikes, and the figures it derives are consistent with its timings.
 */
class BenchCliTest {
  @TempDir
  Path dir;

  @Test
  void benchTimesTheBundledNetAndTheResnetOnOneAndTwoThreads() throws IOException {
    Path json = dir.resolve("bench.json");
    CliTest.Run r = CliTest.run("bench", "--images", "2", "--timesteps", "12", "--resnet-images", "2",
        "--resnet-dense-timesteps", "4", "--skip-vgg", "--threads", "2", "--json", json.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("ns/event/thread"), r.out());
    JsonNode rows = JsonFiles.mapper().readTree(json.toFile());
    assertEquals(2, rows.size());
    assertTrue(rows.get(1).get("network").asText().startsWith("ResNet-20"), rows.toString());
    for (JsonNode row : rows) {
      assertTrue(row.get("identical").asBoolean(), "same spikes with every kernel and on 2 threads: " + row);
      assertEquals(2, row.get("threads").asInt());
      long events = row.get("synapticEvents").asLong();
      assertTrue(events > 0, row.toString());
      double oneThread = row.get("eventSeconds").asDouble();
      assertEquals(oneThread * 1e9 / events, row.get("nanosPerEvent").asDouble(), 1e-9 * oneThread * 1e9 / events);
      double twoThreads = row.get("parallelSeconds").asDouble();
      assertTrue(twoThreads > 0, row.toString());
      assertEquals(twoThreads * 2e9 / events, row.get("parallelNanosPerEventPerThread").asDouble(), 1e-6);
    }
  }
}
