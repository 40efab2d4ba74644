package io.deepsnn.network.onnx;

import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import java.util.HashMap;
import java.util.Map;

/** The ONNX value names seen so far and what each stands for; lookups fail naming the node. */
final class ValueTable {
  private final Map<String, Value> values = new HashMap<>();

  void define(String name, Value v) {
    values.put(name, v);
  }

  /** The value of {@code name}, or null if nothing defined it. */
  Value find(String name) {
    return values.get(name);
  }

  /** The value of an input of the node {@code ctx} names. */
  Value value(String name, NodeContext ctx) {
    Value v = values.get(name);
    if (v == null) {
      throw ctx.error("input '" + name + "' is not produced by any earlier node, initializer or graph input");
    }
    return v;
  }

  /** A constant input. */
  ConstTensor constant(String name, NodeContext ctx) {
    if (!(value(name, ctx) instanceof Value.Constant c)) {
      throw ctx.error("input '" + name + "' must be a constant");
    }
    return c.tensor();
  }

  /** Optional input {@code index} of {@code node} as integers, or null when absent. */
  long[] optionalLongs(NodeProto node, int index, NodeContext ctx) {
    if (node.getInputCount() <= index || node.getInput(index).isEmpty()) {
      return null;
    }
    return constant(node.getInput(index), ctx).toLongs();
  }
}
