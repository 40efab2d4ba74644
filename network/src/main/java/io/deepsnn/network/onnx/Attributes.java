package io.deepsnn.network.onnx;

import io.deepsnn.protocol.onnx.Onnx.AttributeProto;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Typed access to a node's attributes, with defaults and a check for unexpected attributes. */
final class Attributes {
  private final Map<String, AttributeProto> byName = new HashMap<>();
  private final NodeContext where;

  Attributes(NodeProto node, NodeContext where) {
    this.where = where;
    for (AttributeProto a : node.getAttributeList()) {
      byName.put(a.getName(), a);
    }
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  long getInt(String name, long dflt) {
    AttributeProto a = byName.get(name);
    return a == null ? dflt : a.getI();
  }

  float getFloat(String name, float dflt) {
    AttributeProto a = byName.get(name);
    return a == null ? dflt : a.getF();
  }

  String getString(String name, String dflt) {
    AttributeProto a = byName.get(name);
    return a == null ? dflt : a.getS().toString(StandardCharsets.UTF_8);
  }

  /** Integer list attribute, or {@code dflt} when absent; its length must be {@code length} (if >= 0). */
  long[] getInts(String name, long[] dflt, int length) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return dflt;
    }
    long[] v = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    if (length >= 0 && v.length != length) {
      throw where.error("attribute '" + name + "' has " + v.length + " values, expected " + length);
    }
    return v;
  }

  AttributeProto get(String name) {
    return byName.get(name);
  }

  /** Refuses any attribute outside {@code known}: an attribute we would ignore could change the math. */
  void allowOnly(Set<String> known) {
    for (String name : byName.keySet()) {
      if (!known.contains(name)) {
        throw where.error("attribute '" + name + "' is not supported");
      }
    }
  }
}
