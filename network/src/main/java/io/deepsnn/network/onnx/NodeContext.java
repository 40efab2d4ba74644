package io.deepsnn.network.onnx;

import io.deepsnn.protocol.onnx.Onnx.NodeProto;

/** Names an ONNX node in error messages: {@code file: node 'name' (OpType): reason}. */
final class NodeContext {
  private final String source;
  private final String name;
  private final String opType;

  NodeContext(String source, NodeProto node, int index) {
    this.source = source;
    this.name = node.getName().isEmpty() ? node.getOpType() + "_" + index : node.getName();
    this.opType = node.getOpType();
  }

  String name() {
    return name;
  }

  String opType() {
    return opType;
  }

  /** Fails unless {@code node} has {@code min} to {@code max} inputs and an output. */
  void requireInputs(NodeProto node, int min, int max) {
    int n = node.getInputCount();
    if (n < min || n > max) {
      throw error("takes " + min + (max > min ? " to " + max : "") + " inputs, got " + n);
    }
    if (node.getOutputCount() < 1) {
      throw error("has no output");
    }
  }

  OnnxImportException error(String reason) {
    return new OnnxImportException(source + ": node '" + name + "' (" + opType + "): " + reason);
  }
}
