package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The float32 expectations are bit patterns from numpy float32 arithmetic
 * {@code (np.float32(p) / np.float32(255) - np.float32(m)) / np.float32(s)}, which is the
 * IEEE single-precision computation PyTorch's ToTensor + Normalize perform.
 */
class NormalizationTest {

  private static final Normalization FASHION = Normalization.parse("0.2860", "0.3530");
  private static final Normalization CIFAR =
      Normalization.parse("0.4914,0.4822,0.4465", "0.2470, 0.2435, 0.2616");

  @Test
  void toFloatEmulatesPytorchFloat32() {
    byte[] pixels = {0, (byte) 255, (byte) 128};
    float[] out = new float[5];

    FASHION.toFloat(pixels, 1, out, 2);

    assertEquals(0f, out[0]);
    assertEquals(0xbf4f6929, Float.floatToRawIntBits(out[2]));
    assertEquals(0x4001734f, Float.floatToRawIntBits(out[3]));
    assertEquals(0x3f1c9e13, Float.floatToRawIntBits(out[4]));
    // Rounding the double result to float gives different bits: the emulation matters.
    assertNotEquals(0x3f1c9e13, Float.floatToRawIntBits((float) FASHION.value(0, 128)));
  }

  @Test
  void toFloatUsesEachChannelsMeanAndStd() {
    byte[] pixels = {73, (byte) 200, 17}; // one pixel per channel plane
    float[] out = new float[3];

    CIFAR.toFloat(pixels, 3, out, 0);

    assertEquals(0xbf549986, Float.floatToRawIntBits(out[0]));
    assertEquals(0x3f9ecfb4, Float.floatToRawIntBits(out[1]));
    assertEquals(0xbfb9d9e7, Float.floatToRawIntBits(out[2]));
  }

  @Test
  void singleValuesBroadcastToAllChannels() {
    Normalization half = new Normalization(new double[] {0.5}, new double[] {0.25});
    float[] out = new float[3];

    half.toFloat(new byte[] {0, (byte) 255, 0}, 3, out, 0);

    assertArrayEquals(new float[] {-2f, 2f, -2f}, out);
    assertEquals(-2.0, half.value(2, 0));
  }

  @Test
  void valueComputesInDouble() {
    Normalization half = new Normalization(new double[] {0.5}, new double[] {0.25});

    assertEquals(-1.2, half.value(0, 51), 1e-15); // (0.2 − 0.5) / 0.25
    assertEquals((200 / 255.0 - 0.4822) / 0.2435, CIFAR.value(1, 200));
    assertEquals(0.714 / 0.353, FASHION.value(0, 255), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> CIFAR.value(3, 0));
    assertThrows(IllegalArgumentException.class, () -> CIFAR.value(0, 256));
  }

  @Test
  void maxAbsValueIsTheLargestReachableMagnitude() {
    assertEquals(0.714 / 0.353, FASHION.maxAbsValue(), 1e-12); // ≈ 2.0227
    // channel G: (1 − 0.4822) / 0.2435 ≈ 2.1265 beats R ≈ 2.0591 and B ≈ 2.1158
    assertEquals((1 - 0.4822) / 0.2435, CIFAR.maxAbsValue(), 1e-12);
    Normalization other = Normalization.parse("0.4914,0.4822,0.4465", "0.2023,0.1994,0.2010");
    assertEquals((1 - 0.4465) / 0.2010, other.maxAbsValue(), 1e-12); // ≈ 2.7537
    assertEquals(1.0, Normalization.NONE.maxAbsValue());
  }

  @Test
  void parseErrorsNameTheField() {
    assertMessageStarts("mean: 'abc' is not a number", () -> Normalization.parse("abc", "1"));
    assertMessageStarts("std: value 2 must be > 0", () -> Normalization.parse("0.5", "1,0"));
    assertMessageStarts("std: value 1 must be > 0", () -> Normalization.parse("0.5", "-1"));
    assertMessageStarts("mean: 'NaN' is not a finite", () -> Normalization.parse("NaN", "1"));
    assertMessageStarts("std: 'Infinity' is not a finite",
        () -> Normalization.parse("0", "Infinity"));
    assertMessageStarts("mean: '' is not a number", () -> Normalization.parse("0.1,,0.2", "1"));
    assertMessageStarts("std: no values", () -> Normalization.parse("0.5", " "));
    assertMessageStarts("mean has 3 values but std has 2",
        () -> Normalization.parse("0.1,0.2,0.3", "1,2"));
  }

  @Test
  void channelCountMustFitTheValues() {
    assertMessageStarts("mean has 3 values but the images have 1 channel",
        () -> CIFAR.toFloat(new byte[4], 1, new float[4], 0));
    assertThrows(IllegalArgumentException.class,
        () -> FASHION.toFloat(new byte[4], 1, new float[3], 0));
    assertThrows(IllegalArgumentException.class,
        () -> FASHION.toFloat(new byte[5], 2, new float[5], 0));
  }

  @Test
  void valueSemantics() {
    Normalization same = new Normalization(new double[] {0.2860}, new double[] {0.3530});

    assertEquals(FASHION, same);
    assertEquals(FASHION.hashCode(), same.hashCode());
    assertNotEquals(FASHION, CIFAR);
    assertEquals("Normalization[mean=[0.286], std=[0.353]]", FASHION.toString());
    double[] mean = CIFAR.mean();
    mean[0] = 99;
    assertEquals(0.4914, CIFAR.mean()[0], "mean() returns a copy");
    assertArrayEquals(new double[] {0.2470, 0.2435, 0.2616}, CIFAR.std());
  }

  private static void assertMessageStarts(String prefix, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
  }
}
