package io.deepsnn.actors.serialization;

import static io.deepsnn.actors.serialization.WireAssertions.assertSameMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.WireMessage;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * Every {@link WireMessage} has a manifest and survives the serializer, so that adding a message
 * (or a field) without serializing it breaks the build instead of a multi-node run.
 */
class WireMessageCoverageTest {

  private final RuntimeSerializer serializer = new RuntimeSerializer();

  /** The concrete classes implementing WireMessage nested in the tile and the clock. */
  private static Set<Class<?>> nestedWireMessages() {
    Set<Class<?>> found = new HashSet<>();
    for (Class<?> outer : new Class<?>[] {TileActor.class, ClockActor.class}) {
      for (Class<?> c : outer.getDeclaredClasses()) {
        if (isConcreteWireMessage(c)) {
          found.add(c);
        }
      }
    }
    return found;
  }

  /** The concrete classes implementing WireMessage anywhere in the module's compiled classes. */
  private static Set<Class<?>> allWireMessages() throws IOException, URISyntaxException {
    Path root = Path.of(WireMessage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<Class<?>> found = new HashSet<>();
    if (Files.isDirectory(root)) {
      collect(root, found);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        collect(jar.getPath("/"), found);
      }
    }
    return found;
  }

  private static void collect(Path root, Set<Class<?>> found) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
          .forEach(f -> {
            String relative = root.relativize(f).toString().replace('\\', '/');
            names.add(relative.substring(0, relative.length() - ".class".length()).replace('/', '.'));
          });
    }
    for (String name : names) {
      try {
        Class<?> c = Class.forName(name, false, WireMessage.class.getClassLoader());
        if (isConcreteWireMessage(c)) {
          found.add(c);
        }
      } catch (ClassNotFoundException | LinkageError e) {
        fail("cannot load " + name, e);
      }
    }
  }

  private static boolean isConcreteWireMessage(Class<?> c) {
    return WireMessage.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers());
  }

  private static Set<String> names(Set<Class<?>> classes) {
    Set<String> names = new TreeSet<>();
    classes.forEach(c -> names.add(c.getName()));
    return names;
  }

  @Test
  void everyNestedWireMessageHasAManifest() {
    Set<Class<?>> nested = nestedWireMessages();
    // The eight messages there were when the serializer was written; more is fine, fewer means
    // the reflection is broken.
    assertTrue(nested.size() >= 8, "found only " + names(nested));
    for (Class<?> c : nested) {
      String manifest = RuntimeSerializer.manifestOf(c); // throws, naming the class, when missing
      assertTrue(!manifest.isEmpty(), c.getName());
    }
    Set<String> unsupported = new TreeSet<>(names(nested));
    unsupported.removeAll(names(RuntimeSerializer.supportedClasses()));
    assertTrue(unsupported.isEmpty(), "wire messages the serializer does not list: " + unsupported);
  }

  @Test
  void everyWireMessageInTheModuleHasAManifest() throws Exception {
    Set<Class<?>> all = allWireMessages();
    Set<String> missing = new TreeSet<>(names(all));
    missing.removeAll(names(RuntimeSerializer.supportedClasses()));
    assertTrue(missing.isEmpty(), "WireMessage classes without a protobuf serialization in RuntimeSerializer "
        + "and runtime_messages.proto: " + missing);
    assertEquals(names(all), names(RuntimeSerializer.supportedClasses()),
        "the serializer lists a class that is not a wire message of the module");
  }

  /** Messages with actor refs need a real actor system; DeploymentSerializationTest covers them. */
  private static boolean carriesActorRefs(Class<?> c) {
    for (RecordComponent rc : c.getRecordComponents()) {
      if (rc.getGenericType().getTypeName().contains(ActorRef.class.getName())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void manifestsAreDistinct() {
    Set<String> manifests = new HashSet<>();
    for (Class<?> c : RuntimeSerializer.supportedClasses()) {
      assertTrue(manifests.add(RuntimeSerializer.manifestOf(c)), "manifest used twice: " + c.getName());
    }
  }

  /**
   * Builds each wire message with random, non-default values in every component (found by
   * reflection) and round-trips it: a component the serializer forgets comes back as a default
   * and fails.
   */
  @Test
  void everyComponentOfEveryWireMessageRoundTrips() throws Exception {
    Random rnd = new Random(77);
    for (Class<?> c : nestedWireMessages()) {
      if (carriesActorRefs(c)) {
        continue;
      }
      for (int round = 0; round < 20; round++) {
        Object m = c == ClockActor.TileCounters.class ? tileCounters(rnd) : sample(c, c, rnd);
        byte[] bytes = serializer.toBinary(m);
        Object back = serializer.fromBinary(bytes, serializer.manifest(m));
        assertSameMessage(m, back);
      }
    }
  }

  /**
   * Damaged bytes of every wire message (seeded mutations: flips, truncation, insertions, large
   * length fields) into the decoder end in a message or in its own error
   * ({@link IllegalArgumentException}, or {@link java.io.NotSerializableException}), never in
   * another exception or an OutOfMemoryError; lengths are bounded before allocation. A longer run:
   * {@code -Ddeepsnn.fuzz.rounds=5000}.
   */
  @Test
  void damagedBytesOfEveryWireMessageDecodeOrAreRefused() throws Exception {
    int rounds = Integer.getInteger("deepsnn.fuzz.rounds", 150);
    Random rnd = new Random(78);
    int decoded = 0;
    for (Class<?> c : nestedWireMessages()) {
      if (carriesActorRefs(c)) {
        continue;
      }
      for (int round = 0; round < rounds; round++) {
        Object m = c == ClockActor.TileCounters.class ? tileCounters(rnd) : sample(c, c, rnd);
        byte[] damaged = io.deepsnn.network.testing.Mutations.mutate(serializer.toBinary(m), rnd);
        try {
          serializer.fromBinary(damaged, serializer.manifest(m));
          decoded++;
        } catch (IllegalArgumentException | java.io.NotSerializableException expected) {
          // the decoder's own error
        } catch (Throwable t) {
          fail(c.getSimpleName() + ", round " + round + ": " + t, t);
        }
      }
    }
    assertTrue(decoded > 0, "some damage leaves a valid message (a flipped value bit)");
  }

  /** Counters come one per edge: the arrays of a side have one length (the decoder checks it). */
  private static ClockActor.TileCounters tileCounters(Random rnd) {
    int out = 1 + rnd.nextInt(5);
    int in = 1 + rnd.nextInt(5);
    return new ClockActor.TileCounters(rnd.nextInt(), rnd.ints(out).toArray(), rnd.longs(out).toArray(),
        rnd.ints(in).toArray(), rnd.longs(in).toArray(), rnd.longs(in).toArray(), rnd.longs(in).toArray());
  }

  @Test
  void countersWithMismatchedLengthsAreRefused() {
    ClockActor.TileCounters bad = new ClockActor.TileCounters(1, new int[] {1, 2}, new long[] {5}, new int[0],
        new long[0], new long[0], new long[0]);
    byte[] bytes = serializer.toBinary(bad);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> serializer.fromBinary(bytes, RuntimeSerializer.TILE_COUNTERS));
    assertTrue(e.getMessage().contains("corrupted TileCounters of tile 1"), e.getMessage());
  }

  private static Object sample(Type type, Class<?> owner, Random rnd) throws ReflectiveOperationException {
    if (type == int.class) {
      return rnd.nextBoolean() ? rnd.nextInt(1000) + 1 : rnd.nextInt();
    } else if (type == long.class) {
      return rnd.nextBoolean() ? rnd.nextInt(1000) + 1L : rnd.nextLong();
    } else if (type == double.class) {
      return Double.longBitsToDouble(rnd.nextLong());
    } else if (type == String.class) {
      return "s" + rnd.nextInt() + "\u00e9";
    } else if (type == int[].class) {
      return rnd.ints(1 + rnd.nextInt(6)).toArray();
    } else if (type == long[].class) {
      return rnd.longs(1 + rnd.nextInt(6)).toArray();
    } else if (type == double[].class) {
      return rnd.longs(1 + rnd.nextInt(6)).mapToDouble(Double::longBitsToDouble).toArray();
    } else if (type instanceof Class<?> c && c.isArray()) {
      Object array = java.lang.reflect.Array.newInstance(c.getComponentType(), 1 + rnd.nextInt(4));
      for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
        java.lang.reflect.Array.set(array, i, sample(c.getComponentType(), owner, rnd));
      }
      return array;
    } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      List<Object> list = new ArrayList<>();
      for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
        list.add(sample(p.getActualTypeArguments()[0], owner, rnd));
      }
      return list;
    } else if (type == Integer.class) {
      return rnd.nextInt(1000);
    } else if (type instanceof Class<?> c && c.isRecord()) {
      RecordComponent[] components = c.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        // Early-exit lists name images of a batch: the decoder bounds them (non-negative, below MAX_IMAGES).
        args[i] = components[i].getName().equals("exits") ? rnd.ints(1 + rnd.nextInt(6), 0, 1000).toArray()
            : sample(components[i].getGenericType(), owner, rnd);
      }
      Constructor<?> constructor = c.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    }
    throw new AssertionError("the test cannot build a " + type.getTypeName() + " for " + owner.getName()
        + ": extend WireMessageCoverageTest.sample (and make sure RuntimeSerializer handles it)");
  }
}
