package io.deepsnn.network.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BeyondThePaperTest {
  @Test
  void namesBiasesMaxPoolsAndClipLevelsAndNothingForThePapersForm() {
    GraphBuilder b = new GraphBuilder("in", Shape.of(1, 4, 4));
    int x = b.add("conv", new Conv2d(2, 1, 1, 1, 1, 1, Padding.NONE, new float[] {1f, 1f}, new float[] {0.5f, 0f}), 0);
    x = b.add("relu", new Relu(2f), x);
    x = b.add("pool", new MaxPool(2, 2, 2, 2, Padding.NONE), x);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc", new Dense(3, 8, new float[24]), x);
    assertEquals("Beyond the paper (SEMANTICS §7): 1 layer(s) with a bias (BatchNorm folded in) as constant currents; "
        + "1 max pool(s) as gates; 1 ReLU(s) with a trained clip level.", BeyondThePaper.describe(b.build(x)));
    GraphBuilder p = new GraphBuilder("in", Shape.flat(2));
    int y = p.add("fc", new Dense(1, 2, new float[] {1f, 1f}), 0);
    assertEquals("", BeyondThePaper.describe(p.build(y)));
  }
}
