package io.deepsnn.network.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.GraphException;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.protocol.onnx.Onnx.GraphProto;
import io.deepsnn.protocol.onnx.Onnx.ModelProto;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import io.deepsnn.protocol.onnx.Onnx.OperatorSetIdProto;
import io.deepsnn.protocol.onnx.Onnx.StringStringEntryProto;
import io.deepsnn.protocol.onnx.Onnx.TensorProto;
import io.deepsnn.protocol.onnx.Onnx.TensorShapeProto;
import io.deepsnn.protocol.onnx.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model (as written by {@code torch.onnx.export}, opsets 11–22, including the opset-18 forms with axes as inputs) into a typed
 * {@link Graph}, checking it against the method's constraints on the way (SEMANTICS §1): no bias,
 * no BatchNorm, no max pooling, finite weights, a fixed C×H×W input. Every refusal is one
 * {@link OnnxImportException} whose message names the file, and the node and op type at fault.
 */
public final class OnnxImporter {
  /** Lowest default-domain opset accepted. */
  public static final int MIN_OPSET = 11;
  /** Highest default-domain opset accepted. */
  public static final int MAX_OPSET = 22;

  private final ImportOptions options;

  /** An importer with the given options. */
  public OnnxImporter(ImportOptions options) {
    this.options = options;
  }

  /** Imports with default options. */
  public static OnnxModel read(Path file) {
    return new OnnxImporter(ImportOptions.defaults()).importFile(file);
  }

  /** Reads and imports a model file. */
  public OnnxModel importFile(Path file) {
    String label = file.toString();
    ModelProto model;
    try (InputStream in = Files.newInputStream(file)) {
      CodedInputStream cis = CodedInputStream.newInstance(in);
      cis.setSizeLimit(Integer.MAX_VALUE);
      cis.setRecursionLimit(64);
      model = ModelProto.parseFrom(cis);
    } catch (NoSuchFileException e) {
      throw new OnnxImportException(label + ": no such file");
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxImportException(label + ": not an ONNX model, or a truncated one (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new OnnxImportException(label + ": cannot read (" + e.getMessage() + ")", e);
    }
    return importModel(model, label);
  }

  /**
   * Imports a parsed model; {@code source} names it in messages.
   */
  public OnnxModel importModel(ModelProto model, String source) {
    if (model.getIrVersion() < 3 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxImportException(source + ": not an ONNX model (no IR version or no graph; "
          + "truncated file?)");
    }
    long opset = defaultOpset(model, source);
    GraphProto g = model.getGraph();
    TensorDecoder decoder = new TensorDecoder(options.maxTensorBytes());
    Set<String> initializerNames = new HashSet<>();
    for (TensorProto t : g.getInitializerList()) {
      initializerNames.add(t.getName());
    }
    ValueInfoProto input = imageInput(g, initializerNames, source);
    int inputRank = input.getType().getTensorType().getShape().getDimCount();
    Shape inputShape = inputShape(input, source);
    GraphBuilder builder = new GraphBuilder(input.getName(), inputShape);
    // How often each value is read: a bias Add or a BatchNorm folds into the layer before it only
    // when nothing else reads that layer's output.
    Map<String, Integer> readers = new java.util.HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      n.getInputList().forEach(name -> readers.merge(name, 1, Integer::sum));
    }
    g.getOutputList().forEach(o -> readers.merge(o.getName(), 1, Integer::sum));
    GraphTranslator translator = new GraphTranslator(source, decoder, builder, input.getName(), inputRank,
        options.biases(), options.maxPools(), readers);
    for (TensorProto t : g.getInitializerList()) {
      translator.defineConstant(t.getName(), decoder.decode(t, source + ": initializer '" + t.getName() + "'"));
    }
    for (int i = 0; i < g.getNodeCount(); i++) {
      translator.translate(g.getNode(i), i);
    }
    if (g.getOutputCount() != 1) {
      throw new OnnxImportException(source + ": the graph has " + g.getOutputCount()
          + " outputs; exactly one (the class scores) is supported");
    }
    int outputId = translator.output(g.getOutput(0).getName()).id();
    Graph graph;
    try {
      graph = builder.build(outputId);
    } catch (GraphException e) {
      throw new OnnxImportException(source + ": " + e.getMessage(), e);
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      meta.put(e.getKey(), e.getValue());
    }
    String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
    return new OnnxModel(graph, opset, producer, meta);
  }

  private static long defaultOpset(ModelProto model, String source) {
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        if (o.getVersion() < MIN_OPSET || o.getVersion() > MAX_OPSET) {
          throw new OnnxImportException(source + ": opset " + o.getVersion() + " is not supported; export with "
              + "opset_version between " + MIN_OPSET + " and " + MAX_OPSET);
        }
        return o.getVersion();
      }
    }
    throw new OnnxImportException(source + ": not an ONNX model (no default-domain opset import; truncated file?)");
  }

  private static ValueInfoProto imageInput(GraphProto g, Set<String> initializerNames, String source) {
    List<ValueInfoProto> real = g.getInputList().stream()
        .filter(v -> !initializerNames.contains(v.getName())).toList();
    if (real.size() != 1) {
      throw new OnnxImportException(source + ": the graph has " + real.size()
          + " non-constant inputs; exactly one image input is supported");
    }
    ValueInfoProto in = real.get(0);
    if (!in.getType().hasTensorType()) {
      throw new OnnxImportException(source + ": input '" + in.getName() + "' is not a tensor");
    }
    int elem = in.getType().getTensorType().getElemType();
    if (elem != TensorProto.DataType.FLOAT_VALUE) {
      throw new OnnxImportException(source + ": input '" + in.getName() + "' has element type "
          + TensorProto.DataType.forNumber(elem) + "; float32 is supported");
    }
    return in;
  }

  /** C×H×W from the declared input shape, the override filling (and checking) what is declared. */
  private Shape inputShape(ValueInfoProto input, String source) {
    TensorShapeProto shape = input.getType().getTensorType().getShape();
    int rank = shape.getDimCount();
    String name = "input '" + input.getName() + "'";
    if (rank != 4 && rank != 2) {
      throw new OnnxImportException(source + ": " + name + " has rank " + rank
          + "; an image batch [N,C,H,W] (or a feature batch [N,F]) is expected");
    }
    String[] dimNames = rank == 4 ? new String[] {"batch", "channels", "height", "width"}
        : new String[] {"batch", "features"};
    int[] dims = new int[rank];
    Shape override = options.inputShape();
    int[] want = override == null ? null : rank == 4
        ? new int[] {-1, override.channels(), override.height(), override.width()}
        : new int[] {-1, override.size()};
    for (int i = 1; i < rank; i++) {
      TensorShapeProto.Dimension d = shape.getDim(i);
      boolean known = d.hasDimValue() && d.getDimValue() > 0;
      if (known) {
        dims[i] = (int) d.getDimValue();
        if (want != null && want[i] != dims[i]) {
          throw new OnnxImportException(source + ": --input-shape gives " + dimNames[i] + " " + want[i]
              + " but " + name + " declares " + dims[i]);
        }
      } else if (want != null) {
        dims[i] = want[i];
      } else {
        String how = d.hasDimParam() ? "dynamic (dim_param '" + d.getDimParam() + "')" : "missing";
        throw new OnnxImportException(source + ": " + name + " has a " + how + " " + dimNames[i]
            + "; give it with --input-shape C,H,W");
      }
    }
    return rank == 4 ? Shape.of(dims[1], dims[2], dims[3]) : Shape.flat(dims[1]);
  }
}
