package io.deepsnn.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepsnn.network.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Writes report objects (records, maps, lists) as pretty-printed JSON, atomically. */
public final class JsonFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {
  }

  /** Writes {@code value} to {@code file}. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.write(file, MAPPER.writeValueAsBytes(value));
  }

  /** The shared mapper, for reading reports back. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
