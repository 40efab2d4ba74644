package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The touched positions of a timestep: each once, in mark order; "all" until the next clear. */
class TouchSetTest {
  @Test
  void marksEachPositionOnceAndMarkAllAddsTheRestInOrder() {
    TouchSet t = new TouchSet(5);
    t.clear(); // as every timestep begins
    t.mark(3);
    t.mark(1);
    t.mark(3);
    assertEquals(2, t.size());
    assertFalse(t.isAll());
    t.markAll();
    assertTrue(t.isAll());
    assertEquals(5, t.size());
    int[] order = new int[5];
    for (int i = 0; i < 5; i++) {
      order[i] = t.get(i);
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 1, 0, 2, 4}, order);
    t.clear();
    assertFalse(t.isAll(), "a new timestep starts with nothing touched");
    assertEquals(0, t.size());
    t.mark(4);
    assertEquals(1, t.size());
    assertEquals(4, t.get(0));
  }
}
