package io.deepsnn.network.nir;

import io.deepsnn.network.io.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes NIR graphs as HDF5 files in the layout of NIR's own {@code nir/serialization.py}:
 * a root {@code version} string and a {@code node} group holding the graph ({@code type} =
 * "NIRGraph", {@code nodes/<name>/} with {@code type} and parameter datasets, {@code edges} as an
 * N×2 string array, an optional {@code metadata} group). HDF5 through jhdf (pure Java).
 *
 * <p>Strings are written as fixed-length UTF-8 (what jhdf writes; h5py reads them as numpy bytes,
 * which NIR's reader decodes like the variable-length strings h5py itself writes); datasets are
 * written uncompressed. Files written by h5py — variable-length strings, gzip-compressed datasets,
 * 32-bit integers, booleans — are read too.
 */
public final class NirFiles {
  /** Largest dataset read by default, in bytes: a damaged or hostile file cannot ask for more memory. */
  public static final long MAX_DATASET_BYTES = 1L << 31;

  private NirFiles() {
  }

  /** Writes {@code graph} to {@code file} atomically (a temporary file beside it, then a rename). */
  public static void write(NirGraph graph, Path file) throws IOException {
    AtomicFiles.writeVia(file, tmp -> {
      try (WritableHdfFile f = HdfFile.write(tmp)) {
        f.putDataset("version", graph.version());
        WritableGroup root = f.putGroup("node");
        root.putDataset("type", "NIRGraph");
        String[][] edges = new String[graph.edges().size()][];
        for (int i = 0; i < edges.length; i++) {
          NirGraph.Edge e = graph.edges().get(i);
          edges[i] = new String[] {e.from(), e.to()};
        }
        if (edges.length > 0) {
          root.putDataset("edges", edges);
        }
        WritableGroup nodes = root.putGroup("nodes");
        for (NirNode n : graph.nodes().values()) {
          WritableGroup g = nodes.putGroup(n.name());
          g.putDataset("type", n.type());
          putAll(g, n.params());
          if (!n.metadata().isEmpty()) {
            putAll(g.putGroup("metadata"), n.metadata());
          }
        }
        if (!graph.metadata().isEmpty()) {
          putAll(root.putGroup("metadata"), graph.metadata());
        }
      } catch (HdfException e) {
        throw new IOException(file + ": could not write HDF5: " + e.getMessage(), e);
      }
      // jhdf's writer calls itself alpha: every file is read back and compared before it is renamed.
      if (!read(tmp).equals(withoutEmptyDatasets(graph))) {
        throw new IOException(file + ": the HDF5 file read back differs from the graph written");
      }
    });
  }

  /** {@code g} as its file holds it: empty datasets are not written. */
  private static NirGraph withoutEmptyDatasets(NirGraph g) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    for (NirNode n : g.nodes().values()) {
      nodes.put(n.name(), new NirNode(n.name(), n.type(), nonEmpty(n.params()), nonEmpty(n.metadata())));
    }
    return new NirGraph(g.version(), nodes, g.edges(), nonEmpty(g.metadata()));
  }

  private static Map<String, NirTensor> nonEmpty(Map<String, NirTensor> m) {
    Map<String, NirTensor> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v.size() > 0) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static void putAll(WritableGroup g, Map<String, NirTensor> datasets) {
    for (Map.Entry<String, NirTensor> d : datasets.entrySet()) {
      if (d.getValue().size() == 0) {
        continue; // HDF5 through jhdf has no empty datasets; an empty list is simply absent
      }
      g.putDataset(d.getKey(), toJava(d.getValue()));
    }
  }

  /** The Java value jhdf writes as this dataset: a boxed scalar, or a (nested) primitive array. */
  private static Object toJava(NirTensor t) {
    Object flat = t.data();
    int[] shape = t.shape();
    if (shape.length == 0) {
      return Array.get(flat, 0);
    }
    return nest(flat, shape, 0, 0);
  }

  private static Object nest(Object flat, int[] shape, int dim, int offset) {
    if (dim == shape.length - 1) {
      Object row = Array.newInstance(flat.getClass().getComponentType(), shape[dim]);
      System.arraycopy(flat, offset, row, 0, shape[dim]);
      return row;
    }
    int stride = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    Object first = nest(flat, shape, dim + 1, offset);
    Object out = Array.newInstance(first.getClass(), shape[dim]);
    Array.set(out, 0, first);
    for (int i = 1; i < shape[dim]; i++) {
      Array.set(out, i, nest(flat, shape, dim + 1, offset + i * stride));
    }
    return out;
  }

  /**
   * Reads the NIR graph in {@code file}.
   *
   * @throws NirException naming the file (and the group or dataset) when it is not a NIR file
   */
  public static NirGraph read(Path file) throws IOException {
    return read(file, MAX_DATASET_BYTES);
  }

  /**
   * Reads the NIR graph in {@code file}, refusing before reading it any dataset larger than
   * {@code maxBytes}.
   *
   * @throws NirException naming the file (and the group or dataset) when it is not a NIR file
   */
  public static NirGraph read(Path file, long maxBytes) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NirException(file + ": no such file");
    }
    try (HdfFile f = new HdfFile(file)) {
      String version = stringAt(f, "version", file);
      Node rootNode = f.getChild("node");
      if (!(rootNode instanceof Group root)) {
        throw new NirException(file + ": no 'node' group; not a NIR file");
      }
      String type = stringAt(root, "type", file);
      if (!"NIRGraph".equals(type)) {
        throw new NirException(file + ": the root node is a " + type + ", not a NIRGraph");
      }
      Map<String, NirNode> nodes = new LinkedHashMap<>();
      Node nodesGroup = root.getChild("nodes");
      if (!(nodesGroup instanceof Group ng)) {
        throw new NirException(file + ": the graph has no 'nodes' group");
      }
      for (Node child : ng.getChildren().values()) {
        if (!(child instanceof Group g)) {
          throw new NirException(file + ": 'node/nodes/" + child.getName() + "' is not a group");
        }
        nodes.put(g.getName(), readNode(g, file, maxBytes));
      }
      List<NirGraph.Edge> edges = new ArrayList<>();
      Node edgeNode = root.getChild("edges");
      if (edgeNode != null) {
        NirTensor e = tensor(edgeNode, file, maxBytes);
        if (e.kind() != NirTensor.Kind.STRING || e.shape().length != 2 || e.shape()[1] != 2) {
          throw new NirException(file + ": 'node/edges' must be an N×2 string array, got " + e.describe());
        }
        String[] s = e.strings();
        for (int i = 0; i < s.length; i += 2) {
          edges.add(new NirGraph.Edge(s[i], s[i + 1]));
        }
      }
      return new NirGraph(version, nodes, edges, metadataOf(root, file, maxBytes));
    } catch (HdfException e) {
      throw new NirException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
    }
  }

  private static NirNode readNode(Group g, Path file, long maxBytes) {
    String type = stringAt(g, "type", file);
    Map<String, NirTensor> params = new LinkedHashMap<>();
    for (Node child : g.getChildren().values()) {
      // Nested groups (a sub-graph's nodes, dict-valued fields) are left to the importer to refuse.
      if (child instanceof Dataset && !child.getName().equals("type")) {
        params.put(child.getName(), tensor(child, file, maxBytes));
      }
    }
    return new NirNode(g.getName(), type, params, metadataOf(g, file, maxBytes));
  }

  private static Map<String, NirTensor> metadataOf(Group g, Path file, long maxBytes) {
    Map<String, NirTensor> out = new LinkedHashMap<>();
    if (g.getChild("metadata") instanceof Group m) {
      for (Node child : m.getChildren().values()) {
        if (child instanceof Dataset) {
          out.put(child.getName(), tensor(child, file, maxBytes));
        }
      }
    }
    return out;
  }

  private static String stringAt(Group g, String name, Path file) {
    Node n = g.getChild(name);
    if (n == null) {
      throw new NirException(file + ": no '" + name + "' dataset in '" + g.getPath() + "'; not a NIR file");
    }
    NirTensor t = tensor(n, file, 1 << 20);
    if (t.kind() != NirTensor.Kind.STRING || t.size() != 1) {
      throw new NirException(file + ": '" + n.getPath() + "' must be a string, got " + t.describe());
    }
    return t.string();
  }

  /** A scalar (boxed by jhdf) as a one-element primitive or string array. */
  private static Object scalarArray(Object v, String where) {
    if (v != null && v.getClass().isArray()) {
      return v;
    }
    if (v instanceof Float f) {
      return new float[] {f};
    }
    if (v instanceof Double x) {
      return new double[] {x};
    }
    if (v instanceof Number n) {
      return new long[] {n.longValue()};
    }
    if (v instanceof Boolean b) {
      return new long[] {b ? 1 : 0};
    }
    if (v instanceof String s) {
      return new String[] {s};
    }
    throw new NirException(where + " holds a " + (v == null ? "null" : v.getClass().getSimpleName())
        + " scalar, which NIR files do not use");
  }

  /** One dataset as a tensor: floats, doubles, integers (widened to int64) or strings. */
  static NirTensor tensor(Node node, Path file, long maxBytes) {
    if (!(node instanceof Dataset d)) {
      throw new NirException(file + ": '" + node.getPath() + "' is a group, expected a dataset");
    }
    String where = file + ": '" + d.getPath() + "'";
    if (d.isCompound()) {
      throw new NirException(where + " is a compound dataset; NIR uses plain arrays");
    }
    int[] shape = d.isScalar() ? new int[0] : d.getDimensions();
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    long bytes = n * Math.max(1, d.getDataType().getSize());
    if (bytes > maxBytes || n > Integer.MAX_VALUE - 8) {
      throw new NirException(where + " holds " + bytes + " bytes, more than the " + maxBytes + " read at most");
    }
    Class<?> type = d.getJavaType();
    Object raw = n == 0 ? Array.newInstance(type.isPrimitive() ? type : Object.class, 0)
        : d.isScalar() ? d.getData() : d.getDataFlat();
    if (d.isScalar()) {
      raw = scalarArray(raw, where);
    }
    if (raw instanceof float[] f) {
      return NirTensor.f32(f, shape);
    }
    if (raw instanceof double[] x) {
      return NirTensor.f64(x, shape);
    }
    if (raw instanceof String[] s) {
      return new NirTensor(NirTensor.Kind.STRING, shape, s);
    }
    int len = Array.getLength(raw);
    if (raw instanceof long[] || raw instanceof int[] || raw instanceof short[] || raw instanceof byte[]
        || raw instanceof boolean[]) {
      long[] l = new long[len];
      for (int i = 0; i < len; i++) {
        Object v = Array.get(raw, i);
        l[i] = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
      }
      return NirTensor.i64(l, shape);
    }
    if (raw instanceof Object[] objects && len > 0 && objects[0] instanceof String) {
      String[] s = new String[len];
      for (int i = 0; i < len; i++) {
        s[i] = String.valueOf(objects[i]);
      }
      return new NirTensor(NirTensor.Kind.STRING, shape, s);
    }
    throw new NirException(where + " holds " + (len == 0 ? "no values of type " : "") + type.getSimpleName()
        + (len == 0 ? "" : " values") + ", which NIR files do not use");
  }
}
