package io.deepsnn.runner.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class PaperConfigTest {
  private static PaperConfig parse(String body) {
    return PaperConfig.from(ConfigFactory.parseString("deepsnn.paper { " + body + " }")
        .withFallback(ConfigFactory.defaultReference()).resolve(), "test.conf");
  }

  @Test
  void theSubsetsDefaultToAllImagesAndTheFirstSeedRunsOnAll() {
    PaperConfig c = parse("data { images = 2000, spread-images = 500 }");
    assertEquals(500, c.spreadImages());
    assertEquals(2000, c.ablationImages());
    assertEquals(2000, c.tableImages(0));
    assertEquals(500, c.tableImages(3));
    assertEquals("RESULTS.md", c.page());
  }

  @Test
  void aSubsetLargerThanTheTestSetIsRefusedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> parse("data { images = 100, ablation-images = 200 }"));
    assertTrue(e.getMessage().contains("test.conf") && e.getMessage().contains("ablation-images"), e.getMessage());
    var p = assertThrows(IllegalArgumentException.class, () -> parse("page = \"docs/X.md\""));
    assertTrue(p.getMessage().contains("deepsnn.paper.page"), p.getMessage());
  }
}
