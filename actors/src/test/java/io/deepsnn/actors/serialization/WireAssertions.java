package io.deepsnn.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.deepsnn.actors.runtime.TileActor;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Field-by-field comparison of messages: records with array fields have no value equality, and
 * doubles must arrive bit for bit ({@code Arrays.equals} would let one NaN stand for another).
 * The spikes of a spike batch are compared per image as multisets: the wire keeps no order.
 */
final class WireAssertions {

  private WireAssertions() {
  }

  /** Asserts that {@code actual} is a record of the same class with the same components, deeply. */
  static void assertSameMessage(Object expected, Object actual) {
    assertSameValue(expected.getClass().getSimpleName(), expected, actual);
  }

  private static void assertSameValue(String path, Object expected, Object actual) {
    if (expected == null) {
      assertNull(actual, path + " must stay null");
      return;
    }
    assertNotNull(actual, path + " must not become null");
    if (expected instanceof List<?> list) {
      // Any List implementation will do: the records compare lists with List.equals.
      List<?> other = assertInstanceOf(List.class, actual, path);
      assertEquals(list.size(), other.size(), path + ".size()");
      for (int i = 0; i < list.size(); i++) {
        assertSameValue(path + "[" + i + "]", list.get(i), other.get(i));
      }
      return;
    }
    assertEquals(expected.getClass(), actual.getClass(), path);
    Class<?> type = expected.getClass();
    if (type.isArray()) {
      int n = Array.getLength(expected);
      assertEquals(n, Array.getLength(actual), path + ".length");
      for (int i = 0; i < n; i++) {
        assertSameValue(path + "[" + i + "]", Array.get(expected, i), Array.get(actual, i));
      }
    } else if (expected instanceof Double d) {
      assertEquals(Long.toHexString(Double.doubleToRawLongBits(d)),
          Long.toHexString(Double.doubleToRawLongBits((Double) actual)), path + " (raw bits)");
    } else if (expected instanceof Float f) {
      assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits((Float) actual), path + " (raw bits)");
    } else if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        Object e = component(c, expected);
        Object a = component(c, actual);
        if (type == TileActor.SpikeBatch.class && c.getName().equals("spikes") && e != null && a != null) {
          // The order of the spikes within an image is not kept, their multiset is.
          e = sortedImages((int[][]) e);
          a = sortedImages((int[][]) a);
        }
        assertSameValue(path + "." + c.getName(), e, a);
      }
    } else {
      assertEquals(expected, actual, path);
    }
  }

  private static int[][] sortedImages(int[][] images) {
    int[][] sorted = new int[images.length][];
    for (int i = 0; i < images.length; i++) {
      sorted[i] = images[i] == null ? null : images[i].clone();
      if (sorted[i] != null) {
        Arrays.sort(sorted[i]);
      }
    }
    return sorted;
  }

  private static Object component(RecordComponent c, Object record) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError("cannot read " + c, e);
    }
  }
}
