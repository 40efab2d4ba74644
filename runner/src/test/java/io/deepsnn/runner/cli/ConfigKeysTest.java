package io.deepsnn.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys of an experiment file are refused, never ignored (issue 18). */
class ConfigKeysTest {
  @TempDir
  Path dir;

  private String refused(String body) throws IOException {
    Path f = dir.resolve("x.conf");
    Files.writeString(f, body);
    return assertThrows(IllegalArgumentException.class, () -> HoconFiles.read(f, Map.of())).getMessage();
  }

  @Test
  void aMisspelledKeyIsRefusedNamingTheFileTheKeyAndTheClosestName() throws IOException {
    String msg = refused("deepsnn.experiment { calibraton { images = 5 } }");
    assertTrue(msg.contains("x.conf") && msg.contains("unknown key deepsnn.experiment.calibraton")
        && msg.contains("did you mean calibration?"), msg);
    String nested = refused("deepsnn.experiment.simulate { timestep = [5] }");
    assertTrue(nested.contains("deepsnn.experiment.simulate.timestep") && nested.contains("did you mean timesteps?"),
        nested);
  }

  @Test
  void theEntriesOfConversionsAndModelsAreCheckedToo() throws IOException {
    String msg = refused("deepsnn.experiment { conversions = [ { method = \"data-max\" }, { methd = \"clip\" } ] }");
    assertTrue(msg.contains("unknown key 'methd' in entry 2 of deepsnn.experiment.conversions")
        && msg.contains("did you mean method?"), msg);
    String paper = refused("deepsnn.paper { models = [ { label = \"a\", pth = \"m.onnx\" } ] }");
    assertTrue(paper.contains("'pth'") && paper.contains("did you mean path?"), paper);
  }

  @Test
  void knownKeysAndOtherLibrariesSettingsPass() throws IOException {
    Path f = dir.resolve("ok.conf");
    Files.writeString(f, "deepsnn.experiment { calibration { images = 5 }, conversions = [ { method = \"clip\", "
        + "reset = \"subtract\" } ] }\npekko.loglevel = \"WARNING\"\n");
    assertEquals(5, HoconFiles.read(f, Map.of()).getInt("deepsnn.experiment.calibration.images"));
  }

  @Test
  void theDistanceIsLevenshteins() {
    assertEquals(1, ConfigKeys.distance("calibraton", "calibration"));
    assertEquals(3, ConfigKeys.distance("kitten", "sitting"));
    assertEquals("", ConfigKeys.suggestion("zzzzzzzz", java.util.Set.of("images", "path")));
  }
}
